"""scaled_dot_product_attention: queries, keys and values are three types, not three matrices.

Vaswani et al. (arXiv 1706.03762), section 3.2.1: Attention(Q, K, V) = softmax(Q K^T / sqrt(d)) V.
On plain matrices, `scores(keys, queries)` runs and quietly computes K Q^T, so each token is
scored with another token's query. Here each role is its own type and mypy names the swap:
fix the call in `attend` so the queries are scored against the keys.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiny_ml.domain import Distribution, Matrix
from tiny_ml.errors import EmptyInputError, InvalidScalarError, ShapeMismatchError


def _rows(name: str, rows: Matrix) -> Matrix:
    """Copy rows into tuples of floats, refusing an empty, ragged or non-finite matrix."""
    if len(rows) == 0 or len(rows[0]) == 0:
        raise EmptyInputError(name)
    copied = tuple(tuple(float(v) for v in row) for row in rows)
    for position, row in enumerate(copied):
        if len(row) != len(copied[0]):
            raise ShapeMismatchError(f"{name} row {position}", (len(copied[0]),), (len(row),))
        for v in row:
            if not math.isfinite(v):
                raise InvalidScalarError(f"every entry of {name}", v, "finite")
    return copied


@dataclass(frozen=True)
class Queries:
    """One row per position: what that position is looking for. Scored against Keys only."""

    rows: Matrix

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", _rows("Queries", self.rows))


@dataclass(frozen=True)
class Keys:
    """One row per position: what that position offers to be found by."""

    rows: Matrix

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", _rows("Keys", self.rows))


@dataclass(frozen=True)
class Values:
    """One row per position: what that position hands over once found. Mixed, never scored."""

    rows: Matrix

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", _rows("Values", self.rows))


@dataclass(frozen=True)
class Outputs:
    """One row per query: the values mixed by that query's attention weights."""

    rows: Matrix


@dataclass(frozen=True)
class Scores:
    """Q K^T / sqrt(d): one row per query, one column per key."""

    rows: Matrix


@dataclass(frozen=True)
class Mask:
    """Which keys each query may see; a row that allows no key would leave nothing to attend to."""

    allowed: tuple[tuple[bool, ...], ...]

    def __post_init__(self) -> None:
        for position, row in enumerate(self.allowed):
            if not any(row):
                raise EmptyInputError(f"the keys allowed by Mask row {position}")


@dataclass(frozen=True)
class AttentionWeights:
    """softmax of each score row: one Distribution over the keys per query."""

    rows: tuple[Distribution, ...]


def causal_mask(length: int) -> Mask:
    """Position i sees keys 0..i only: no output may depend on a later token."""
    if length <= 0:
        raise InvalidScalarError("causal_mask length", length, "a positive int")
    return Mask(tuple(tuple(key <= query for key in range(length)) for query in range(length)))


def scaled_scores(queries: Queries, keys: Keys) -> Scores:
    """Q K^T / sqrt(d): dot products grow with the width d, so divide them back to unit scale."""
    d = len(queries.rows[0])
    if len(keys.rows[0]) != d:
        raise ShapeMismatchError("scaled_scores key width", (d,), (len(keys.rows[0]),))
    root = math.sqrt(d)
    return Scores(
        tuple(
            tuple(math.fsum(a * b for a, b in zip(q, k, strict=True)) / root for k in keys.rows)
            for q in queries.rows
        )
    )


def attention_weights(scores: Scores, mask: Mask | None = None) -> AttentionWeights:
    """A max-subtracted softmax per row; a masked key gets weight exactly 0."""
    if mask is not None and len(mask.allowed) != len(scores.rows):
        raise ShapeMismatchError(
            "attention_weights mask", (len(scores.rows),), (len(mask.allowed),)
        )
    rows: list[Distribution] = []
    for position, row in enumerate(scores.rows):
        allowed = mask.allowed[position] if mask is not None else tuple(True for _ in row)
        if len(allowed) != len(row):
            raise ShapeMismatchError("attention_weights mask row", (len(row),), (len(allowed),))
        top = max(s for s, ok in zip(row, allowed, strict=True) if ok)
        exps = tuple(math.exp(s - top) if ok else 0.0 for s, ok in zip(row, allowed, strict=True))
        total = math.fsum(exps)
        rows.append(Distribution(tuple(e / total for e in exps)))
    return AttentionWeights(tuple(rows))


def mix_values(weights: AttentionWeights, values: Values) -> Outputs:
    """Each output row is its weight row's average of the value rows."""
    width = len(values.rows[0])
    mixed: list[tuple[float, ...]] = []
    for weight in weights.rows:
        p = weight.probabilities
        if len(p) != len(values.rows):
            raise ShapeMismatchError("mix_values", (len(p),), (len(values.rows),))
        mixed.append(
            tuple(
                math.fsum(w * v[c] for w, v in zip(p, values.rows, strict=True))
                for c in range(width)
            )
        )
    return Outputs(tuple(mixed))


def attend(queries: Queries, keys: Keys, values: Values, mask: Mask | None = None) -> Outputs:
    """softmax(Q K^T / sqrt(d)) V, with an optional mask on which keys each query sees."""
    # TODO: the scores are Q K^T: each query is scored against every key, not the reverse.
    return mix_values(attention_weights(scaled_scores(keys, queries), mask), values)


# --- checks: do not edit below this line ---


def test_scores_are_divided_by_the_square_root_of_the_width() -> None:
    scores = scaled_scores(
        Queries(((1.0, 1.0, 1.0, 1.0),)), Keys(((1.0, 1.0, 1.0, 1.0), (0.0,) * 4))
    )
    assert scores.rows == ((2.0, 0.0),), (
        f"q . k = 4 at width d = 4, so the scaled score is 4 / sqrt(4) = 2; got {scores.rows}"
    )


def test_each_weight_row_is_a_distribution_over_the_keys() -> None:
    weights = attention_weights(Scores(((0.0, 1.0, 2.0), (5.0, 5.0, 5.0))))
    assert all(isinstance(row, Distribution) for row in weights.rows)
    assert [len(row) for row in weights.rows] == [3, 3], "one probability per key, in every row"
    assert weights.rows[1].probabilities == pytest.approx((1 / 3, 1 / 3, 1 / 3))


def test_each_token_is_scored_with_its_own_query() -> None:
    queries = Queries(((1.0,), (0.0,)))
    keys = Keys(((0.0,), (2.0,)))
    values = Values(((1.0,), (3.0,)))
    out = attend(queries, keys, values).rows
    e2 = math.exp(2.0)
    assert out[0][0] == pytest.approx((1.0 + 3.0 * e2) / (1.0 + e2)), (
        "token 0 (query 1) scores the keys (0, 2), so it leans towards value 3: "
        f"expected {(1.0 + 3.0 * e2) / (1.0 + e2):.4f}, got {out[0][0]:.4f} (scores K Q^T?)"
    )
    assert out[1][0] == pytest.approx(2.0), "token 1 (query 0) scores every key 0: mean value 2"


def test_the_first_position_under_a_causal_mask_sees_only_itself() -> None:
    weights = attention_weights(Scores(((9.0, 1.0, 1.0),) * 3), causal_mask(3))
    assert weights.rows[0].probabilities == (1.0, 0.0, 0.0)
    assert weights.rows[1].probabilities[2] == 0.0, "position 1 must not see key 2"


def test_without_a_mask_a_later_token_does_change_an_earlier_output() -> None:
    q, k = Queries(((1.0,), (1.0,))), Keys(((0.0,), (1.0,)))
    first = attend(q, k, Values(((0.0,), (0.0,)))).rows[0]
    second = attend(q, k, Values(((0.0,), (1.0,)))).rows[0]
    assert first != second, "with every key visible, token 0's output reads token 1's value"


_ROW = st.lists(st.floats(-3.0, 3.0), min_size=2, max_size=2).map(tuple)
_SEQUENCE = st.lists(_ROW, min_size=2, max_size=5).map(tuple)


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(data=st.data(), tokens=_SEQUENCE)
def test_under_a_causal_mask_earlier_outputs_ignore_later_tokens(
    data: st.DataObject, tokens: Matrix
) -> None:
    n = len(tokens)
    cut = data.draw(st.integers(1, n - 1), label="positions kept")
    later = data.draw(st.lists(_ROW, min_size=n - cut, max_size=n - cut), label="new later tokens")
    changed = tokens[:cut] + tuple(later)

    def outputs(rows: Matrix) -> Matrix:
        flipped = tuple((b, a) for a, b in rows)
        return attend(Queries(rows), Keys(flipped), Values(rows), causal_mask(n)).rows

    before, after = outputs(tokens), outputs(changed)
    for position in range(cut):
        assert after[position] == pytest.approx(before[position], abs=1e-12), (
            f"output {position} changed when only tokens {cut}..{n - 1} did: the mask leaks"
        )


def _must_stay_rejected(q: Queries, k: Keys, v: Values, weights: AttentionWeights) -> None:
    scaled_scores(k, q)  # expect-type-error[arg-type]
    mix_values(weights, k)  # expect-type-error[arg-type]
    attend(v, k, q)  # expect-type-error[arg-type]
    _row: tuple[float, ...] = weights.rows[0]  # expect-type-error[assignment]
