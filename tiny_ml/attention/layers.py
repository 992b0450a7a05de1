"""The position-wise layers around attention: residual add, layer norm, feed-forward, positions."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from tiny_ml.attention._linear import add_matrices, add_row, matmul, uniform_matrix
from tiny_ml.attention.sequences import Hidden
from tiny_ml.attention.shapes import FeedForwardWidth, SequenceLength
from tiny_ml.domain import Matrix, ModelDimension, Product, check_matrix
from tiny_ml.errors import InvalidScalarError, ShapeMismatchError

POSITION_BASE = 10_000.0
"""The base of the sinusoids' wavelengths, as in Vaswani et al. (2017)."""


@dataclass(frozen=True)
class ResidualAdd:
    """Hidden x Hidden -> Hidden: skip plus update; two inputs (a product), not an endomorphism."""

    name: str = "residual_add"

    def apply(self, pair: Product[Hidden, Hidden], /) -> Hidden:
        """Add the sublayer's output (second) to its input (first); both shapes must agree."""
        skip, update = pair.first, pair.second
        if update.shape != skip.shape:
            raise ShapeMismatchError("residual_add", skip.shape, update.shape)
        return Hidden(add_matrices(skip.rows, update.rows))


@dataclass(frozen=True)
class LayerNormEpsilon:
    """What layer norm adds to the variance before the square root: finite and > 0."""

    value: float = 1e-5

    def __post_init__(self) -> None:
        if not math.isfinite(self.value) or self.value <= 0.0:
            raise InvalidScalarError("LayerNormEpsilon", self.value, "finite and > 0")


@dataclass(frozen=True)
class LayerNorm:
    """Hidden -> Hidden: each row to mean 0 and variance 1, the variance divided by d (biased)."""

    epsilon: LayerNormEpsilon = LayerNormEpsilon()
    name: str = "layer_norm"

    def apply(self, hidden: Hidden, /) -> Hidden:
        """(x - mean) / sqrt(variance + epsilon), row by row."""
        return Hidden(tuple(self._normalise(row) for row in hidden.rows))

    def _normalise(self, row: tuple[float, ...]) -> tuple[float, ...]:
        width = len(row)
        mean = math.fsum(row) / width
        variance = math.fsum((v - mean) ** 2 for v in row) / width
        scale = 1.0 / math.sqrt(variance + self.epsilon.value)
        return tuple((v - mean) * scale for v in row)


@dataclass(frozen=True)
class FeedForward:
    """Hidden -> Hidden, each row alone: relu(x W1 + b1) W2 + b2, shapes checked on construction."""

    model_dimension: ModelDimension
    width: FeedForwardWidth
    inner: Matrix
    inner_bias: tuple[float, ...]
    outer: Matrix
    outer_bias: tuple[float, ...]
    name: str = "feed_forward"

    def __post_init__(self) -> None:
        d, f = self.model_dimension.value, self.width.value
        check_matrix("FeedForward.inner", self.inner, d, f)
        check_matrix("FeedForward.inner_bias", (self.inner_bias,), 1, f)
        check_matrix("FeedForward.outer", self.outer, f, d)
        check_matrix("FeedForward.outer_bias", (self.outer_bias,), 1, d)

    @classmethod
    def initial(
        cls, *, model_dimension: ModelDimension, width: FeedForwardWidth, seed: int = 0
    ) -> FeedForward:
        """Small deterministic weights and zero biases: one seed, one layer."""
        rng = random.Random(seed)
        d, f = model_dimension.value, width.value
        return cls(
            model_dimension,
            width,
            inner=uniform_matrix(rng, d, f),
            inner_bias=tuple(0.0 for _ in range(f)),
            outer=uniform_matrix(rng, f, d),
            outer_bias=tuple(0.0 for _ in range(d)),
        )

    def apply(self, hidden: Hidden, /) -> Hidden:
        """The same two-layer map at every position; rows must be model-width."""
        d = self.model_dimension.value
        if hidden.width != d:
            raise ShapeMismatchError("feed_forward", (hidden.length.value, d), hidden.shape)
        inner = add_row(matmul(hidden.rows, self.inner), self.inner_bias)
        activated = tuple(tuple(max(v, 0.0) for v in row) for row in inner)
        return Hidden(add_row(matmul(activated, self.outer), self.outer_bias))


def positional_encoding(length: SequenceLength, width: ModelDimension) -> Hidden:
    """Row p: sin(p / 10000^(2i/d)) at column 2i, cos of the same angle at column 2i + 1."""
    d = width.value

    def angle(position: int, column: int) -> float:
        return position / math.pow(POSITION_BASE, (column - column % 2) / d)

    return Hidden(
        tuple(
            tuple(math.sin(angle(p, c)) if c % 2 == 0 else math.cos(angle(p, c)) for c in range(d))
            for p in range(length.value)
        )
    )


def add_positions(hidden: Hidden) -> Hidden:
    """Hidden -> Hidden: add each row's sinusoidal position, so attention can tell order apart."""
    table = positional_encoding(hidden.length, ModelDimension(hidden.width))
    return Hidden(add_matrices(hidden.rows, table.rows))
