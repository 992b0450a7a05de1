"""cross_entropy_clamp: read no probability below 1e-9, so a zero cannot make the loss infinite.

Cross-entropy is -log p(target). A model can assign the target a probability of exactly 0 (the
softmax underflows), and log 0 is minus infinity: math.log raises instead. A Loss must be finite,
so the loss reads p as at least PROBABILITY_FLOOR = 1e-9, capping one example's loss near 20.7.
Clamp p before the log; everywhere else the result must not change.
"""

from __future__ import annotations

import math

from tiny_ml.domain import Distribution, Loss, TokenId
from tiny_ml.ml import PROBABILITY_FLOOR


def cross_entropy(prediction: Distribution, target: TokenId) -> Loss:
    """-log p(target): how surprised the prediction is by the token that came next."""
    p = prediction.probability_of(target)
    # TODO: p may be 0; never read it below PROBABILITY_FLOOR.
    return Loss(-math.log(p))


# --- checks: do not edit below this line ---

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tiny_ml.domain import Product  # noqa: E402
from tiny_ml.errors import OutOfRangeError  # noqa: E402
from tiny_ml.ml import CrossEntropy  # noqa: E402


def finite_cross_entropy(prediction: Distribution, target: TokenId) -> Loss:
    try:
        return cross_entropy(prediction, target)
    except ValueError as error:
        problem = str(error)
    pytest.fail(f"p(target) = 0 must cost -log(1e-9), not raise ({problem}): clamp p at 1e-9")


def test_zero_probability_costs_the_floor() -> None:
    loss = finite_cross_entropy(Distribution((1.0, 0.0)), TokenId(1))
    assert math.isclose(loss.value, -math.log(1e-9)), "a zero probability is read as 1e-9"


def test_certain_prediction_costs_nothing() -> None:
    assert finite_cross_entropy(Distribution((0.0, 1.0)), TokenId(1)) == Loss(0.0)


def test_out_of_vocabulary_target_is_still_an_error() -> None:
    with pytest.raises(OutOfRangeError):
        cross_entropy(Distribution((0.5, 0.5)), TokenId(2))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=6).filter(lambda w: sum(w) > 0))
def test_agrees_with_tiny_ml(weights: list[float]) -> None:
    total = math.fsum(weights)
    prediction = Distribution(tuple(w / total for w in weights))
    for index in range(len(weights)):
        target = TokenId(index)
        expected = CrossEntropy().apply(Product(prediction, target))
        assert finite_cross_entropy(prediction, target) == expected
