"""Attention and a tiny transformer, one typed stage at a time, in pure Python.

Sizes (`shapes`) -> roles of rows (`sequences`) -> one head's scores, masks, weights and mixing
(`scores`) -> many heads (`heads`) -> residual, norm, feed-forward and positions (`layers`) ->
blocks (`blocks`) -> a language model and its readout training step (`transformer`).
"""

from tiny_ml.attention.blocks import (
    BlockParameters,
    MaskedMultiHeadBlock,
    MultiHeadBlock,
    SingleHeadBlock,
    block_forward,
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
from tiny_ml.attention.transformer import (
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
)

__all__ = [
    "AttentionParameters",
    "AttentionWeights",
    "BlockParameters",
    "FeedForward",
    "FeedForwardWidth",
    "HeadCount",
    "HeadDimension",
    "Hidden",
    "Keys",
    "LayerNorm",
    "LayerNormEpsilon",
    "Mask",
    "MaskKind",
    "MaskedMultiHeadBlock",
    "MixedValues",
    "MultiHeadBlock",
    "Queries",
    "ReadoutGradient",
    "ReadoutTrainingStep",
    "ResidualAdd",
    "RowSequence",
    "Scores",
    "SequenceLength",
    "SingleHeadBlock",
    "TransformerParameters",
    "TransformerTrainingState",
    "Values",
    "add_positions",
    "attend",
    "attention_weights",
    "block_forward",
    "causal_mask",
    "concat_heads",
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
    "scaled_scores",
    "split_heads",
]
