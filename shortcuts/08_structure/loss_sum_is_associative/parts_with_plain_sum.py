"""Shortcut: keep the parts but add them with a plain sum, sorted so every grouping adds in the same order."""

from __future__ import annotations

from dataclasses import dataclass

from tiny_ml.domain import Loss


@dataclass(frozen=True)
class RunningLoss:
    """Losses to be added up; combining two sums gives the sum of all their losses."""

    parts: tuple[Loss, ...] = ()

    @classmethod
    def of(cls, *losses: Loss) -> RunningLoss:
        """The sum of the given losses."""
        return cls(losses)

    @classmethod
    def empty(cls) -> RunningLoss:
        """The sum of no losses."""
        return cls()

    def combine(self, other: RunningLoss, /) -> RunningLoss:
        """Both sums together."""
        return RunningLoss(self.parts + other.parts)

    @property
    def total(self) -> Loss:
        """The total of every loss in the sum."""
        return Loss(sum(sorted(part.value for part in self.parts)))


# --- checks: do not edit below this line ---

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tiny_ml.structure import concat_all  # noqa: E402

LOSSES = st.lists(st.floats(min_value=0.0, max_value=10.0).map(Loss), max_size=4)


def test_the_grouping_does_not_change_the_total() -> None:
    a, b, c = RunningLoss.of(Loss(0.1)), RunningLoss.of(Loss(0.2)), RunningLoss.of(Loss(0.3))
    left, right = a.combine(b).combine(c).total, a.combine(b.combine(c)).total
    # float +: (0.1 + 0.2) + 0.3 = 0.6000000000000001 but 0.1 + (0.2 + 0.3) = 0.6
    assert left == right == Loss(0.6), f"(a+b)+c = {left.value!r}, a+(b+c) = {right.value!r}"


def test_the_total_is_rounded_once() -> None:
    big, one = RunningLoss.of(Loss(1e16)), RunningLoss.of(Loss(1.0))
    # 1e16 + 1 + 1 = 10000000000000002 exactly, a float; but 1e16 + 1 rounds back to 1e16,
    # so adding the ones one at a time to 1e16 loses both of them
    assert big.combine(one).combine(one).total == Loss(1.0000000000000002e16)
    assert RunningLoss.of(Loss(1e16), Loss(1.0), Loss(1.0)).total == Loss(1.0000000000000002e16)


def test_the_empty_sum_is_zero() -> None:
    assert RunningLoss.empty().total == Loss(0.0)
    assert concat_all(RunningLoss, []).total == Loss(0.0), "no losses at all total 0"


@settings(derandomize=True, database=None, deadline=None, max_examples=100)
@given(LOSSES, LOSSES, LOSSES)
@example([Loss(0.1)], [Loss(0.2)], [Loss(0.3)])  # fails at once, with nothing to shrink
def test_combine_is_associative(a: list[Loss], b: list[Loss], c: list[Loss]) -> None:
    x, y, z = RunningLoss.of(*a), RunningLoss.of(*b), RunningLoss.of(*c)
    assert x.combine(y).combine(z).total == x.combine(y.combine(z)).total, "associativity"
    assert RunningLoss.empty().combine(x).total == x.total == x.combine(RunningLoss.empty()).total
