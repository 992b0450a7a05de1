"""A tiny causal transformer language model, and its readout training step on a typed state."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace
from typing import Self

from tiny_ml.attention._linear import add_row, matmul, uniform_matrix
from tiny_ml.attention.blocks import BlockParameters, MaskedMultiHeadBlock
from tiny_ml.attention.positions import LearnedPositions, PositionEncoding, SinusoidalPositions
from tiny_ml.attention.sequences import Hidden
from tiny_ml.attention.shapes import FeedForwardWidth, HeadCount, SequenceLength
from tiny_ml.category import StepCount
from tiny_ml.domain import (
    LearningRate,
    Logits,
    Loss,
    Matrix,
    ModelDimension,
    Product,
    TokenSequence,
    VocabSize,
    check_matrix,
)
from tiny_ml.errors import EmptyInputError, OutOfRangeError, ShapeMismatchError
from tiny_ml.ml import CrossEntropy, Softmax

_SINUSOIDS = SinusoidalPositions()


@dataclass(frozen=True)
class TransformerParameters:
    """Embedding (V x d), positions, one causal block, readout (d x V) and its bias (V).

    Positions are the fixed sinusoids unless a `LearnedPositions` table of width d is given.
    """

    vocab_size: VocabSize
    model_dimension: ModelDimension
    embedding: Matrix
    block: BlockParameters
    readout: Matrix
    readout_bias: tuple[float, ...]
    positions: PositionEncoding = _SINUSOIDS

    def __post_init__(self) -> None:
        v, d = self.vocab_size.value, self.model_dimension.value
        check_matrix("TransformerParameters.embedding", self.embedding, v, d)
        if self.block.model_dimension.value != d:
            raise ShapeMismatchError(
                "TransformerParameters.block model width", d, self.block.model_dimension.value
            )
        check_matrix("TransformerParameters.readout", self.readout, d, v)
        check_matrix("TransformerParameters.readout_bias", (self.readout_bias,), 1, v)
        if isinstance(self.positions, LearnedPositions):
            width = self.positions.model_dimension.value
            if width != d:
                raise ShapeMismatchError("TransformerParameters.positions width", d, width)

    @classmethod
    def initial(
        cls,
        *,
        vocab_size: VocabSize,
        model_dimension: ModelDimension,
        heads: HeadCount,
        feed_forward_width: FeedForwardWidth,
        seed: int = 0,
        learned_positions: SequenceLength | None = None,
    ) -> TransformerParameters:
        """Small deterministic weights and a zero readout bias: one seed, one model.

        With `learned_positions`, a trained table of that many rows replaces the sinusoids;
        the other weights are the same as without it.
        """
        rng = random.Random(seed)
        v, d = vocab_size.value, model_dimension.value
        embedding = uniform_matrix(rng, v, d)
        block = BlockParameters.initial(
            model_dimension=model_dimension,
            heads=heads,
            feed_forward_width=feed_forward_width,
            seed=rng.randrange(2**32),
        )
        readout = uniform_matrix(rng, d, v)
        positions: PositionEncoding = SinusoidalPositions()
        if learned_positions is not None:
            positions = LearnedPositions.initial(
                length=learned_positions, model_dimension=model_dimension, seed=rng.randrange(2**32)
            )
        return cls(vocab_size, model_dimension, embedding, block, readout, (0.0,) * v, positions)


def embed(parameters: TransformerParameters, tokens: TokenSequence) -> Hidden:
    """Token embeddings plus position rows; an id past the vocabulary is an error."""
    v = parameters.vocab_size.value
    for token in tokens:
        if token.index >= v:
            raise OutOfRangeError("token id", token.index, v)
    return parameters.positions.apply(
        Hidden(tuple(parameters.embedding[token.index] for token in tokens))
    )


def final_hidden(parameters: TransformerParameters, tokens: TokenSequence) -> Hidden:
    """The causal block's output: row i has seen tokens 0..i and nothing later."""
    return MaskedMultiHeadBlock(parameters.block, "causal").apply(embed(parameters, tokens))


def readout_logits(parameters: TransformerParameters, hidden: Hidden) -> tuple[Logits, ...]:
    """Hidden (n x d) -> one Logits (V) per position: h W + b."""
    d = parameters.model_dimension.value
    if hidden.width != d:
        raise ShapeMismatchError("readout_logits", (hidden.length.value, d), hidden.shape)
    scores = add_row(matmul(hidden.rows, parameters.readout), parameters.readout_bias)
    return tuple(Logits(row) for row in scores)


def next_token_logits(
    parameters: TransformerParameters, tokens: TokenSequence
) -> tuple[Logits, ...]:
    """Position i's scores for the token that follows it."""
    return readout_logits(parameters, final_hidden(parameters, tokens))


def require_next_tokens(tokens: TokenSequence) -> None:
    """A next-token objective needs at least one (position, next token) pair."""
    if len(tokens) < 2:
        raise EmptyInputError("a next-token objective (it needs at least two tokens)")


def next_token_loss(parameters: TransformerParameters, tokens: TokenSequence) -> Loss:
    """Mean cross-entropy of predicting token i + 1 at position i, over positions 0..n-2."""
    require_next_tokens(tokens)
    logits = next_token_logits(parameters, tokens)
    losses = (
        CrossEntropy().apply(Product(Softmax().apply(scores), target)).value
        for scores, target in zip(logits[:-1], tokens.tokens[1:], strict=True)
    )
    return Loss(math.fsum(losses) / (len(tokens) - 1))


@dataclass(frozen=True)
class ReadoutGradient:
    """d loss / d readout (d x V) and / d readout bias (V): non-empty, finite, one width V."""

    readout: Matrix
    bias: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.readout) == 0 or len(self.bias) == 0:
            raise EmptyInputError("ReadoutGradient")
        width = len(self.bias)
        check_matrix("ReadoutGradient.bias", (self.bias,), 1, width)
        check_matrix("ReadoutGradient.readout", self.readout, len(self.readout), width)


def readout_gradient(parameters: TransformerParameters, tokens: TokenSequence) -> ReadoutGradient:
    """Gradient of next_token_loss in the readout: the mean over positions of h (p - onehot)."""
    require_next_tokens(tokens)
    hidden = final_hidden(parameters, tokens).rows[:-1]  # the positions that have a next token
    targets = tokens.tokens[1:]
    count = len(targets)
    errors = tuple(
        tuple(
            p - (1.0 if j == target.index else 0.0)
            for j, p in enumerate(Softmax().apply(logits).probabilities)
        )
        for logits, target in zip(readout_logits(parameters, Hidden(hidden)), targets, strict=True)
    )
    readout = tuple(
        tuple(
            math.fsum(h[k] * e[j] for h, e in zip(hidden, errors, strict=True)) / count
            for j in range(parameters.vocab_size.value)
        )
        for k in range(parameters.model_dimension.value)
    )
    bias = tuple(math.fsum(column) / count for column in zip(*errors, strict=True))
    return ReadoutGradient(readout, bias)


DEFAULT_LEARNING_RATE = LearningRate(0.1)
"""The step size a training state starts with when none is chosen."""


@dataclass(frozen=True)
class TransformerTrainingState:
    """Parameters, the steps that produced them and the rate of the next step, kept together.

    Steps that read the rate from the state (`BlockTrainingStep`, `FeedForwardTrainingStep`)
    let a schedule change it between steps; `ReadoutTrainingStep` names its own.
    """

    parameters: TransformerParameters
    steps: StepCount = field(default_factory=lambda: StepCount(0))
    learning_rate: LearningRate = DEFAULT_LEARNING_RATE

    def advanced(self, parameters: TransformerParameters) -> Self:
        """The next state: the given parameters and one more step."""
        return replace(self, parameters=parameters, steps=StepCount(self.steps.value + 1))


@dataclass(frozen=True)
class ReadoutTrainingStep:
    """TransformerTrainingState -> itself: one SGD step on the readout, step count + 1."""

    sequence: TokenSequence
    learning_rate: LearningRate
    name: str = "readout_training_step"

    def __post_init__(self) -> None:
        require_next_tokens(self.sequence)

    def apply(self, state: TransformerTrainingState, /) -> TransformerTrainingState:
        """Move readout weights and bias against their gradient; everything else stays as it was."""
        parameters = state.parameters
        gradient = readout_gradient(parameters, self.sequence)
        rate = self.learning_rate.value
        readout = tuple(
            tuple(w - rate * g for w, g in zip(w_row, g_row, strict=True))
            for w_row, g_row in zip(parameters.readout, gradient.readout, strict=True)
        )
        bias = tuple(
            b - rate * g for b, g in zip(parameters.readout_bias, gradient.bias, strict=True)
        )
        return state.advanced(replace(parameters, readout=readout, readout_bias=bias))
