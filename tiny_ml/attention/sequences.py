"""Sequences of rows with a role: hidden states, queries, keys, values, mixed values.

Each role is its own class rather than one generic matrix with a phantom role parameter. Both
stop a swap, but the class gives the plainest mypy message: `incompatible type "Keys"; expected
"Queries"` names the roles outright, where a phantom parameter reads `"Rows[KeyRole]"; expected
"Rows[QueryRole]"` and makes the learner decode the brackets first. Phantom parameters earn their
keep where the parameter varies freely, as the dimensions of `tiny_ml.sketches.SignalMatrix` do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.attention.shapes import SequenceLength
from tiny_ml.domain import Matrix
from tiny_ml.errors import EmptyInputError, InvalidScalarError, ShapeMismatchError


def _validated_rows(name: str, rows: Matrix) -> Matrix:
    """Copy rows into tuples of floats, refusing an empty, ragged or non-finite matrix."""
    if len(rows) == 0:
        raise EmptyInputError(name)
    width = len(rows[0])
    if width == 0:
        raise EmptyInputError(f"every row of {name}")
    for position, row in enumerate(rows):
        if len(row) != width:
            raise ShapeMismatchError(f"{name} row {position}", (width,), (len(row),))
    copied = tuple(tuple(float(v) for v in row) for row in rows)
    for row in copied:
        for v in row:
            if not math.isfinite(v):
                raise InvalidScalarError(f"every entry of {name}", v, "finite")
    return copied


@dataclass(frozen=True)
class RowSequence:
    """One row per position, all equally wide, finite and non-empty: the shape every role shares."""

    rows: Matrix

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", _validated_rows(type(self).__name__, self.rows))

    @property
    def length(self) -> SequenceLength:
        """How many positions (rows) the sequence holds."""
        return SequenceLength(len(self.rows))

    @property
    def width(self) -> int:
        """How many numbers each row holds."""
        return len(self.rows[0])

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns), the form shape errors report."""
        return (len(self.rows), self.width)


class Hidden(RowSequence):
    """Hidden states, one model-width row per position: what blocks read and write."""


class Queries(RowSequence):
    """What each position is looking for; only ever scored against Keys."""


class Keys(RowSequence):
    """What each position offers to be found by; never accepted where Queries are expected."""


class Values(RowSequence):
    """What each position hands over once found; mixed by attention weights, never scored."""


class MixedValues(RowSequence):
    """Value rows averaged by attention weights: one head's output, or all heads side by side."""
