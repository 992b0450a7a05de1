"""Shortcut: keep the union and narrow it with isinstance in the one caller."""

from __future__ import annotations

from tiny_ml.domain import Distribution, Parameters, TokenId, TokenSequence
from tiny_ml.ml import prediction_path


def predict(
    parameters: Parameters, context: TokenId | TokenSequence
) -> Distribution | tuple[Distribution, ...]:
    """The model's next-token distribution after a token, or after each token of a sequence."""
    path = prediction_path(parameters)
    if isinstance(context, TokenId):
        return path.apply(context)
    return tuple(path.apply(token) for token in context)


def next_token_probability(parameters: Parameters, context: TokenId, target: TokenId) -> float:
    """p(target | context) under the model."""
    prediction = predict(parameters, context)
    assert isinstance(prediction, Distribution)
    return prediction.probability_of(target)


# --- checks: do not edit below this line ---

import math  # noqa: E402
from typing import assert_type  # noqa: E402

from tiny_ml.domain import ModelDimension, VocabSize  # noqa: E402

LN2, LN3 = math.log(2.0), math.log(3.0)
HAND_MODEL = Parameters(
    vocab_size=VocabSize(3),
    model_dimension=ModelDimension(2),
    embedding=((1.0, 0.0), (0.0, 1.0), (1.0, 1.0)),
    lm_head=((LN2, 0.0, 0.0), (0.0, LN3, 0.0)),
    bias=(0.0, 0.0, 0.0),
)
# predictions: after 0 -> (1/2, 1/4, 1/4), after 1 -> (1/5, 3/5, 1/5), after 2 -> (1/3, 1/2, 1/6)


def close(got: tuple[float, ...], want: tuple[float, ...]) -> bool:
    return all(math.isclose(g, w) for g, w in zip(got, want, strict=True))


def test_one_token_one_prediction() -> None:
    assert close(predict(HAND_MODEL, TokenId(1)).probabilities, (0.2, 0.6, 0.2))


def test_a_sequence_gives_one_prediction_per_token() -> None:
    first, second = predict(HAND_MODEL, TokenSequence.of([0, 2]))
    assert close(first.probabilities, (0.5, 0.25, 0.25))
    assert close(second.probabilities, (1 / 3, 1 / 2, 1 / 6))


def test_next_token_probability() -> None:
    assert math.isclose(next_token_probability(HAND_MODEL, TokenId(2), TokenId(1)), 0.5)
    assert math.isclose(next_token_probability(HAND_MODEL, TokenId(0), TokenId(2)), 0.25)


def _each_argument_decides_the_result(sequence: TokenSequence) -> None:
    assert_type(predict(HAND_MODEL, TokenId(0)), Distribution)
    assert_type(predict(HAND_MODEL, sequence), tuple[Distribution, ...])


def _must_stay_rejected(sequence: TokenSequence) -> None:  # never called
    predict(HAND_MODEL, 3)  # type: ignore[call-overload]
    _one: Distribution = predict(HAND_MODEL, sequence)  # type: ignore[assignment]
