"""Training as an endomorphism: Parameters -> Parameters, one exact full-batch gradient step."""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.category import StepCount, apply_n_times
from tiny_ml.domain import (
    LearningRate,
    Loss,
    Matrix,
    ModelDimension,
    Parameters,
    TrainingSet,
    VocabSize,
    check_matrix,
)
from tiny_ml.errors import ShapeMismatchError
from tiny_ml.ml import PROBABILITY_FLOOR, average_loss, prediction_path


@dataclass(frozen=True)
class Gradients:
    """d(average loss)/d(parameters): finite, shaped exactly like the Parameters they belong to."""

    vocab_size: VocabSize
    model_dimension: ModelDimension
    embedding: Matrix
    lm_head: Matrix
    bias: tuple[float, ...]

    def __post_init__(self) -> None:
        v, d = self.vocab_size.value, self.model_dimension.value
        check_matrix("Gradients.embedding", self.embedding, v, d)
        check_matrix("Gradients.lm_head", self.lm_head, d, v)
        check_matrix("Gradients.bias", (self.bias,), 1, v)


def gradients(parameters: Parameters, training_set: TrainingSet) -> Gradients:
    """Exact gradients of the average cross-entropy, by the chain rule through every stage.

    For one example (context c, target t) with hidden row h = E[c] and prediction p:
    dL/dlogit_j = p_j - [j == t], dL/dbias_j = that, dL/dhead[k][j] = h_k times that,
    and dL/dE[c][k] = sum_j head[k][j] times that. Where p_t is below the cross-entropy
    floor the clamped loss is flat, so that example contributes nothing. Sums divide by N.
    """
    v, d = parameters.vocab_size.value, parameters.model_dimension.value
    head = parameters.lm_head
    embedding = [[0.0] * d for _ in range(v)]
    lm_head = [[0.0] * v for _ in range(d)]
    bias = [0.0] * v
    predict = prediction_path(parameters)
    for example in training_set:
        hidden = parameters.embedding_row(example.context).values
        prediction = predict.apply(example.context)
        if prediction.probability_of(example.target) < PROBABILITY_FLOOR:
            continue
        dlogits = [
            p - (1.0 if j == example.target.index else 0.0)
            for j, p in enumerate(prediction.probabilities)
        ]
        row = embedding[example.context.index]
        for k in range(d):
            row[k] += math.fsum(head[k][j] * dlogits[j] for j in range(v))
            for j in range(v):
                lm_head[k][j] += hidden[k] * dlogits[j]
        for j in range(v):
            bias[j] += dlogits[j]
    n = len(training_set)
    return Gradients(
        parameters.vocab_size,
        parameters.model_dimension,
        tuple(tuple(g / n for g in row) for row in embedding),
        tuple(tuple(g / n for g in row) for row in lm_head),
        tuple(g / n for g in bias),
    )


def _step(weights: Matrix, grads: Matrix, rate: float) -> Matrix:
    return tuple(
        tuple(w - rate * g for w, g in zip(w_row, g_row, strict=True))
        for w_row, g_row in zip(weights, grads, strict=True)
    )


def descend(parameters: Parameters, grads: Gradients, rate: LearningRate) -> Parameters:
    """New parameters one step downhill; gradients of another model's shape are refused."""
    expected = (parameters.vocab_size.value, parameters.model_dimension.value)
    got = (grads.vocab_size.value, grads.model_dimension.value)
    if got != expected:
        raise ShapeMismatchError("descend (vocab size, model dimension)", expected, got)
    (bias,) = _step((parameters.bias,), (grads.bias,), rate.value)
    return Parameters(
        parameters.vocab_size,
        parameters.model_dimension,
        _step(parameters.embedding, grads.embedding, rate.value),
        _step(parameters.lm_head, grads.lm_head, rate.value),
        bias,
    )


@dataclass(frozen=True)
class TrainStep:
    """Parameters -> Parameters: one full-batch gradient-descent step; its input stays unchanged."""

    training_set: TrainingSet
    learning_rate: LearningRate
    name: str = "train_step"

    def apply(self, parameters: Parameters, /) -> Parameters:
        """Compute the exact gradients on the whole training set and step against them."""
        return descend(parameters, gradients(parameters, self.training_set), self.learning_rate)


def train(
    parameters: Parameters, training_set: TrainingSet, rate: LearningRate, steps: StepCount
) -> Parameters:
    """Apply TrainStep `steps` times: training is the endomorphism iterated, nothing more."""
    return apply_n_times(TrainStep(training_set, rate), steps, parameters)


def loss_history(
    parameters: Parameters, training_set: TrainingSet, rate: LearningRate, steps: StepCount
) -> tuple[Loss, ...]:
    """The average loss before training and after each of `steps` steps: steps + 1 Losses."""
    step = TrainStep(training_set, rate)
    losses = [average_loss(parameters, training_set)]
    for _ in range(steps.value):
        parameters = step.apply(parameters)
        losses.append(average_loss(parameters, training_set))
    return tuple(losses)
