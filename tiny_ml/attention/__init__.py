"""Attention and a tiny transformer, one typed stage at a time, in pure Python.

Sizes (`shapes`) -> roles of rows (`sequences`) -> one head's scores, masks, weights and mixing
(`scores`) -> many heads (`heads`) -> residual, norm, feed-forward and positions (`layers`) ->
norms with gain and bias (`norms`) -> sinusoidal or learned positions (`positions`) -> blocks
(`blocks`) -> a language model and its readout training step (`transformer`) -> its gradient
by backpropagation (`gradients`) -> training steps for the feed-forward layer, the block and
the whole model (`training`).
"""

from tiny_ml.attention.blocks import (
    BlockParameters,
    MaskedMultiHeadBlock,
    MultiHeadBlock,
    SingleHeadBlock,
    block_forward,
)
from tiny_ml.attention.gradients import (
    AttentionGradient,
    BlockGradient,
    FeedForwardGradient,
    LayerNormGradient,
    TransformerGradient,
    transformer_gradient,
)
from tiny_ml.attention.heads import (
    AttentionParameters,
    concat_heads,
    multi_head_attention,
    project_keys,
    project_output,
    project_queries,
    project_values,
    split_heads,
)
from tiny_ml.attention.layers import (
    FeedForward,
    LayerNorm,
    LayerNormEpsilon,
    ResidualAdd,
    add_positions,
    positional_encoding,
)
from tiny_ml.attention.norms import LayerNormParameters
from tiny_ml.attention.positions import LearnedPositions, PositionEncoding, SinusoidalPositions
from tiny_ml.attention.scores import (
    AttentionWeights,
    Mask,
    MaskKind,
    Scores,
    attend,
    attention_weights,
    causal_mask,
    full_mask,
    mask_of,
    mix_values,
    scaled_scores,
)
from tiny_ml.attention.sequences import Hidden, Keys, MixedValues, Queries, RowSequence, Values
from tiny_ml.attention.shapes import FeedForwardWidth, HeadCount, HeadDimension, SequenceLength
from tiny_ml.attention.training import (
    BlockTrainingStep,
    FeedForwardTrainingStep,
    TransformerTrainingStep,
    descend_attention,
    descend_block,
    descend_feed_forward,
    descend_norm,
    transformer_loss_history,
)
from tiny_ml.attention.transformer import (
    DEFAULT_LEARNING_RATE,
    ReadoutGradient,
    ReadoutTrainingStep,
    TransformerParameters,
    TransformerTrainingState,
    embed,
    final_hidden,
    next_token_logits,
    next_token_loss,
    readout_gradient,
    readout_logits,
    require_next_tokens,
)

__all__ = [
    "DEFAULT_LEARNING_RATE",
    "AttentionGradient",
    "AttentionParameters",
    "AttentionWeights",
    "BlockGradient",
    "BlockParameters",
    "BlockTrainingStep",
    "FeedForward",
    "FeedForwardGradient",
    "FeedForwardTrainingStep",
    "FeedForwardWidth",
    "HeadCount",
    "HeadDimension",
    "Hidden",
    "Keys",
    "LayerNorm",
    "LayerNormEpsilon",
    "LayerNormGradient",
    "LayerNormParameters",
    "LearnedPositions",
    "Mask",
    "MaskKind",
    "MaskedMultiHeadBlock",
    "MixedValues",
    "MultiHeadBlock",
    "PositionEncoding",
    "Queries",
    "ReadoutGradient",
    "ReadoutTrainingStep",
    "ResidualAdd",
    "RowSequence",
    "Scores",
    "SequenceLength",
    "SingleHeadBlock",
    "SinusoidalPositions",
    "TransformerGradient",
    "TransformerParameters",
    "TransformerTrainingState",
    "TransformerTrainingStep",
    "Values",
    "add_positions",
    "attend",
    "attention_weights",
    "block_forward",
    "causal_mask",
    "concat_heads",
    "descend_attention",
    "descend_block",
    "descend_feed_forward",
    "descend_norm",
    "embed",
    "final_hidden",
    "full_mask",
    "mask_of",
    "mix_values",
    "multi_head_attention",
    "next_token_logits",
    "next_token_loss",
    "positional_encoding",
    "project_keys",
    "project_output",
    "project_queries",
    "project_values",
    "readout_gradient",
    "readout_logits",
    "require_next_tokens",
    "scaled_scores",
    "split_heads",
    "transformer_gradient",
    "transformer_loss_history",
]
