"""Transformer blocks: attention and feed-forward, each followed by a residual add and a norm."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tiny_ml.attention.heads import AttentionParameters, multi_head_attention
from tiny_ml.attention.layers import FeedForward, LayerNorm, ResidualAdd
from tiny_ml.attention.norms import LayerNormParameters
from tiny_ml.attention.scores import Mask, MaskKind, mask_of
from tiny_ml.attention.sequences import Hidden
from tiny_ml.attention.shapes import FeedForwardWidth, HeadCount, HeadDimension
from tiny_ml.domain import ModelDimension, Product
from tiny_ml.errors import InvalidScalarError, ShapeMismatchError

_PLAIN_NORM = LayerNormParameters((1.0,), (0.0,))
"""Stands for a norm left out; replaced on construction by gain 1, bias 0 at the block's width."""


@dataclass(frozen=True)
class BlockParameters:
    """One block's weights: attention, feed-forward, and a norm after each, all of one width.

    `norm` holds the epsilon of a norm left out: a block built without `attention_norm` or
    `feed_forward_norm` gets gain 1 and bias 0 there, which is the plain LayerNorm.
    """

    attention: AttentionParameters
    feed_forward: FeedForward
    norm: LayerNorm = field(default_factory=LayerNorm)
    attention_norm: LayerNormParameters = _PLAIN_NORM
    feed_forward_norm: LayerNormParameters = _PLAIN_NORM

    def __post_init__(self) -> None:
        attention_d = self.attention.model_dimension.value
        feed_forward_d = self.feed_forward.model_dimension.value
        if feed_forward_d != attention_d:
            raise ShapeMismatchError("BlockParameters model width", attention_d, feed_forward_d)
        plain = LayerNormParameters.plain(self.attention.model_dimension, self.norm.epsilon)
        for name, norm in (
            ("attention_norm", self.attention_norm),
            ("feed_forward_norm", self.feed_forward_norm),
        ):
            if norm is _PLAIN_NORM:
                object.__setattr__(self, name, plain)
            elif norm.model_dimension.value != attention_d:
                raise ShapeMismatchError(
                    f"BlockParameters.{name} width", attention_d, norm.model_dimension.value
                )

    @property
    def model_dimension(self) -> ModelDimension:
        """The width of the hidden rows the block reads and writes."""
        return self.attention.model_dimension

    @classmethod
    def initial(
        cls,
        *,
        model_dimension: ModelDimension,
        heads: HeadCount,
        feed_forward_width: FeedForwardWidth,
        seed: int = 0,
    ) -> BlockParameters:
        """Deterministic weights with head dimension d / heads; d must split evenly into heads."""
        if model_dimension.value % heads.value != 0:
            raise ShapeMismatchError(
                "BlockParameters.initial",
                f"a model width divisible by {heads.value} heads",
                model_dimension.value,
            )
        rng = random.Random(seed)
        attention = AttentionParameters.initial(
            model_dimension=model_dimension,
            heads=heads,
            head_dimension=HeadDimension(model_dimension.value // heads.value),
            seed=rng.randrange(2**32),
        )
        feed_forward = FeedForward.initial(
            model_dimension=model_dimension, width=feed_forward_width, seed=rng.randrange(2**32)
        )
        return cls(attention, feed_forward)


def block_forward(parameters: BlockParameters, hidden: Hidden, mask: Mask | None) -> Hidden:
    """Post-norm block: y = norm1(x + attention(x)), then norm2(y + feed_forward(y))."""
    residual = ResidualAdd()
    attended = multi_head_attention(hidden, parameters.attention, mask)
    middle = parameters.attention_norm.apply(residual.apply(Product(hidden, attended)))
    fed = parameters.feed_forward.apply(middle)
    return parameters.feed_forward_norm.apply(residual.apply(Product(middle, fed)))


@dataclass(frozen=True)
class SingleHeadBlock:
    """Hidden -> Hidden with exactly one head and no mask: every position sees every position."""

    parameters: BlockParameters
    name: str = "single_head_block"

    def __post_init__(self) -> None:
        heads = self.parameters.attention.heads.value
        if heads != 1:
            raise InvalidScalarError("SingleHeadBlock's head count", heads, "1")

    def apply(self, hidden: Hidden, /) -> Hidden:
        """Run the block unmasked."""
        return block_forward(self.parameters, hidden, None)


@dataclass(frozen=True)
class MultiHeadBlock:
    """Hidden x Mask -> Hidden: the mask is a second input, chosen afresh on every call."""

    parameters: BlockParameters
    name: str = "multi_head_block"

    def apply(self, inputs: Product[Hidden, Mask], /) -> Hidden:
        """Run the block under the given mask; its shape must be (length x length)."""
        return block_forward(self.parameters, inputs.first, inputs.second)


@dataclass(frozen=True)
class MaskedMultiHeadBlock:
    """Hidden -> Hidden: fixing the mask kind turns the two-input block into a one-input arrow."""

    parameters: BlockParameters
    mask_kind: MaskKind = "causal"
    name: str = "masked_multi_head_block"

    def apply(self, hidden: Hidden, /) -> Hidden:
        """Build the mask for this input's length, then run the block under it."""
        return block_forward(self.parameters, hidden, mask_of(self.mask_kind, hidden.length))
