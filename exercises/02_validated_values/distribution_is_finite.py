"""distribution_is_finite: NaN fails every comparison, so a Distribution tests finiteness first.

One overflow in training turns a probability into NaN (not a number) or inf, and a NaN compares
False with everything: `nan < 0.0` is False and `abs(nan - 1.0) > TOLERANCE` is False too, so the
checks below wave it through and the model goes on with a distribution that is not one. Add, at
the TODO, a test with math.isfinite for every probability before the other checks, raising
tiny_ml.errors.InvalidProbabilityError(f"{p} is not finite").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.errors import InvalidProbabilityError

TOLERANCE = 1e-6
"""How far a sum may drift from 1 through float rounding."""


@dataclass(frozen=True)
class Distribution:
    """Probabilities of the next token: finite, each >= 0, summing to 1 (within TOLERANCE)."""

    probabilities: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.probabilities) == 0:
            raise InvalidProbabilityError("it is empty")
        for p in self.probabilities:
            # TODO: a NaN or an infinity passes both checks below. Refuse it here first.
            if p < 0.0:
                raise InvalidProbabilityError(f"{p} is negative")
        total = math.fsum(self.probabilities)
        if abs(total - 1.0) > TOLERANCE:
            raise InvalidProbabilityError(f"the probabilities sum to {total}, not 1")


# --- checks: do not edit below this line ---

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _refusal(probabilities: tuple[float, ...]) -> Exception | None:
    try:
        Distribution(probabilities)
    except Exception as error:
        return error
    return None


def test_a_distribution_is_accepted() -> None:
    assert _refusal((0.5, 0.25, 0.25)) is None, "(0.5, 0.25, 0.25) is a distribution"


def test_nan_is_refused() -> None:
    error = _refusal((math.nan, 1.0))
    assert isinstance(error, InvalidProbabilityError), (
        f"Distribution((nan, 1.0)) must raise InvalidProbabilityError: nan is not finite, got {error!r}"
    )
    assert "finite" in error.reason, f"the error should say what is wrong, got {error.reason!r}"


def test_infinity_is_refused_as_not_finite() -> None:
    error = _refusal((0.5, math.inf))
    assert isinstance(error, InvalidProbabilityError), (
        f"Distribution((0.5, inf)) must raise InvalidProbabilityError, got {error!r}"
    )
    assert "finite" in error.reason, (
        f"inf is refused, but for the wrong reason: it is not finite, whatever the sum; got {error.reason!r}"
    )


def test_negative_and_wrong_sums_are_still_refused() -> None:
    for probabilities in ((1.5, -0.5), (0.5, 0.6)):
        assert isinstance(_refusal(probabilities), InvalidProbabilityError), (
            f"{probabilities} must still be refused"
        )


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(0.0, 1.0), min_size=0, max_size=6),
    st.sampled_from([math.nan, math.inf, -math.inf]),
    st.integers(0, 6),
)
def test_any_non_finite_entry_is_refused(values: list[float], bad: float, at: int) -> None:
    probabilities = (*values[:at], bad, *values[at:])
    error = _refusal(probabilities)
    assert isinstance(error, InvalidProbabilityError) and "finite" in error.reason, (
        f"{probabilities} holds {bad}: it must be refused as not finite, got {error!r}"
    )
