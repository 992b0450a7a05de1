"""values_follow_the_keys: attention weights mix Values, never Keys.

Keys are only ever scored against queries; what a position hands over once it is found is its
value row. Each weight row is a distribution over the keys, so the value rows must line up with
the key rows one for one (key and value rows own the score columns), while every query gets one
output row (query rows own the output rows) as wide as a value row, whatever the keys' width.
"""

from __future__ import annotations

from tiny_ml.attention import (
    Keys,
    MixedValues,
    Queries,
    Values,
    attention_weights,
    mix_values,
    scaled_scores,
)


def attend_one_head(queries: Queries, keys: Keys, values: Values) -> MixedValues:
    """softmax(Q K^T / sqrt(d)) V: each query's weighted average of the value rows."""
    weights = attention_weights(scaled_scores(queries, keys))
    return mix_values(weights, values)


# --- checks: do not edit below this line ---

import math  # noqa: E402

import pytest  # noqa: E402

from tiny_ml.errors import ShapeMismatchError  # noqa: E402

QUERIES = Queries(((1.0,), (0.0,)))
KEYS = Keys(((0.0,), (math.log(3.0),)))
VALUES = Values(((4.0, 0.0), (0.0, 8.0)))


def test_weights_mix_the_value_rows() -> None:
    got = attend_one_head(QUERIES, KEYS, VALUES).rows
    # width 1, so sqrt(1) = 1. Query 0 scores (0, ln 3): softmax (1/4, 3/4),
    # mixing (4, 0) and (0, 8) gives (1, 6). Query 1 scores (0, 0): (1/2, 1/2) gives (2, 4).
    expected = ((1.0, 6.0), (2.0, 4.0))
    for got_row, want_row in zip(got, expected, strict=True):
        for value, want in zip(got_row, want_row, strict=True):
            assert abs(value - want) < 1e-12, f"got {got}, expected {expected}"


def test_one_output_row_per_query() -> None:
    three = Queries(((1.0,), (0.0,), (2.0,)))
    assert attend_one_head(three, KEYS, VALUES).shape == (3, 2), (
        "three queries give three rows, each as wide as a value row"
    )
    got = attend_one_head(three, KEYS, Values(((10.0, 1.0), (0.0, -1.0)))).rows
    # softmax rows (1/4, 3/4), (1/2, 1/2) and, for scores (0, 2 ln 3), (1/10, 9/10):
    # (2.5, 1/4 - 3/4), (5, 1/2 - 1/2), (1, 1/10 - 9/10)
    expected = ((2.5, -0.5), (5.0, 0.0), (1.0, -0.8))
    for got_row, want_row in zip(got, expected, strict=True):
        for value, want in zip(got_row, want_row, strict=True):
            assert abs(value - want) < 1e-12, f"got {got}, expected {expected}"


def test_one_value_row_per_key() -> None:
    with pytest.raises(ShapeMismatchError):
        attend_one_head(QUERIES, KEYS, Values(((1.0, 2.0),)))


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    attend_one_head(QUERIES, KEYS, KEYS)  # type: ignore[arg-type]
