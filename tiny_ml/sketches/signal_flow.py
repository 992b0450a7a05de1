"""Sketch 6, signal flow: linear maps whose dimensions are types, composed only where they meet."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Generic, TypeVar

from tiny_ml.domain import Matrix, check_matrix
from tiny_ml.errors import EmptyInputError, ShapeMismatchError
from tiny_ml.sketches._counts import require_count

T = TypeVar("T")
Source = TypeVar("Source")
Target = TypeVar("Target")
Next = TypeVar("Next")


class ModelSpace:
    """Phantom dimension: signals of model width. Never instantiated; it only labels a type."""


class HeadSpace:
    """Phantom dimension: signals of one head's width. Never instantiated."""


class VocabSpace:
    """Phantom dimension: one signal per vocabulary entry. Never instantiated."""


@dataclass(frozen=True)
class SignalMatrix(Generic[Source, Target]):
    """A linear map Source -> Target, one row per source signal; composes only through Target."""

    entries: Matrix

    def __post_init__(self) -> None:
        if len(self.entries) == 0 or len(self.entries[0]) == 0:
            raise EmptyInputError("SignalMatrix")
        check_matrix("SignalMatrix", self.entries, len(self.entries), len(self.entries[0]))
        object.__setattr__(
            self, "entries", tuple(tuple(float(v) for v in row) for row in self.entries)
        )

    @property
    def source_size(self) -> int:
        """How many signals go in."""
        return len(self.entries)

    @property
    def target_size(self) -> int:
        """How many signals come out."""
        return len(self.entries[0])

    def then(self, after: SignalMatrix[Target, Next]) -> SignalMatrix[Source, Next]:
        """Feed self's output into `after`: the middle dimension must agree in type and in size."""
        if after.source_size != self.target_size:
            raise ShapeMismatchError(
                "SignalMatrix.then", (self.target_size, after.target_size), after.shape
            )
        columns = tuple(zip(*after.entries, strict=True))
        return SignalMatrix(
            tuple(
                tuple(
                    math.fsum(a * b for a, b in zip(row, column, strict=True)) for column in columns
                )
                for row in self.entries
            )
        )

    @property
    def shape(self) -> tuple[int, int]:
        """(source size, target size)."""
        return (self.source_size, self.target_size)


def identity_signal(size: int) -> SignalMatrix[T, T]:
    """`size` signals passed through unchanged, the unit of `then`; annotate it to name T."""
    require_count("identity_signal size", size, minimum=1)
    return SignalMatrix(
        tuple(tuple(1.0 if i == j else 0.0 for j in range(size)) for i in range(size))
    )
