"""Shortcut: add the floor to every probability instead of clamping, which shifts every loss."""

from __future__ import annotations

import math

from tiny_ml.domain import Distribution, Loss, TokenId
from tiny_ml.ml import PROBABILITY_FLOOR


def cross_entropy(prediction: Distribution, target: TokenId) -> Loss:
    """-log p(target): how surprised the prediction is by the token that came next."""
    p = prediction.probability_of(target)
    return Loss(-math.log(p + PROBABILITY_FLOOR))


# --- checks: do not edit below this line ---

import pytest  # noqa: E402

from tiny_ml.errors import OutOfRangeError  # noqa: E402


def finite_cross_entropy(prediction: Distribution, target: TokenId) -> float:
    try:
        return cross_entropy(prediction, target).value
    except ValueError:
        pytest.fail("p(target) = 0 must cost -log(1e-9), not raise: the loss is finite")


def test_zero_probability_costs_the_floor() -> None:
    loss = finite_cross_entropy(Distribution((1.0, 0.0)), TokenId(1))
    assert math.isclose(loss, 20.72326583694641), "-log(1e-9) = 9 ln 10 = 20.72326583694641"


def test_below_the_floor_costs_the_floor_too() -> None:
    loss = finite_cross_entropy(Distribution((1.0 - 1e-12, 1e-12)), TokenId(1))
    assert math.isclose(loss, 20.72326583694641), "p = 1e-12 is read as 1e-9"


def test_above_the_floor_nothing_moves() -> None:
    prediction = Distribution((0.5, 0.25, 0.25))
    assert finite_cross_entropy(prediction, TokenId(0)) == 0.6931471805599453  # -ln(1/2) = ln 2
    assert finite_cross_entropy(prediction, TokenId(2)) == 1.3862943611198906  # -ln(1/4) = ln 4
    assert finite_cross_entropy(Distribution((0.0, 1.0)), TokenId(1)) == 0.0  # -ln 1


def test_out_of_vocabulary_target_is_still_an_error() -> None:
    with pytest.raises(OutOfRangeError) as raised:
        cross_entropy(Distribution((0.5, 0.5)), TokenId(2))
    assert (raised.value.index, raised.value.limit) == (2, 2)
