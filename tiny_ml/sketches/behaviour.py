"""The logic of behaviour: local truths on patches of training steps, glued into a global one.

Truth values form the chain FALSE < UNKNOWN < TRUE, a Heyting algebra: `conjunction` is the
meet and `implies` its residual, so (c and a) <= b exactly when c <= (a implies b).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import assert_never

from tiny_ml.domain import Loss
from tiny_ml.errors import EmptyInputError, InvalidIntervalError, TinyMLError
from tiny_ml.sketches._counts import require_count


class TruthValue(Enum):
    """What a local check can say; UNKNOWN means the patch is not fully observed yet."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"


def conjunction(left: TruthValue, right: TruthValue) -> TruthValue:
    """AND over three values: FALSE wins, then UNKNOWN; every case is handled (assert_never)."""
    match left:
        case TruthValue.FALSE:
            return TruthValue.FALSE
        case TruthValue.UNKNOWN:
            return TruthValue.FALSE if right is TruthValue.FALSE else TruthValue.UNKNOWN
        case TruthValue.TRUE:
            return right
        case _:
            assert_never(left)


_RANK = {TruthValue.FALSE: 0, TruthValue.UNKNOWN: 1, TruthValue.TRUE: 2}


def entails(left: TruthValue, right: TruthValue) -> bool:
    """The order of the chain FALSE < UNKNOWN < TRUE: `right` is at least as true as `left`."""
    return _RANK[left] <= _RANK[right]


def implies(premise: TruthValue, conclusion: TruthValue) -> TruthValue:
    """Heyting implication: TRUE when the premise entails the conclusion, else the conclusion.

    On TRUE and FALSE it is classical implication; UNKNOWN implies UNKNOWN, and TRUE implies
    UNKNOWN only UNKNOWN-ly, since the patch may yet turn out false.
    """
    return TruthValue.TRUE if entails(premise, conclusion) else conclusion


@dataclass(frozen=True)
class StepInterval:
    """Training steps first..last, inclusive: 0 <= first <= last."""

    first: int
    last: int

    def __post_init__(self) -> None:
        require_count("StepInterval.first", self.first)
        require_count("StepInterval.last", self.last)
        if self.first > self.last:
            raise InvalidIntervalError(self.first, self.last)

    def steps(self) -> range:
        """Every step of the interval, in order."""
        return range(self.first, self.last + 1)


class NotACoverError(TinyMLError):
    """Raised when patches leave a step of the whole interval uncovered or reach outside it."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"not a cover: {reason}")


LocalCheck = Callable[[StepInterval], TruthValue]
"""A check that can be asked about any patch of steps."""


@dataclass(frozen=True)
class SafetyCover:
    """Patches that lie inside `whole` and together cover every step of it."""

    whole: StepInterval
    patches: tuple[StepInterval, ...]

    def __post_init__(self) -> None:
        if len(self.patches) == 0:
            raise EmptyInputError("SafetyCover.patches")
        for patch in self.patches:
            if patch.first < self.whole.first or patch.last > self.whole.last:
                raise NotACoverError(
                    f"patch [{patch.first}, {patch.last}] reaches outside "
                    f"[{self.whole.first}, {self.whole.last}]"
                )
        covered = {step for patch in self.patches for step in patch.steps()}
        for step in self.whole.steps():
            if step not in covered:
                raise NotACoverError(f"no patch covers step {step}")

    def global_truth(self, check: LocalCheck) -> TruthValue:
        """The AND of the check on every patch: TRUE only when every local check is TRUE."""
        return functools.reduce(conjunction, map(check, self.patches), TruthValue.TRUE)


@dataclass(frozen=True)
class LossCeiling:
    """Local check: each recorded loss in a patch is <= `ceiling`; unrecorded steps are UNKNOWN."""

    losses: tuple[Loss, ...]
    ceiling: Loss

    def __call__(self, patch: StepInterval) -> TruthValue:
        """FALSE if a recorded loss is too high, else UNKNOWN if a step is unrecorded, else TRUE."""
        recorded = self.losses[patch.first : patch.last + 1]
        if any(loss > self.ceiling for loss in recorded):
            return TruthValue.FALSE
        if patch.last >= len(self.losses):
            return TruthValue.UNKNOWN
        return TruthValue.TRUE
