"""The pipeline's stages compute what their names promise, including at the numeric edges."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from tiny_ml.domain import (
    Distribution,
    Logits,
    Loss,
    ModelDimension,
    Parameters,
    Product,
    TokenId,
    TokenSequence,
    TrainingExample,
    Vector,
    VocabSize,
)
from tiny_ml.ml import (
    PROBABILITY_FLOOR,
    SQUARE_TOLERANCE,
    CrossEntropy,
    DatasetWindowing,
    LinearToLogits,
    Softmax,
    average_loss,
    direct_prediction,
    example_loss,
    prediction_path,
    square_commutes,
)


def _hand_made() -> Parameters:
    """V = 3, d = 2, with numbers small enough to check by hand."""
    return Parameters(
        VocabSize(3),
        ModelDimension(2),
        embedding=((1.0, 0.0), (0.0, 1.0), (1.0, 1.0)),
        lm_head=((1.0, 2.0, 3.0), (-1.0, 0.0, 1.0)),
        bias=(0.5, 0.0, -0.5),
    )


def test_windowing_pairs_each_token_with_the_next_in_order() -> None:
    training_set = DatasetWindowing().apply(TokenSequence.of([1, 2, 3, 4]))
    pairs = [(e.context.index, e.target.index) for e in training_set]
    assert pairs == [(1, 2), (2, 3), (3, 4)]


def test_windowing_two_tokens_gives_one_example() -> None:
    training_set = DatasetWindowing().apply(TokenSequence.of([5, 0]))
    assert training_set.examples == (TrainingExample(TokenId(5), TokenId(0)),)


def test_softmax_is_stable_at_large_logits() -> None:
    distribution = Softmax().apply(Logits((1000.0, 1001.0)))
    e = math.e
    assert all(math.isfinite(p) for p in distribution.probabilities)
    assert math.isclose(distribution.probabilities[0], 1.0 / (1.0 + e), rel_tol=1e-12)
    assert math.isclose(distribution.probabilities[1], e / (1.0 + e), rel_tol=1e-12)


def test_softmax_ignores_a_shift_of_every_logit() -> None:
    near = Softmax().apply(Logits((0.0, 1.0, -2.0))).probabilities
    far = Softmax().apply(Logits((-5000.0, -4999.0, -5002.0))).probabilities
    assert all(math.isclose(a, b, rel_tol=1e-12) for a, b in zip(near, far, strict=True))


def test_cross_entropy_is_minus_log_probability() -> None:
    prediction = Distribution((0.25, 0.75))
    assert CrossEntropy().apply(Product(prediction, TokenId(1))) == Loss(-math.log(0.75))
    assert CrossEntropy().apply(Product(Distribution((1.0, 0.0)), TokenId(0))) == Loss(0.0)


def test_cross_entropy_clamps_a_zero_probability_at_the_floor() -> None:
    certain_wrong = Product(Distribution((1.0, 0.0)), TokenId(1))
    assert PROBABILITY_FLOOR == 1e-9
    assert CrossEntropy().apply(certain_wrong) == Loss(-math.log(1e-9))


def test_linear_to_logits_is_hidden_times_head_plus_bias() -> None:
    logits = LinearToLogits(_hand_made()).apply(Vector((2.0, 1.0)))
    assert logits == Logits((2.0 - 1.0 + 0.5, 4.0 + 0.0, 6.0 + 1.0 - 0.5))


def test_prediction_path_names_its_stages() -> None:
    assert prediction_path(_hand_made()).name == "embedding >> linear_to_logits >> softmax"


def test_direct_prediction_matches_a_hand_computation() -> None:
    # token 2 has hidden (1, 1): logits (0 + 0.5, 2 + 0, 4 - 0.5)
    expected = Softmax().apply(Logits((0.5, 2.0, 3.5)))
    assert direct_prediction(_hand_made(), TokenId(2)) == expected


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=5))
def test_the_square_commutes(seed: int, token: int) -> None:
    parameters = Parameters.initial(
        vocab_size=VocabSize(6), model_dimension=ModelDimension(3), seed=seed
    )
    composed = prediction_path(parameters).apply(TokenId(token)).probabilities
    direct = direct_prediction(parameters, TokenId(token)).probabilities
    assert all(abs(a - b) <= 1e-6 for a, b in zip(composed, direct, strict=True))
    assert square_commutes(parameters, TokenId(token))
    assert SQUARE_TOLERANCE == 1e-6


def test_average_loss_is_the_mean_of_example_losses() -> None:
    parameters = _hand_made()
    training_set = DatasetWindowing().apply(TokenSequence.of([0, 1, 2, 0]))
    losses = [example_loss(parameters, example).value for example in training_set]
    assert math.isclose(average_loss(parameters, training_set).value, sum(losses) / 3)
