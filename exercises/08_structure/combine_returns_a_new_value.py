"""combine_returns_a_new_value: a monoid's combine builds a new value; it never edits either one.

A stage log records which stages a batch went through, and logs of consecutive batches are
combined into the log of a run. For that to be a monoid, combining must give a value (so
combinations can be chained and regrouped) and leave its inputs alone (so the log of one batch
still says what happened to that batch). The log below edits itself and returns nothing, so the
Monoid protocol, and every function bounded by it, refuses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field, dataclass

from tiny_ml.structure import concat_all


@dataclass
class StageLog:
    """The names of the stages a batch went through, in order."""

    stages: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, *stages: str) -> StageLog:
        """A log of the given stages."""
        return cls(list(stages))

    @classmethod
    def empty(cls) -> StageLog:
        """The log of no stages: combining with it changes nothing."""
        return cls()

    def combine(self, other: StageLog, /) -> None:
        """This log, then the other."""
        self.stages.extend(other.stages)


def run_log(batches: Sequence[StageLog]) -> StageLog:
    """The log of a whole run: every batch's log, in order."""
    return concat_all(StageLog, batches)


# --- checks: do not edit below this line ---

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

NAMES = st.lists(st.sampled_from(["tokenize", "embedding", "softmax"]), max_size=3)


def test_a_run_log_joins_the_batches() -> None:
    first, second = StageLog.of("tokenize"), StageLog.of("embedding", "softmax")
    assert tuple(run_log([first, second]).stages) == ("tokenize", "embedding", "softmax")
    assert tuple(first.stages) == ("tokenize",), "each batch's own log stays as it was"
    assert tuple(second.stages) == ("embedding", "softmax")


@settings(derandomize=True, database=None, deadline=None, max_examples=50)
@given(NAMES, NAMES, NAMES)
def test_combine_is_a_monoid(a: list[str], b: list[str], c: list[str]) -> None:
    x, y, z = StageLog.of(*a), StageLog.of(*b), StageLog.of(*c)
    assert x.combine(y).combine(z) == x.combine(y.combine(z)), "associativity"
    assert StageLog.empty().combine(x) == x == x.combine(StageLog.empty()), "empty is the unit"
    assert tuple(x.stages) == tuple(a), "combining leaves its inputs as they were"


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    _nothing: None = StageLog.empty().combine(StageLog.empty())  # type: ignore[assignment]
    StageLog.of("tokenize").stages.append("softmax")  # type: ignore[attr-defined]
