"""loss_is_never_negative: a Loss is checked with an if and a domain error, not an assert.

Cross-entropy is -log(p) for a probability p <= 1, so a loss is never below 0 (0 means a perfect
prediction) and never infinite; a negative or infinite loss means a bug upstream, and training on
it would go the wrong way. An `assert` is not a check: `python -O` removes it, it raises a bare
AssertionError, and `inf >= 0.0` passes it. At the TODO, replace the assert with an if that raises
tiny_ml.errors.InvalidLossError(self.value) for a loss that is not finite or is negative.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.errors import InvalidLossError


@dataclass(frozen=True, order=True)
class Loss:
    """How wrong one prediction was: finite and never negative."""

    value: float

    def __post_init__(self) -> None:
        # TODO: an assert is not validation. Raise InvalidLossError instead, for inf and nan too.
        assert self.value >= 0.0


def cross_entropy(probability_of_target: float) -> Loss:
    """-log of the probability the model gave to the token that really came next."""
    return Loss(-math.log(probability_of_target))


# --- checks: do not edit below this line ---

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _refusal(value: float) -> Exception | None:
    try:
        Loss(value)
    except Exception as error:
        return error
    return None


def test_a_perfect_prediction_costs_zero() -> None:
    assert cross_entropy(1.0) == Loss(0.0), "probability 1 for the right token is a loss of 0"
    assert cross_entropy(0.5) > cross_entropy(0.9), "a less confident prediction costs more"


def test_negative_loss_is_refused_with_a_domain_error() -> None:
    error = _refusal(-0.5)
    assert isinstance(error, InvalidLossError), (
        f"Loss(-0.5) must raise InvalidLossError (a loss is never negative), got {error!r}"
    )


def test_infinite_loss_is_refused() -> None:
    error = _refusal(math.inf)
    assert isinstance(error, InvalidLossError), (
        f"Loss(inf) must raise InvalidLossError (a loss is finite), got {error!r}"
    )


def test_probability_above_one_is_caught_by_the_loss() -> None:
    error: Exception | None = None
    try:
        cross_entropy(1.25)
    except Exception as caught:
        error = caught
    assert isinstance(error, InvalidLossError), (
        f"-log(1.25) is negative: the Loss it builds must raise InvalidLossError, got {error!r}"
    )


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_a_loss_exists_exactly_when_finite_and_not_negative(value: float) -> None:
    valid = math.isfinite(value) and value >= 0.0
    error = _refusal(value)
    if valid:
        assert error is None, (
            f"Loss({value}) is finite and >= 0: it must be accepted, got {error!r}"
        )
    else:
        assert isinstance(error, InvalidLossError), (
            f"Loss({value}) is not finite and >= 0: it must raise InvalidLossError, got {error!r}"
        )
