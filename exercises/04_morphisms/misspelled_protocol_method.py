"""misspelled_protocol_method: a class is a Morphism only when its members match the Protocol.

`Morphism[In, Out]` (tiny_ml.category) is a Protocol: any class with the members it lists is an
arrow In -> Out, with no inheritance needed, so tiny_ml's stages and yours compose alike. The flip
side: a class that matches the Protocol almost, but not exactly, is simply something else, and mypy
only notices where the class is used as a Morphism. Temperature must be a Logits -> Logits stage;
the note under mypy's error says which member it lacks. The function that uses it is right as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiny_ml.category import Morphism
from tiny_ml.domain import Logits, Vector


@dataclass(frozen=True)
class Temperature:
    """Logits -> Logits: divides every score by t; t > 1 flattens a prediction, t < 1 sharpens."""

    t: float
    name: str = "temperature"

    def aplly(self, logits: Logits, /) -> Logits:
        return Logits(tuple(v / self.t for v in logits.values))


def run_stage(stage: Morphism[Logits, Logits], logits: Logits) -> Logits:
    """Send scores through one Logits -> Logits stage."""
    return stage.apply(logits)


def sharpened(logits: Logits) -> Logits:
    """Halve the temperature: the largest score pulls further ahead."""
    return run_stage(Temperature(0.5), logits)


# --- checks: do not edit below this line ---


def test_temperature_divides_every_score() -> None:
    assert Temperature(2.0).apply(Logits((4.0, -2.0))) == Logits((2.0, -1.0))


def test_sharpened_doubles_the_scores() -> None:
    assert sharpened(Logits((1.0, 3.0))) == Logits((2.0, 6.0))


def test_temperature_keeps_its_name() -> None:
    assert run_stage(Temperature(1.0), Logits((0.5,))) == Logits((0.5,))
    assert Temperature(1.0).name == "temperature"


def _is_a_logits_stage(stage: Temperature) -> Morphism[Logits, Logits]:
    return stage


def _must_stay_rejected(stage: Temperature) -> Morphism[Vector, Logits]:
    run_stage(stage, Vector((1.0, 2.0)))  # type: ignore[arg-type]
    return stage  # type: ignore[return-value]
