"""Backpropagation through the whole tiny transformer, by the chain rule, stage by stage.

The forward pass is replayed keeping each stage's input; the backward pass walks the stages
in reverse: readout, second norm, feed-forward, first norm, output projection, each head's
mixing, softmax and 1/sqrt(dh) scale, the query, key and value projections, then embedding
and positions. Every gradient is of `next_token_loss`, the mean cross-entropy over positions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.attention._linear import add_row, column_sums, matmul, transpose
from tiny_ml.attention.heads import AttentionParameters, multi_head_attention, split_heads
from tiny_ml.attention.layers import FeedForward
from tiny_ml.attention.norms import LayerNormParameters
from tiny_ml.attention.positions import LearnedPositions
from tiny_ml.attention.scores import attention_weights, causal_mask, scaled_scores
from tiny_ml.attention.sequences import Hidden, Keys, MixedValues, Queries, Values
from tiny_ml.attention.transformer import (
    ReadoutGradient,
    TransformerParameters,
    embed,
    require_next_tokens,
)
from tiny_ml.domain import Matrix, TokenSequence
from tiny_ml.errors import EmptyInputError, InvalidScalarError
from tiny_ml.ml import PROBABILITY_FLOOR, softmax_values


def _finite(name: str, rows: Matrix) -> Matrix:
    """Refuse an empty, ragged or non-finite gradient; return it as tuples."""
    if len(rows) == 0 or len(rows[0]) == 0:
        raise EmptyInputError(name)
    width = len(rows[0])
    copied = tuple(tuple(float(v) for v in row) for row in rows)
    for row in copied:
        if len(row) != width:
            raise InvalidScalarError(f"every row of {name}", len(row), f"{width} wide")
        for v in row:
            if not math.isfinite(v):
                raise InvalidScalarError(f"every entry of {name}", v, "finite")
    return copied


def _finite_row(name: str, row: tuple[float, ...]) -> tuple[float, ...]:
    (checked,) = _finite(name, (row,))
    return checked


@dataclass(frozen=True)
class LayerNormGradient:
    """d loss / d gain and / d bias of one layer norm, one entry per feature."""

    gain: tuple[float, ...]
    bias: tuple[float, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "gain", _finite_row("LayerNormGradient.gain", self.gain))
        object.__setattr__(self, "bias", _finite_row("LayerNormGradient.bias", self.bias))


@dataclass(frozen=True)
class FeedForwardGradient:
    """d loss / d each weight and bias of the feed-forward layer, shaped like them."""

    inner: Matrix
    inner_bias: tuple[float, ...]
    outer: Matrix
    outer_bias: tuple[float, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "inner", _finite("FeedForwardGradient.inner", self.inner))
        object.__setattr__(self, "outer", _finite("FeedForwardGradient.outer", self.outer))
        for name in ("inner_bias", "outer_bias"):
            row = self.inner_bias if name == "inner_bias" else self.outer_bias
            object.__setattr__(self, name, _finite_row(f"FeedForwardGradient.{name}", row))


@dataclass(frozen=True)
class AttentionGradient:
    """d loss / d the query, key, value and output projections and their biases."""

    query: Matrix
    key: Matrix
    value: Matrix
    output: Matrix
    query_bias: tuple[float, ...]
    key_bias: tuple[float, ...]
    value_bias: tuple[float, ...]
    output_bias: tuple[float, ...]

    def __post_init__(self) -> None:
        for name, matrix in (
            ("query", self.query),
            ("key", self.key),
            ("value", self.value),
            ("output", self.output),
        ):
            object.__setattr__(self, name, _finite(f"AttentionGradient.{name}", matrix))
        for name, row in (
            ("query_bias", self.query_bias),
            ("key_bias", self.key_bias),
            ("value_bias", self.value_bias),
            ("output_bias", self.output_bias),
        ):
            object.__setattr__(self, name, _finite_row(f"AttentionGradient.{name}", row))


@dataclass(frozen=True)
class BlockGradient:
    """d loss / d every weight of one block: attention, both norms, feed-forward."""

    attention: AttentionGradient
    attention_norm: LayerNormGradient
    feed_forward: FeedForwardGradient
    feed_forward_norm: LayerNormGradient


@dataclass(frozen=True)
class TransformerGradient:
    """d loss / d every weight of the model; `positions` is None when they are not learned."""

    embedding: Matrix
    positions: Matrix | None
    block: BlockGradient
    readout: ReadoutGradient

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "embedding", _finite("TransformerGradient.embedding", self.embedding)
        )
        if self.positions is not None:
            object.__setattr__(
                self, "positions", _finite("TransformerGradient.positions", self.positions)
            )


def _norm_backward(
    rows: Matrix, upstream: Matrix, norm: LayerNormParameters
) -> tuple[Matrix, LayerNormGradient]:
    """Back through y = g * (x - mean) / sqrt(var + eps) + b, row by row.

    With xhat the normalised row and s = 1 / sqrt(var + eps), the input gradient is
    s * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)), where dxhat = dy * g.
    """
    width = len(norm.gain)
    gain = [0.0] * width
    bias = [0.0] * width
    inputs: list[tuple[float, ...]] = []
    for x, dy in zip(rows, upstream, strict=True):
        mean = math.fsum(x) / width
        variance = math.fsum((v - mean) ** 2 for v in x) / width
        scale = 1.0 / math.sqrt(variance + norm.epsilon.value)
        xhat = tuple((v - mean) * scale for v in x)
        for j in range(width):
            gain[j] += dy[j] * xhat[j]
            bias[j] += dy[j]
        dxhat = tuple(dy[j] * norm.gain[j] for j in range(width))
        mean_dxhat = math.fsum(dxhat) / width
        mean_both = math.fsum(a * b for a, b in zip(dxhat, xhat, strict=True)) / width
        inputs.append(
            tuple(scale * (dxhat[j] - mean_dxhat - xhat[j] * mean_both) for j in range(width))
        )
    return tuple(inputs), LayerNormGradient(tuple(gain), tuple(bias))


def _feed_forward_backward(
    rows: Matrix, upstream: Matrix, layer: FeedForward
) -> tuple[Matrix, FeedForwardGradient]:
    """Back through relu(x W1 + c1) W2 + c2: the relu passes gradient only where it was > 0."""
    pre = add_row(matmul(rows, layer.inner), layer.inner_bias)
    activated = tuple(tuple(max(v, 0.0) for v in row) for row in pre)
    d_activated = matmul(upstream, transpose(layer.outer))
    d_pre = tuple(
        tuple(g if v > 0.0 else 0.0 for g, v in zip(g_row, p_row, strict=True))
        for g_row, p_row in zip(d_activated, pre, strict=True)
    )
    gradient = FeedForwardGradient(
        inner=matmul(transpose(rows), d_pre),
        inner_bias=column_sums(d_pre),
        outer=matmul(transpose(activated), upstream),
        outer_bias=column_sums(upstream),
    )
    return matmul(d_pre, transpose(layer.inner)), gradient


def _softmax_backward(weights: Matrix, upstream: Matrix) -> Matrix:
    """Back through each softmax row: dS_j = A_j (dA_j - sum_k A_k dA_k); masked A_j = 0 stay 0."""
    rows: list[tuple[float, ...]] = []
    for a_row, g_row in zip(weights, upstream, strict=True):
        expected = math.fsum(a * g for a, g in zip(a_row, g_row, strict=True))
        rows.append(tuple(a * (g - expected) for a, g in zip(a_row, g_row, strict=True)))
    return tuple(rows)


def _attention_backward(
    rows: Matrix, upstream: Matrix, attention: AttentionParameters
) -> tuple[Matrix, AttentionGradient]:
    """Back through causal multi-head attention, head by head, to the projections and input."""
    heads, root = attention.heads, math.sqrt(attention.head_dimension.value)
    queries = add_row(matmul(rows, attention.query), attention.query_bias)
    keys = add_row(matmul(rows, attention.key), attention.key_bias)
    values = add_row(matmul(rows, attention.value), attention.value_bias)
    mask = causal_mask(Queries(queries).length)
    per_head = zip(
        split_heads(Queries(queries), heads),
        split_heads(Keys(keys), heads),
        split_heads(Values(values), heads),
        split_heads(MixedValues(matmul(upstream, transpose(attention.output))), heads),
        strict=True,
    )
    mixed_parts: list[Matrix] = []
    d_query_parts: list[Matrix] = []
    d_key_parts: list[Matrix] = []
    d_value_parts: list[Matrix] = []
    for q, k, v, d_mixed in per_head:
        weights = tuple(
            row.probabilities for row in attention_weights(scaled_scores(q, k), mask).rows
        )
        mixed_parts.append(matmul(weights, v.rows))
        d_weights = matmul(d_mixed.rows, transpose(v.rows))
        d_scores = _softmax_backward(weights, d_weights)
        d_query_parts.append(
            tuple(tuple(g / root for g in row) for row in matmul(d_scores, k.rows))
        )
        d_key_parts.append(
            tuple(tuple(g / root for g in row) for row in matmul(transpose(d_scores), q.rows))
        )
        d_value_parts.append(matmul(transpose(weights), d_mixed.rows))

    def joined(parts: list[Matrix]) -> Matrix:
        return tuple(tuple(v for part in parts for v in part[i]) for i in range(len(parts[0])))

    mixed, d_queries, d_keys, d_values = (
        joined(mixed_parts),
        joined(d_query_parts),
        joined(d_key_parts),
        joined(d_value_parts),
    )
    inputs_t = transpose(rows)
    gradient = AttentionGradient(
        query=matmul(inputs_t, d_queries),
        key=matmul(inputs_t, d_keys),
        value=matmul(inputs_t, d_values),
        output=matmul(transpose(mixed), upstream),
        query_bias=column_sums(d_queries),
        key_bias=column_sums(d_keys),
        value_bias=column_sums(d_values),
        output_bias=column_sums(upstream),
    )
    d_rows = tuple(
        tuple(math.fsum(parts) for parts in zip(qr, kr, vr, strict=True))
        for qr, kr, vr in zip(
            matmul(d_queries, transpose(attention.query)),
            matmul(d_keys, transpose(attention.key)),
            matmul(d_values, transpose(attention.value)),
            strict=True,
        )
    )
    return d_rows, gradient


def _added(left: Matrix, right: Matrix) -> Matrix:
    return tuple(
        tuple(a + b for a, b in zip(l_row, r_row, strict=True))
        for l_row, r_row in zip(left, right, strict=True)
    )


def _logit_gradients(logits: Matrix, tokens: TokenSequence) -> Matrix:
    """d mean cross-entropy / d logits: (p - onehot(next)) / (n - 1); the last row has no target.

    Where p(target) is below the cross-entropy floor the clamped loss is flat, so that row is 0.
    """
    count = len(tokens) - 1
    rows: list[tuple[float, ...]] = []
    for position, scores in enumerate(logits):
        if position == count:
            rows.append((0.0,) * len(scores))
            continue
        target = tokens.tokens[position + 1].index
        probabilities = softmax_values(scores)
        if probabilities[target] < PROBABILITY_FLOOR:
            rows.append((0.0,) * len(scores))
            continue
        rows.append(
            tuple((p - (1.0 if j == target else 0.0)) / count for j, p in enumerate(probabilities))
        )
    return tuple(rows)


def transformer_gradient(
    parameters: TransformerParameters, tokens: TokenSequence
) -> TransformerGradient:
    """The exact gradient of `next_token_loss(parameters, tokens)` in every weight."""
    require_next_tokens(tokens)
    block = parameters.block
    # forward, keeping each stage's input
    hidden = embed(parameters, tokens)
    x0 = hidden.rows
    attended = multi_head_attention(hidden, block.attention, causal_mask(hidden.length))
    r1 = _added(x0, attended.rows)
    y = block.attention_norm.apply(Hidden(r1))
    r2 = _added(y.rows, block.feed_forward.apply(y).rows)
    z = block.feed_forward_norm.apply(Hidden(r2)).rows
    logits = add_row(matmul(z, parameters.readout), parameters.readout_bias)
    # backward
    d_logits = _logit_gradients(logits, tokens)
    readout = ReadoutGradient(matmul(transpose(z), d_logits), column_sums(d_logits))
    d_z = matmul(d_logits, transpose(parameters.readout))
    d_r2, second_norm = _norm_backward(r2, d_z, block.feed_forward_norm)
    d_y_through_feed_forward, feed_forward = _feed_forward_backward(
        y.rows, d_r2, block.feed_forward
    )
    d_y = _added(d_r2, d_y_through_feed_forward)
    d_r1, first_norm = _norm_backward(r1, d_y, block.attention_norm)
    d_x0_through_attention, attention = _attention_backward(x0, d_r1, block.attention)
    d_x0 = _added(d_r1, d_x0_through_attention)
    v, d = parameters.vocab_size.value, parameters.model_dimension.value
    embedding = [[0.0] * d for _ in range(v)]
    for token, row in zip(tokens, d_x0, strict=True):
        for k in range(d):
            embedding[token.index][k] += row[k]
    positions: Matrix | None = None
    if isinstance(parameters.positions, LearnedPositions):
        table_length = parameters.positions.length.value
        positions = d_x0 + tuple((0.0,) * d for _ in range(table_length - len(d_x0)))
    return TransformerGradient(
        embedding=tuple(tuple(row) for row in embedding),
        positions=positions,
        block=BlockGradient(attention, first_norm, feed_forward, second_norm),
        readout=readout,
    )
