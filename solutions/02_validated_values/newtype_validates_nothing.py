"""newtype_validates_nothing: a NewType checks nothing, so the one function that makes it must.

Dropout zeroes each activation with probability p while training and scales the survivors by
1 / (1 - p). p must lie in [0, 1): at 1 every unit is dropped and the scale divides by zero.
`DropoutRate = NewType(...)` keeps raw floats out of `keep_scale`, but `DropoutRate(1.0)` is just
1.0 at runtime: the type is only as true as the function that builds it. At the TODO, make
`dropout_rate` raise InvalidDropoutRateError for a value outside [0, 1), NaN included.
"""

from __future__ import annotations

from typing import NewType

DropoutRate = NewType("DropoutRate", float)
"""The probability of dropping an activation: in [0, 1), made only by `dropout_rate`."""


class InvalidDropoutRateError(ValueError):
    """Raised for a dropout rate outside [0, 1)."""

    def __init__(self, value: float) -> None:
        self.value = value
        super().__init__(f"a dropout rate must be in [0, 1), got {value}")


def dropout_rate(value: float) -> DropoutRate:
    """The only way to make a DropoutRate: it refuses every value outside [0, 1)."""
    if not 0.0 <= value < 1.0:
        raise InvalidDropoutRateError(value)
    return DropoutRate(value)


def keep_scale(rate: DropoutRate) -> float:
    """How much surviving activations are scaled so their expected sum stays the same."""
    return 1.0 / (1.0 - rate)


# --- checks: do not edit below this line ---

import math  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _refusal(value: float) -> Exception | None:
    try:
        dropout_rate(value)
    except Exception as error:
        return error
    return None


def test_valid_rates_scale_the_survivors() -> None:
    assert keep_scale(dropout_rate(0.0)) == 1.0, "no dropout, no scaling"
    assert keep_scale(dropout_rate(0.5)) == 2.0, "half the units dropped: the rest count double"


def test_a_rate_of_one_is_refused() -> None:
    error = _refusal(1.0)
    assert isinstance(error, InvalidDropoutRateError), (
        f"dropout_rate(1.0) must raise InvalidDropoutRateError: nothing would survive, got {error!r}"
    )
    assert isinstance(error, ValueError), "InvalidDropoutRateError is still a ValueError"


def test_negative_and_nan_rates_are_refused() -> None:
    for value in (-0.1, math.nan, math.inf):
        error = _refusal(value)
        assert isinstance(error, InvalidDropoutRateError), (
            f"dropout_rate({value}) must raise InvalidDropoutRateError, got {error!r}"
        )


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_a_rate_exists_exactly_in_the_unit_interval(value: float) -> None:
    error = _refusal(value)
    if 0.0 <= value < 1.0:
        assert error is None, f"dropout_rate({value}) is in [0, 1): it must be accepted"
        scale = keep_scale(dropout_rate(value))
        assert math.isfinite(scale) and scale >= 1.0, f"keep_scale gave {scale}: not >= 1"
    else:
        assert isinstance(error, InvalidDropoutRateError), (
            f"dropout_rate({value}) is outside [0, 1): it must raise InvalidDropoutRateError"
        )


def _must_stay_rejected() -> None:
    keep_scale(0.5)  # expect-type-error[arg-type]
