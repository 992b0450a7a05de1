"""scores_scale_by_head_width: scores divide by the root of the head width, not of the length.

A score row holds one query's dot products with every key: query rows own score rows, key rows own
score columns. A dot product of two d-wide rows grows with d, so the score divides by sqrt(d), the
width the query and key rows share; without it, wide heads push softmax into near one-hot rows.
The number of positions is a SequenceLength, a count of rows: it has no part in the scale.
"""

from __future__ import annotations

import math

from tiny_ml.attention import Keys, Queries, Scores
from tiny_ml.errors import ShapeMismatchError


def _dot(left: tuple[float, ...], right: tuple[float, ...]) -> float:
    return math.fsum(a * b for a, b in zip(left, right, strict=True))


def scores(queries: Queries, keys: Keys) -> Scores:
    """Q K^T / sqrt(d): one row per query, one column per key."""
    if keys.width != queries.width:
        raise ShapeMismatchError("scores", (keys.length.value, queries.width), keys.shape)
    root = math.sqrt(queries.width)
    return Scores(tuple(tuple(_dot(q, k) / root for k in keys.rows) for q in queries.rows))


# --- checks: do not edit below this line ---

import pytest  # noqa: E402

ONES = Queries(((1.0, 1.0, 1.0, 1.0),))
TWO_QUERIES = Queries(((1.0, 1.0, 1.0, 1.0), (1.0, 0.0, 0.0, 0.0)))
THREE_KEYS = Keys(((1.0, 1.0, 1.0, 1.0), (0.0, 2.0, 0.0, 0.0), (1.0, -1.0, 1.0, -1.0)))


def test_equal_rows_of_width_four_score_two() -> None:
    got = scores(ONES, Keys(ONES.rows)).rows
    # (1,1,1,1).(1,1,1,1) = 4, and sqrt(4) = 2: 4 / 2 = 2
    assert got == ((2.0,),), f"got {got}: the dot product 4 divides by sqrt(width 4) = 2"


def test_query_rows_own_score_rows() -> None:
    got = scores(TWO_QUERIES, THREE_KEYS)
    assert got.shape == (2, 3), "two queries and three keys give 2 score rows of 3 columns"
    # row 0: (4, 2, 0) / 2 = (2, 1, 0); row 1: (1, 0, 1) / 2 = (0.5, 0, 0.5)
    assert got.rows == ((2.0, 1.0, 0.0), (0.5, 0.0, 0.5)), f"got {got.rows}"


def test_width_nine_divides_by_three() -> None:
    queries = Queries(((1.0,) * 9, (0.0,) * 8 + (6.0,)))
    keys = Keys(((1.0,) * 9, (3.0,) + (0.0,) * 8))
    # row 0: (9, 3) / sqrt(9) = (3, 1); row 1: (6, 0) / 3 = (2, 0)
    assert scores(queries, keys).rows == ((3.0, 1.0), (2.0, 0.0))


def test_width_one_divides_by_one() -> None:
    # (3)(2) = 6 and (3)(-1) = -3, over sqrt(1) = 1
    assert scores(Queries(((3.0,),)), Keys(((2.0,), (-1.0,)))).rows == ((6.0, -3.0),)


def test_widths_must_agree() -> None:
    with pytest.raises(ShapeMismatchError):
        scores(TWO_QUERIES, Keys(((1.0, 2.0),)))


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    scores(THREE_KEYS, TWO_QUERIES)  # type: ignore[arg-type]
