"""learning_rate_is_positive: a LearningRate is strictly above 0, so zero is refused too.

Gradient descent moves every weight by rate * gradient. A negative rate climbs the loss instead of
descending it, and a rate of exactly 0 moves nothing: training runs for hours and learns nothing.
A decay schedule that halves the rate often enough even reaches 0.0, because a float underflows.
The check at the TODO lets 0 (and NaN, and inf) through: make it refuse every rate that is not
finite and strictly greater than 0, with tiny_ml.errors.InvalidLearningRateError(self.value).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.errors import InvalidLearningRateError


@dataclass(frozen=True)
class LearningRate:
    """The step size of gradient descent: finite and strictly positive."""

    value: float

    def __post_init__(self) -> None:
        # TODO: 0.0 passes this check, and so do nan and inf.
        if self.value < 0.0:
            raise InvalidLearningRateError(self.value)


def decayed(rate: LearningRate, factor: float) -> LearningRate:
    """The rate for the next epoch of a schedule: the old rate times a factor in (0, 1]."""
    return LearningRate(rate.value * factor)


# --- checks: do not edit below this line ---

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _refusal(value: float) -> Exception | None:
    try:
        LearningRate(value)
    except Exception as error:
        return error
    return None


def test_a_small_positive_rate_is_accepted() -> None:
    assert _refusal(1e-3) is None, "1e-3 is a learning rate"
    assert decayed(LearningRate(0.1), 0.5) == LearningRate(0.05)


def test_zero_is_refused() -> None:
    error = _refusal(0.0)
    assert isinstance(error, InvalidLearningRateError), (
        f"LearningRate(0.0) must raise InvalidLearningRateError: a zero step never learns, got {error!r}"
    )


def test_a_schedule_that_underflows_is_stopped() -> None:
    rate = LearningRate(0.1)
    error: Exception | None = None
    try:
        for _ in range(1100):
            rate = decayed(rate, 0.5)
    except Exception as caught:
        error = caught
    assert isinstance(error, InvalidLearningRateError), (
        f"halving 0.1 1100 times underflows to 0.0: the schedule must stop with "
        f"InvalidLearningRateError instead of going on at {rate.value}"
    )


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_a_rate_exists_exactly_when_finite_and_positive(value: float) -> None:
    error = _refusal(value)
    if math.isfinite(value) and value > 0.0:
        assert error is None, f"LearningRate({value}) is finite and > 0: it must be accepted"
    else:
        assert isinstance(error, InvalidLearningRateError), (
            f"LearningRate({value}) is not finite and > 0: it must raise "
            f"InvalidLearningRateError, got {error!r}"
        )
