"""The few matrix operations attention needs, in pure Python; callers check shapes by name."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from tiny_ml.domain import Matrix


def dot(left: Sequence[float], right: Sequence[float]) -> float:
    """The inner product of two equally long rows, summed exactly."""
    return math.fsum(a * b for a, b in zip(left, right, strict=True))


def matmul(rows: Matrix, weights: Matrix) -> Matrix:
    """rows (n x k) times weights (k x m); the caller has checked that the k's agree."""
    columns = tuple(zip(*weights, strict=True))
    return tuple(tuple(dot(row, column) for column in columns) for row in rows)


def add_row(rows: Matrix, bias: Sequence[float]) -> Matrix:
    """Add the same bias row to every row."""
    return tuple(tuple(v + b for v, b in zip(row, bias, strict=True)) for row in rows)


def add_matrices(left: Matrix, right: Matrix) -> Matrix:
    """Entry-wise sum of two matrices of the same shape."""
    return tuple(
        tuple(a + b for a, b in zip(l_row, r_row, strict=True))
        for l_row, r_row in zip(left, right, strict=True)
    )


def uniform_matrix(rng: random.Random, n_rows: int, n_cols: int) -> Matrix:
    """Weights drawn from U(-1/sqrt(n_rows), 1/sqrt(n_rows)), so outputs keep a moderate scale."""
    scale = 1.0 / math.sqrt(n_rows)
    return tuple(tuple(rng.uniform(-scale, scale) for _ in range(n_cols)) for _ in range(n_rows))


def transpose(rows: Matrix) -> Matrix:
    """Rows become columns."""
    return tuple(zip(*rows, strict=True))


def column_sums(rows: Matrix) -> tuple[float, ...]:
    """The exact sum of each column: the gradient of a bias added to every row."""
    return tuple(math.fsum(column) for column in zip(*rows, strict=True))


def step_matrix(weights: Matrix, gradient: Matrix, rate: float) -> Matrix:
    """weights - rate * gradient, entry by entry: one step of gradient descent."""
    return tuple(
        tuple(w - rate * g for w, g in zip(w_row, g_row, strict=True))
        for w_row, g_row in zip(weights, gradient, strict=True)
    )


def step_row(weights: Sequence[float], gradient: Sequence[float], rate: float) -> tuple[float, ...]:
    """weights - rate * gradient for one row, such as a bias."""
    return tuple(w - rate * g for w, g in zip(weights, gradient, strict=True))
