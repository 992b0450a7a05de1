"""Where order enters the model: fixed sinusoids or a learned table, one row per position.

Attention alone treats its input as a set; adding a position row to each token's row is what
lets a block tell "one two" from "two one". Both encodings are Hidden -> Hidden and add rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tiny_ml.attention._linear import add_matrices, uniform_matrix
from tiny_ml.attention.layers import add_positions
from tiny_ml.attention.sequences import Hidden
from tiny_ml.attention.shapes import SequenceLength
from tiny_ml.domain import Matrix, ModelDimension
from tiny_ml.errors import OutOfRangeError, ShapeMismatchError


@dataclass(frozen=True)
class SinusoidalPositions:
    """The fixed sin/cos table of Vaswani et al.: nothing to learn, any length."""

    name: str = "sinusoidal_positions"

    def apply(self, hidden: Hidden, /) -> Hidden:
        """Add each row's sinusoid."""
        return add_positions(hidden)


@dataclass(frozen=True)
class LearnedPositions:
    """A trained table, one row per position up to its length: longer inputs are refused."""

    table: Matrix
    name: str = "learned_positions"

    def __post_init__(self) -> None:
        object.__setattr__(self, "table", Hidden(self.table).rows)

    @classmethod
    def initial(
        cls, *, length: SequenceLength, model_dimension: ModelDimension, seed: int = 0
    ) -> LearnedPositions:
        """Small deterministic rows: one seed, one table."""
        rng = random.Random(seed)
        return cls(uniform_matrix(rng, length.value, model_dimension.value))

    @property
    def length(self) -> SequenceLength:
        """The longest input the table has rows for."""
        return SequenceLength(len(self.table))

    @property
    def model_dimension(self) -> ModelDimension:
        """The width of each position row."""
        return ModelDimension(len(self.table[0]))

    def apply(self, hidden: Hidden, /) -> Hidden:
        """Add row p of the table to row p of the input; the widths must agree."""
        if hidden.length.value > len(self.table):
            raise OutOfRangeError("position", hidden.length.value - 1, len(self.table))
        if hidden.width != self.model_dimension.value:
            raise ShapeMismatchError(
                "learned_positions", (hidden.length.value, self.model_dimension.value), hidden.shape
            )
        return Hidden(add_matrices(hidden.rows, self.table[: hidden.length.value]))


PositionEncoding = SinusoidalPositions | LearnedPositions
"""The two ways to add positions; a new way fails type checking wherever it is not handled."""
