"""The pipeline's stages as morphisms: windowing, embedding, linear readout, softmax, loss."""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.category import Compose, Morphism
from tiny_ml.domain import (
    Distribution,
    Logits,
    Loss,
    Parameters,
    Product,
    TokenId,
    TokenSequence,
    TrainingExample,
    TrainingSet,
    Vector,
)
from tiny_ml.errors import EmptyInputError, ShapeMismatchError

PROBABILITY_FLOOR = 1e-9
"""Cross-entropy reads no probability below this, so a zero never becomes an infinite loss."""

SQUARE_TOLERANCE = 1e-6
"""How closely the composed and the direct prediction paths must agree."""


@dataclass(frozen=True)
class DatasetWindowing:
    """TokenSequence -> TrainingSet: each token predicts the next; needs at least two tokens."""

    name: str = "dataset_windowing"

    def apply(self, sequence: TokenSequence, /) -> TrainingSet:
        """Slide a window of two over the sequence, keeping the order of the text."""
        if len(sequence) < 2:
            raise EmptyInputError("a training set (windowing needs at least two tokens)")
        pairs = zip(sequence.tokens, sequence.tokens[1:], strict=False)
        return TrainingSet(tuple(TrainingExample(context, target) for context, target in pairs))


@dataclass(frozen=True)
class Embedding:
    """TokenId -> Vector: looks a token's row up; an id past the vocabulary is an error."""

    parameters: Parameters
    name: str = "embedding"

    def apply(self, token: TokenId, /) -> Vector:
        """The token's hidden vector."""
        return self.parameters.embedding_row(token)


@dataclass(frozen=True)
class LinearToLogits:
    """Vector -> Logits: hidden (d) times lm head (d x V) plus bias (V); width d is checked."""

    parameters: Parameters
    name: str = "linear_to_logits"

    def apply(self, hidden: Vector, /) -> Logits:
        """Project a hidden vector onto one score per vocabulary entry."""
        d = self.parameters.model_dimension.value
        if len(hidden) != d:
            raise ShapeMismatchError("linear_to_logits", (d,), (len(hidden),))
        head = self.parameters.lm_head
        return Logits(
            tuple(
                math.fsum(hidden.values[k] * head[k][j] for k in range(d)) + bias_j
                for j, bias_j in enumerate(self.parameters.bias)
            )
        )


def softmax_values(scores: tuple[float, ...]) -> tuple[float, ...]:
    """Max-subtracted softmax, so large scores such as (1000, 1001) do not overflow."""
    top = max(scores)
    exps = tuple(math.exp(s - top) for s in scores)
    total = math.fsum(exps)
    return tuple(e / total for e in exps)


@dataclass(frozen=True)
class Softmax:
    """Logits -> Distribution: the only way from scores to probabilities."""

    name: str = "softmax"

    def apply(self, logits: Logits, /) -> Distribution:
        """Normalise scores into probabilities."""
        return Distribution(softmax_values(logits.values))


@dataclass(frozen=True)
class CrossEntropy:
    """Distribution x TokenId -> Loss: -log p(target), with p clamped at 1e-9."""

    name: str = "cross_entropy"

    def apply(self, prediction: Product[Distribution, TokenId], /) -> Loss:
        """How surprised the prediction is by the target token."""
        p = prediction.first.probability_of(prediction.second)
        return Loss(-math.log(max(p, PROBABILITY_FLOOR)))


def prediction_path(parameters: Parameters) -> Morphism[TokenId, Distribution]:
    """TokenId -> Vector -> Logits -> Distribution, composed stage by stage."""
    to_logits = Compose[TokenId, Vector, Logits](Embedding(parameters), LinearToLogits(parameters))
    return Compose[TokenId, Logits, Distribution](to_logits, Softmax())


def direct_prediction(parameters: Parameters, token: TokenId) -> Distribution:
    """The same prediction written as one formula, the other side of the commutative square."""
    row = parameters.embedding_row(token).values
    head = parameters.lm_head
    scores = tuple(
        math.fsum(row[k] * head[k][j] for k in range(len(row))) + parameters.bias[j]
        for j in range(parameters.vocab_size.value)
    )
    return Distribution(softmax_values(scores))


def square_commutes(
    parameters: Parameters, token: TokenId, tolerance: float = SQUARE_TOLERANCE
) -> bool:
    """Composed path and direct path agree on every probability within the tolerance."""
    composed = prediction_path(parameters).apply(token).probabilities
    direct = direct_prediction(parameters, token).probabilities
    return all(abs(a - b) <= tolerance for a, b in zip(composed, direct, strict=True))


def example_loss(parameters: Parameters, example: TrainingExample) -> Loss:
    """Cross-entropy of the model's prediction for one example."""
    prediction = prediction_path(parameters).apply(example.context)
    return CrossEntropy().apply(Product(prediction, example.target))


def average_loss(parameters: Parameters, training_set: TrainingSet) -> Loss:
    """Mean cross-entropy over a training set: still a Loss, never a bare float."""
    total = math.fsum(example_loss(parameters, example).value for example in training_set)
    return Loss(total / len(training_set))
