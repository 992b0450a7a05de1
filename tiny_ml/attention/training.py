"""Training steps for the transformer: endomorphisms on a training state, one SGD step each.

Each step computes the exact gradient of `next_token_loss` and moves one part of the model
against it at the state's learning rate: the feed-forward layer, the whole block, or all of it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tiny_ml.attention._linear import step_matrix, step_row
from tiny_ml.attention.blocks import BlockParameters
from tiny_ml.attention.gradients import (
    AttentionGradient,
    BlockGradient,
    FeedForwardGradient,
    LayerNormGradient,
    transformer_gradient,
)
from tiny_ml.attention.heads import AttentionParameters
from tiny_ml.attention.layers import FeedForward
from tiny_ml.attention.norms import LayerNormParameters
from tiny_ml.attention.positions import LearnedPositions
from tiny_ml.attention.transformer import (
    TransformerTrainingState,
    next_token_loss,
    require_next_tokens,
)
from tiny_ml.category import Endomorphism, StepCount
from tiny_ml.domain import LearningRate, Loss, TokenSequence
from tiny_ml.errors import ShapeMismatchError


def descend_norm(
    norm: LayerNormParameters, gradient: LayerNormGradient, rate: LearningRate
) -> LayerNormParameters:
    """Gain and bias one step downhill."""
    return replace(
        norm,
        gain=step_row(norm.gain, gradient.gain, rate.value),
        bias=step_row(norm.bias, gradient.bias, rate.value),
    )


def descend_feed_forward(
    layer: FeedForward, gradient: FeedForwardGradient, rate: LearningRate
) -> FeedForward:
    """Both weight matrices and both biases one step downhill."""
    r = rate.value
    return replace(
        layer,
        inner=step_matrix(layer.inner, gradient.inner, r),
        inner_bias=step_row(layer.inner_bias, gradient.inner_bias, r),
        outer=step_matrix(layer.outer, gradient.outer, r),
        outer_bias=step_row(layer.outer_bias, gradient.outer_bias, r),
    )


def descend_attention(
    attention: AttentionParameters, gradient: AttentionGradient, rate: LearningRate
) -> AttentionParameters:
    """Every projection and bias one step downhill."""
    r = rate.value
    return replace(
        attention,
        query=step_matrix(attention.query, gradient.query, r),
        key=step_matrix(attention.key, gradient.key, r),
        value=step_matrix(attention.value, gradient.value, r),
        output=step_matrix(attention.output, gradient.output, r),
        query_bias=step_row(attention.query_bias, gradient.query_bias, r),
        key_bias=step_row(attention.key_bias, gradient.key_bias, r),
        value_bias=step_row(attention.value_bias, gradient.value_bias, r),
        output_bias=step_row(attention.output_bias, gradient.output_bias, r),
    )


def descend_block(
    block: BlockParameters, gradient: BlockGradient, rate: LearningRate
) -> BlockParameters:
    """Attention, both norms and the feed-forward layer one step downhill."""
    return replace(
        block,
        attention=descend_attention(block.attention, gradient.attention, rate),
        attention_norm=descend_norm(block.attention_norm, gradient.attention_norm, rate),
        feed_forward=descend_feed_forward(block.feed_forward, gradient.feed_forward, rate),
        feed_forward_norm=descend_norm(block.feed_forward_norm, gradient.feed_forward_norm, rate),
    )


@dataclass(frozen=True)
class FeedForwardTrainingStep:
    """TransformerTrainingState -> itself: one SGD step on the feed-forward layer only."""

    sequence: TokenSequence
    name: str = "feed_forward_training_step"

    def __post_init__(self) -> None:
        require_next_tokens(self.sequence)

    def apply(self, state: TransformerTrainingState, /) -> TransformerTrainingState:
        """Backpropagate through readout and second norm, then move the feed-forward weights."""
        parameters = state.parameters
        gradient = transformer_gradient(parameters, self.sequence).block.feed_forward
        layer = descend_feed_forward(parameters.block.feed_forward, gradient, state.learning_rate)
        return state.advanced(
            replace(parameters, block=replace(parameters.block, feed_forward=layer))
        )


@dataclass(frozen=True)
class BlockTrainingStep:
    """TransformerTrainingState -> itself: one SGD step on every weight of the block.

    Backpropagation runs through the readout, both norms, the feed-forward layer, the output
    projection and, per head, the mixing, softmax and 1/sqrt(dh) scale to queries, keys and
    values. Embedding, positions and readout stay as they were.
    """

    sequence: TokenSequence
    name: str = "block_training_step"

    def __post_init__(self) -> None:
        require_next_tokens(self.sequence)

    def apply(self, state: TransformerTrainingState, /) -> TransformerTrainingState:
        """Move the block's weights against their gradient at the state's learning rate."""
        parameters = state.parameters
        gradient = transformer_gradient(parameters, self.sequence).block
        block = descend_block(parameters.block, gradient, state.learning_rate)
        return state.advanced(replace(parameters, block=block))


@dataclass(frozen=True)
class TransformerTrainingStep:
    """TransformerTrainingState -> itself: one SGD step on every weight of the model."""

    sequence: TokenSequence
    name: str = "transformer_training_step"

    def __post_init__(self) -> None:
        require_next_tokens(self.sequence)

    def apply(self, state: TransformerTrainingState, /) -> TransformerTrainingState:
        """Embedding, learned positions, block and readout, all one step downhill."""
        parameters = state.parameters
        gradient = transformer_gradient(parameters, self.sequence)
        rate = state.learning_rate
        positions = parameters.positions
        if isinstance(positions, LearnedPositions):
            if gradient.positions is None:
                raise ShapeMismatchError("TransformerTrainingStep positions", "a gradient", None)
            positions = LearnedPositions(
                step_matrix(positions.table, gradient.positions, rate.value)
            )
        return state.advanced(
            replace(
                parameters,
                embedding=step_matrix(parameters.embedding, gradient.embedding, rate.value),
                positions=positions,
                block=descend_block(parameters.block, gradient.block, rate),
                readout=step_matrix(parameters.readout, gradient.readout.readout, rate.value),
                readout_bias=step_row(parameters.readout_bias, gradient.readout.bias, rate.value),
            )
        )


def transformer_loss_history(
    state: TransformerTrainingState,
    step: Endomorphism[TransformerTrainingState],
    steps: StepCount,
    sequence: TokenSequence,
) -> tuple[Loss, ...]:
    """`next_token_loss` on the sequence before training and after each step: steps + 1 Losses."""
    losses = [next_token_loss(state.parameters, sequence)]
    for _ in range(steps.value):
        state = step.apply(state)
        losses.append(next_token_loss(state.parameters, sequence))
    return tuple(losses)
