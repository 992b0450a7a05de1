"""distribution_sums_to_one: a Distribution refuses probabilities that do not sum to 1.

Softmax turns a model's scores into a distribution over the vocabulary: non-negative numbers that
sum to 1, so that "the probability of the next word" means something. mypy only sees a tuple of
floats; a sum is a value, so it is checked where the value is built, and then no invalid
Distribution can exist anywhere. Add the check at the TODO: raise
tiny_ml.errors.InvalidProbabilityError when the sum is further than TOLERANCE from 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.errors import InvalidProbabilityError

TOLERANCE = 1e-6
"""How far a sum may drift from 1 through float rounding: 0.1 added ten times is not exactly 1."""


@dataclass(frozen=True)
class Distribution:
    """Probabilities of the next token, one for every vocabulary entry: each >= 0, summing to 1."""

    probabilities: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.probabilities) == 0:
            raise InvalidProbabilityError("it is empty")
        for p in self.probabilities:
            if p < 0.0:
                raise InvalidProbabilityError(f"{p} is negative")
        total = math.fsum(self.probabilities)
        if abs(total - 1.0) > TOLERANCE:
            raise InvalidProbabilityError(f"the probabilities sum to {total}, not 1")

    def probability_of(self, index: int) -> float:
        """How likely the token at this vocabulary position is to come next."""
        return self.probabilities[index]


def uniform(size: int) -> Distribution:
    """Every token equally likely: a model that has learned nothing yet."""
    return Distribution(tuple(1.0 / size for _ in range(size)))


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
    assert Distribution((0.25, 0.75)).probability_of(1) == 0.75
    assert uniform(10).probability_of(3) == 0.1


def test_a_sum_above_one_is_refused() -> None:
    error = _refusal((0.5, 0.6))
    assert isinstance(error, InvalidProbabilityError), (
        f"Distribution((0.5, 0.6)) sums to 1.1 and must raise InvalidProbabilityError, got {error!r}"
    )
    assert "sum" in error.reason, f"the error should name the sum, got {error.reason!r}"


def test_a_sum_below_one_is_refused() -> None:
    error = _refusal((0.2, 0.2, 0.2))
    assert isinstance(error, InvalidProbabilityError), (
        f"Distribution((0.2, 0.2, 0.2)) sums to 0.6 and must raise InvalidProbabilityError, got {error!r}"
    )


def test_rounding_is_tolerated() -> None:
    assert _refusal((0.1,) * 10) is None, "ten times 0.1 is 1 up to rounding: it must be accepted"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0.0, 1e6), min_size=1, max_size=8).filter(lambda w: sum(w) > 1e-3))
def test_normalised_weights_are_accepted_and_doubled_ones_refused(weights: list[float]) -> None:
    total = math.fsum(weights)
    normalised = tuple(w / total for w in weights)
    assert _refusal(normalised) is None, f"{normalised} sums to 1 and must be accepted"
    doubled = tuple(2 * p for p in normalised)
    assert isinstance(_refusal(doubled), InvalidProbabilityError), (
        f"{doubled} sums to 2 and must be refused with InvalidProbabilityError"
    )
