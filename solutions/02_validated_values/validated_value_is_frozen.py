"""validated_value_is_frozen: a value checked when it is built must never change afterwards.

Dividing a model's scores by a temperature before softmax makes its choices sharper (below 1) or
flatter (above 1); a temperature of 0 divides by zero and a negative one turns the ranking upside
down. `Temperature` checks its value in `__post_init__`, once, when it is built. That check only
means something if nobody can change the value later: as the class stands, any code holding a
Temperature can set it to 0 and every later division trusts a check that no longer holds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.domain import Logits
from tiny_ml.errors import InvalidScalarError


@dataclass(frozen=True)
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
