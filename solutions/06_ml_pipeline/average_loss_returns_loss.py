"""average_loss_returns_loss: the mean of losses is a Loss too, not a bare float.

A `Loss` is finite and never negative, and training code reads it as such: it compares losses,
logs them, stops when one is small enough. The mean of several losses keeps both properties, so
it should stay a Loss; dividing the floats inside gives a float, which could be anything. Wrap
the mean back into the type it came from.
"""

from __future__ import annotations

import math

from tiny_ml.domain import Loss, Parameters, TrainingSet
from tiny_ml.ml import example_loss


def mean_loss(parameters: Parameters, training_set: TrainingSet) -> Loss:
    """Mean cross-entropy over every example of the training set."""
    total = math.fsum(example_loss(parameters, example).value for example in training_set)
    return Loss(total / len(training_set))


# --- checks: do not edit below this line ---

from tiny_ml.domain import ModelDimension, TokenSequence, VocabSize  # noqa: E402
from tiny_ml.ml import DatasetWindowing, average_loss  # noqa: E402

PARAMETERS = Parameters.initial(vocab_size=VocabSize(6), model_dimension=ModelDimension(4), seed=9)
TRAINING_SET = DatasetWindowing().apply(TokenSequence.of([0, 1, 2, 3, 4, 5, 0, 2, 4]))


def test_mean_loss_agrees_with_tiny_ml() -> None:
    assert mean_loss(PARAMETERS, TRAINING_SET) == average_loss(PARAMETERS, TRAINING_SET)


def test_mean_loss_is_a_loss() -> None:
    assert isinstance(mean_loss(PARAMETERS, TRAINING_SET), Loss)


def _must_stay_rejected() -> float:
    return mean_loss(PARAMETERS, TRAINING_SET)  # expect-type-error[return-value]
