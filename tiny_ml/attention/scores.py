"""Scaled dot-product attention for one head: scores, masks, row-wise weights, value mixing."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, assert_never, overload

from tiny_ml.attention._linear import dot
from tiny_ml.attention.sequences import Keys, MixedValues, Queries, RowSequence, Values
from tiny_ml.attention.shapes import SequenceLength
from tiny_ml.domain import Distribution
from tiny_ml.errors import EmptyInputError, InvalidScalarError, ShapeMismatchError
from tiny_ml.ml import softmax_values


class Scores(RowSequence):
    """Query-key similarities divided by sqrt(d_head): one row per query, one column per key."""


def scaled_scores(queries: Queries, keys: Keys) -> Scores:
    """Q K^T / sqrt(d_head): queries and keys must share one width, the head dimension."""
    if keys.width != queries.width:
        raise ShapeMismatchError("scaled_scores", (keys.length.value, queries.width), keys.shape)
    root = math.sqrt(queries.width)
    return Scores(tuple(tuple(dot(q, k) / root for k in keys.rows) for q in queries.rows))


@dataclass(frozen=True)
class Mask:
    """Which keys each query may see: rectangular booleans; every row allows at least one key."""

    allowed: tuple[tuple[bool, ...], ...]

    def __post_init__(self) -> None:
        if len(self.allowed) == 0:
            raise EmptyInputError("Mask")
        width = len(self.allowed[0])
        for position, row in enumerate(self.allowed):
            if len(row) != width:
                raise ShapeMismatchError(f"Mask row {position}", (width,), (len(row),))
            for entry in row:
                if not isinstance(entry, bool):
                    raise InvalidScalarError("every entry of Mask", entry, "a bool")
            if not any(row):
                raise EmptyInputError(f"the keys allowed by Mask row {position}")

    @property
    def shape(self) -> tuple[int, int]:
        """(queries, keys), comparable with Scores.shape."""
        return (len(self.allowed), len(self.allowed[0]))


MaskKind = Literal["causal", "full"]
"""The masks a block can fix by name: causal (no peeking ahead) or full (everything visible)."""


def causal_mask(length: SequenceLength) -> Mask:
    """Position i sees keys 0..i only, so no output depends on a later token."""
    n = length.value
    return Mask(tuple(tuple(key <= query for key in range(n)) for query in range(n)))


def full_mask(length: SequenceLength) -> Mask:
    """Every position sees every key."""
    n = length.value
    return Mask(tuple(tuple(True for _ in range(n)) for _ in range(n)))


def mask_of(kind: MaskKind, length: SequenceLength) -> Mask:
    """The mask a kind names; a new kind fails type checking here until it is handled."""
    match kind:
        case "causal":
            return causal_mask(length)
        case "full":
            return full_mask(length)
        case _:
            assert_never(kind)


@dataclass(frozen=True)
class AttentionWeights:
    """One Distribution over the keys per query, every row over the same number of keys."""

    rows: tuple[Distribution, ...]

    def __post_init__(self) -> None:
        if len(self.rows) == 0:
            raise EmptyInputError("AttentionWeights")
        keys = len(self.rows[0])
        for position, row in enumerate(self.rows):
            if len(row) != keys:
                raise ShapeMismatchError(f"AttentionWeights row {position}", (keys,), (len(row),))

    @property
    def shape(self) -> tuple[int, int]:
        """(queries, keys)."""
        return (len(self.rows), len(self.rows[0]))


def _masked_softmax(scores: tuple[float, ...], allowed: tuple[bool, ...]) -> Distribution:
    """Softmax over the allowed entries; a masked entry gets exactly 0, never a tiny exp."""
    visible = softmax_values(tuple(s for s, ok in zip(scores, allowed, strict=True) if ok))
    shares = iter(visible)
    return Distribution(tuple(next(shares) if ok else 0.0 for ok in allowed))


def attention_weights(scores: Scores, mask: Mask | None = None) -> AttentionWeights:
    """Softmax along each score row over the keys the mask allows (all of them without a mask)."""
    if mask is None:
        return AttentionWeights(tuple(Distribution(softmax_values(row)) for row in scores.rows))
    if mask.shape != scores.shape:
        raise ShapeMismatchError("attention_weights mask", scores.shape, mask.shape)
    return AttentionWeights(
        tuple(
            _masked_softmax(row, allowed)
            for row, allowed in zip(scores.rows, mask.allowed, strict=True)
        )
    )


def mix_values(weights: AttentionWeights, values: Values) -> MixedValues:
    """Each output row is a weighted average of the value rows: one value row per key."""
    keys = weights.shape[1]
    if values.length.value != keys:
        raise ShapeMismatchError("mix_values", (keys, values.width), values.shape)
    columns = tuple(zip(*values.rows, strict=True))
    return MixedValues(
        tuple(tuple(dot(row.probabilities, column) for column in columns) for row in weights.rows)
    )


@overload
def attend(
    queries: Queries,
    keys: Keys,
    values: Values,
    mask: Mask | None = None,
    *,
    with_weights: Literal[False] = False,
) -> MixedValues: ...
@overload
def attend(
    queries: Queries,
    keys: Keys,
    values: Values,
    mask: Mask | None = None,
    *,
    with_weights: Literal[True],
) -> tuple[MixedValues, AttentionWeights]: ...
def attend(
    queries: Queries,
    keys: Keys,
    values: Values,
    mask: Mask | None = None,
    *,
    with_weights: bool = False,
) -> MixedValues | tuple[MixedValues, AttentionWeights]:
    """softmax(Q K^T / sqrt(d)) V; `with_weights=True` also returns the weights, typed per flag."""
    weights = attention_weights(scaled_scores(queries, keys), mask)
    mixed = mix_values(weights, values)
    return (mixed, weights) if with_weights else mixed
