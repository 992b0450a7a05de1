"""Multi-head attention: project, split into heads, attend per head, concatenate, project back."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from tiny_ml.attention._linear import add_row, matmul, uniform_matrix
from tiny_ml.attention.scores import Mask, attend
from tiny_ml.attention.sequences import Hidden, Keys, MixedValues, Queries, RowSequence, Values
from tiny_ml.attention.shapes import HeadCount, HeadDimension
from tiny_ml.domain import Matrix, ModelDimension, check_matrix
from tiny_ml.errors import EmptyInputError, ShapeMismatchError

RowsT = TypeVar("RowsT", bound=RowSequence)


def split_heads(rows: RowsT, heads: HeadCount) -> tuple[RowsT, ...]:
    """Cut every row into equal column blocks, head 0 first; the width must divide evenly."""
    count = heads.value
    if rows.width % count != 0:
        raise ShapeMismatchError(
            "split_heads", f"a width divisible by {count} heads", (rows.width,)
        )
    size = rows.width // count
    return tuple(
        type(rows)(tuple(row[h * size : (h + 1) * size] for row in rows.rows)) for h in range(count)
    )


def concat_heads(heads: Sequence[RowsT]) -> RowsT:
    """Join heads side by side in head order; every head must have the first head's shape."""
    if len(heads) == 0:
        raise EmptyInputError("the heads given to concat_heads")
    first = heads[0]
    for position, head in enumerate(heads):
        if head.shape != first.shape:
            raise ShapeMismatchError(f"concat_heads head {position}", first.shape, head.shape)
    return type(first)(
        tuple(
            tuple(v for head in heads for v in head.rows[row]) for row in range(first.length.value)
        )
    )


def _bias_row(name: str, bias: tuple[float, ...], width: int) -> tuple[float, ...]:
    """A bias left out is zeros; one given must be `width` finite numbers."""
    row = bias if len(bias) > 0 else (0.0,) * width
    check_matrix(f"AttentionParameters.{name}", (row,), 1, width)
    return tuple(float(b) for b in row)


@dataclass(frozen=True)
class AttentionParameters:
    """Query, key and value projections (d x h*dh), the output projection (h*dh x d), biases.

    Each projection has a bias row (h*dh, or d for the output); left out, a bias is zeros, so
    `AttentionParameters(d, h, dh, q, k, v, o)` is the bias-free attention it always was.
    """

    model_dimension: ModelDimension
    heads: HeadCount
    head_dimension: HeadDimension
    query: Matrix
    key: Matrix
    value: Matrix
    output: Matrix
    query_bias: tuple[float, ...] = ()
    key_bias: tuple[float, ...] = ()
    value_bias: tuple[float, ...] = ()
    output_bias: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        d, inner = self.model_dimension.value, self.inner_width
        check_matrix("AttentionParameters.query", self.query, d, inner)
        check_matrix("AttentionParameters.key", self.key, d, inner)
        check_matrix("AttentionParameters.value", self.value, d, inner)
        check_matrix("AttentionParameters.output", self.output, inner, d)
        object.__setattr__(self, "query_bias", _bias_row("query_bias", self.query_bias, inner))
        object.__setattr__(self, "key_bias", _bias_row("key_bias", self.key_bias, inner))
        object.__setattr__(self, "value_bias", _bias_row("value_bias", self.value_bias, inner))
        object.__setattr__(self, "output_bias", _bias_row("output_bias", self.output_bias, d))

    @property
    def inner_width(self) -> int:
        """heads x head dimension: the width of the concatenated heads."""
        return self.heads.value * self.head_dimension.value

    @classmethod
    def initial(
        cls,
        *,
        model_dimension: ModelDimension,
        heads: HeadCount,
        head_dimension: HeadDimension,
        seed: int = 0,
    ) -> AttentionParameters:
        """Small deterministic projections: the same seed always gives the same weights."""
        rng = random.Random(seed)
        d, inner = model_dimension.value, heads.value * head_dimension.value
        return cls(
            model_dimension,
            heads,
            head_dimension,
            query=uniform_matrix(rng, d, inner),
            key=uniform_matrix(rng, d, inner),
            value=uniform_matrix(rng, d, inner),
            output=uniform_matrix(rng, inner, d),
        )


def _check_model_width(op: str, hidden: Hidden, parameters: AttentionParameters) -> None:
    """Refuse hidden rows that are not as wide as the projections expect."""
    d = parameters.model_dimension.value
    if hidden.width != d:
        raise ShapeMismatchError(op, (hidden.length.value, d), hidden.shape)


def project_queries(hidden: Hidden, parameters: AttentionParameters) -> Queries:
    """Hidden (n x d) -> Queries (n x h*dh): x Wq + bq; the rows must be model-width."""
    _check_model_width("project_queries", hidden, parameters)
    return Queries(add_row(matmul(hidden.rows, parameters.query), parameters.query_bias))


def project_keys(hidden: Hidden, parameters: AttentionParameters) -> Keys:
    """Hidden (n x d) -> Keys (n x h*dh): x Wk + bk; the rows must be model-width."""
    _check_model_width("project_keys", hidden, parameters)
    return Keys(add_row(matmul(hidden.rows, parameters.key), parameters.key_bias))


def project_values(hidden: Hidden, parameters: AttentionParameters) -> Values:
    """Hidden (n x d) -> Values (n x h*dh): x Wv + bv; the rows must be model-width."""
    _check_model_width("project_values", hidden, parameters)
    return Values(add_row(matmul(hidden.rows, parameters.value), parameters.value_bias))


def project_output(mixed: MixedValues, parameters: AttentionParameters) -> Hidden:
    """Concatenated heads (n x h*dh) -> Hidden (n x d): m Wo + bo; rows must be h*dh wide."""
    inner = parameters.inner_width
    if mixed.width != inner:
        raise ShapeMismatchError("project_output", (mixed.length.value, inner), mixed.shape)
    return Hidden(add_row(matmul(mixed.rows, parameters.output), parameters.output_bias))


def multi_head_attention(
    hidden: Hidden, parameters: AttentionParameters, mask: Mask | None = None
) -> Hidden:
    """Each head attends on its own column block under the same mask; heads rejoin in head order."""
    heads = parameters.heads
    per_head = zip(
        split_heads(project_queries(hidden, parameters), heads),
        split_heads(project_keys(hidden, parameters), heads),
        split_heads(project_values(hidden, parameters), heads),
        strict=True,
    )
    mixed = concat_heads(tuple(attend(q, k, v, mask) for q, k, v in per_head))
    return project_output(mixed, parameters)
