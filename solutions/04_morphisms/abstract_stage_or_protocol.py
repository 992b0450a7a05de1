"""abstract_stage_or_protocol: an abstract base class is a promise its subclasses must keep.

`LogitsStage` is an abstract base class: only its subclasses count as stages, and a subclass that
leaves an abstract method unwritten cannot be built at all. The `Morphism` Protocol works the other
way round: any class with the right `name` and `apply` fits, inherited or not. `ClipScores`
inherits the promise but spells its method as `__call__`; give it the method the base declares.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from tiny_ml.category import Morphism
from tiny_ml.domain import Logits


class LogitsStage(ABC):
    """Base class for stages that rewrite scores before the softmax."""

    name: str = "logits_stage"

    @abstractmethod
    def apply(self, logits: Logits, /) -> Logits:
        """Rewrite the scores."""


class ClipScores(LogitsStage):
    """Logits -> Logits: no score above the limit reaches the softmax."""

    name = "clip_scores"

    def __init__(self, limit: float) -> None:
        self.limit = limit

    def apply(self, logits: Logits, /) -> Logits:
        return Logits(tuple(min(v, self.limit) for v in logits.values))


def run_stage(stage: Morphism[Logits, Logits], logits: Logits) -> Logits:
    """Any Morphism fits here, whether or not it inherits from LogitsStage."""
    return stage.apply(logits)


def run_subclass(stage: LogitsStage, logits: Logits) -> Logits:
    """Only a LogitsStage subclass fits here."""
    return stage.apply(logits)


CLIP_AT_TEN = ClipScores(10.0)


# --- checks: do not edit below this line ---


class ShiftScores:
    """Fits the Morphism Protocol without inheriting from anything."""

    name = "shift_scores"

    def apply(self, logits: Logits, /) -> Logits:
        return Logits(tuple(v + 1.0 for v in logits.values))


def test_clip_at_ten() -> None:
    assert run_stage(CLIP_AT_TEN, Logits((3.0, 12.0))) == Logits((3.0, 10.0))
    assert run_subclass(CLIP_AT_TEN, Logits((11.0,))) == Logits((10.0,))


def test_a_protocol_needs_no_inheritance() -> None:
    assert run_stage(ShiftScores(), Logits((1.0,))) == Logits((2.0,))


def _still_a_subclass(stage: ClipScores) -> LogitsStage:
    return stage


def _must_stay_rejected() -> None:
    LogitsStage()  # expect-type-error[abstract]
    run_subclass(ShiftScores(), Logits((1.0,)))  # expect-type-error[arg-type]
