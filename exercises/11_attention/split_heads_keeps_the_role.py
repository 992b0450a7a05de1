"""split_heads_keeps_the_role: cutting rows into heads keeps their role.

Multi-head attention cuts every query, key and value row into equal column blocks, one per head,
lets each head attend on its own block, then joins the heads side by side in head order. One
splitter and one joiner serve every role, so their types must say: what goes in as Queries comes
out as Queries, and what goes in as Keys comes out as Keys, or no head could attend afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

from tiny_ml.attention import (
    HeadCount,
    Keys,
    MixedValues,
    Queries,
    RowSequence,
    Values,
    attend,
)
from tiny_ml.errors import EmptyInputError, ShapeMismatchError

def split_into_heads(rows: RowSequence, heads: HeadCount) -> tuple[RowSequence, ...]:
    """Cut every row into equal column blocks, head 0 first; the width must divide evenly."""
    count = heads.value
    if rows.width % count != 0:
        raise ShapeMismatchError("split_into_heads", f"a width divisible by {count}", (rows.width,))
    size = rows.width // count
    return tuple(
        type(rows)(tuple(row[h * size : (h + 1) * size] for row in rows.rows)) for h in range(count)
    )


def join_heads(heads: Sequence[RowSequence]) -> RowSequence:
    """Join heads side by side in head order; every head has the first head's shape."""
    if len(heads) == 0:
        raise EmptyInputError("the heads given to join_heads")
    first = heads[0]
    for position, head in enumerate(heads):
        if head.shape != first.shape:
            raise ShapeMismatchError(f"join_heads head {position}", first.shape, head.shape)
    return type(first)(
        tuple(tuple(v for head in heads for v in head.rows[row]) for row in range(len(first.rows)))
    )


def two_head_attention(queries: Queries, keys: Keys, values: Values) -> MixedValues:
    """Each of two heads attends on its own half of the columns; the halves rejoin in order."""
    two = HeadCount(2)
    per_head = zip(
        split_into_heads(queries, two),
        split_into_heads(keys, two),
        split_into_heads(values, two),
        strict=True,
    )
    return join_heads(tuple(attend(q, k, v) for q, k, v in per_head))


# --- checks: do not edit below this line ---

import math  # noqa: E402
from typing import assert_type  # noqa: E402

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tiny_ml.attention import Hidden  # noqa: E402


def test_split_cuts_columns_head_zero_first() -> None:
    first, second = split_into_heads(
        Queries(((1.0, 2.0, 3.0, 4.0), (5.0, 6.0, 7.0, 8.0))), HeadCount(2)
    )
    assert isinstance(first, Queries) and isinstance(second, Queries), (
        "heads of Queries are Queries"
    )
    assert first.rows == ((1.0, 2.0), (5.0, 6.0)), (
        f"head 0 holds the first columns, got {first.rows}"
    )
    assert second.rows == ((3.0, 4.0), (7.0, 8.0)), (
        f"head 1 holds the next columns, got {second.rows}"
    )


def test_width_must_divide() -> None:
    with pytest.raises(ShapeMismatchError):
        split_into_heads(Keys(((1.0, 2.0, 3.0),)), HeadCount(2))


@settings(derandomize=True, database=None, deadline=None, max_examples=50)
@given(
    st.integers(1, 3),
    st.integers(1, 3),
    st.integers(1, 3),
    st.lists(st.integers(-9, 9), min_size=27, max_size=27),
)
def test_concat_undoes_split(heads: int, size: int, length: int, numbers: list[int]) -> None:
    width = heads * size
    rows = tuple(
        tuple(float(numbers[(r * width + c) % 27]) for c in range(width)) for r in range(length)
    )
    keys = Keys(rows)
    joined = join_heads(split_into_heads(keys, HeadCount(heads)))
    assert isinstance(joined, Keys) and joined.rows == rows, (
        "joining the heads in order undoes the split"
    )


def test_each_head_attends_on_its_own_columns() -> None:
    # head 0 sees query (0, 0): equal scores, weights (1/2, 1/2), mixing (4, 0) and (0, 8) -> (2, 4)
    # head 1 sees query (1, 0) and keys (0, 0), (c, 0) with c = sqrt(2) ln 3: scores (0, ln 3)
    # after dividing by sqrt(2), weights (1/4, 3/4), mixing (4, 0) and (0, 8) -> (1, 6)
    c = math.sqrt(2.0) * math.log(3.0)
    queries = Queries(((0.0, 0.0, 1.0, 0.0),))
    keys = Keys(((0.0, 0.0, 0.0, 0.0), (0.0, 0.0, c, 0.0)))
    values = Values(((4.0, 0.0, 4.0, 0.0), (0.0, 8.0, 0.0, 8.0)))
    got = two_head_attention(queries, keys, values).rows[0]
    for value, want in zip(got, (2.0, 4.0, 1.0, 6.0), strict=True):
        assert abs(value - want) < 1e-12, f"got {got}, expected (2, 4, 1, 6): head 0, then head 1"


def _keeps_the_role() -> None:
    queries = Queries(((1.0, 2.0),))
    assert_type(split_into_heads(queries, HeadCount(2)), tuple[Queries, ...])
    assert_type(join_heads(split_into_heads(Keys(((1.0, 2.0),)), HeadCount(2))), Keys)
    assert_type(split_into_heads(Hidden(((1.0, 2.0),)), HeadCount(2)), tuple[Hidden, ...])


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    split_into_heads(((1.0, 2.0),), HeadCount(2))  # type: ignore[type-var]
    _q: Queries = split_into_heads(Keys(((1.0, 2.0),)), HeadCount(2))[0]  # type: ignore[assignment]
