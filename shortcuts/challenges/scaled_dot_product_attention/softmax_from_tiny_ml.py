"""Shortcut: take the softmax of the visible scores from tiny_ml.ml.softmax_values."""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.domain import Distribution, Matrix
from tiny_ml.ml import softmax_values
from tiny_ml.errors import EmptyInputError, InvalidScalarError, ShapeMismatchError


def _require_rows(name: str, rows: Matrix) -> None:
    """Refuse an empty, ragged or non-finite matrix."""
    if len(rows) == 0 or len(rows[0]) == 0:
        raise EmptyInputError(name)
    for position, row in enumerate(rows):
        if len(row) != len(rows[0]):
            raise ShapeMismatchError(f"{name} row {position}", (len(rows[0]),), (len(row),))
        for v in row:
            if not math.isfinite(v):
                raise InvalidScalarError(f"every entry of {name}", v, "finite")


@dataclass(frozen=True)
class Queries:
    """One row per position: what that position is looking for. Scored against Keys only."""

    rows: Matrix

    def __post_init__(self) -> None:
        _require_rows("Queries", self.rows)


@dataclass(frozen=True)
class Keys:
    """One row per position: what that position offers to be found by."""

    rows: Matrix

    def __post_init__(self) -> None:
        _require_rows("Keys", self.rows)


@dataclass(frozen=True)
class Values:
    """One row per position: what that position hands over once found. Mixed, never scored."""

    rows: Matrix

    def __post_init__(self) -> None:
        _require_rows("Values", self.rows)


@dataclass(frozen=True)
class Scores:
    """Raw scaled scores, no mask applied yet: one row per query, one column per key."""

    rows: Matrix


@dataclass(frozen=True)
class Mask:
    """Which keys each query may see, one row per query: rectangular, and no row sees nothing."""

    allowed: tuple[tuple[bool, ...], ...]

    def __post_init__(self) -> None:
        if len(self.allowed) == 0:
            raise EmptyInputError("Mask")
        for position, row in enumerate(self.allowed):
            if len(row) != len(self.allowed[0]):
                raise ShapeMismatchError(
                    f"Mask row {position}", (len(self.allowed[0]),), (len(row),)
                )
            if not any(row):
                raise EmptyInputError(f"the keys allowed by Mask row {position}")


def causal_mask(length: int) -> Mask:
    """Position i sees keys 0..i only (section 3.2.3): no output may depend on a later token."""
    if length <= 0:
        raise InvalidScalarError("causal_mask length", length, "a positive int")
    return Mask(tuple(tuple(key <= query for key in range(length)) for query in range(length)))


def full_mask(queries: int, keys: int) -> Mask:
    """Every query sees every key: what attention with no mask means."""
    if queries <= 0 or keys <= 0:
        raise InvalidScalarError("full_mask size", (queries, keys), "positive ints")
    return Mask(tuple(tuple(True for _ in range(keys)) for _ in range(queries)))


@dataclass(frozen=True)
class MaskedScores:
    """Scores a mask has seen: None where the key is hidden, so nothing can exponentiate it."""

    rows: tuple[tuple[float | None, ...], ...]

    def __post_init__(self) -> None:
        for position, row in enumerate(self.rows):
            if all(score is None for score in row):
                raise EmptyInputError(f"the visible scores of MaskedScores row {position}")


@dataclass(frozen=True)
class AttentionWeights:
    """softmax of each masked score row: one Distribution over the keys per query."""

    rows: tuple[Distribution, ...]


@dataclass(frozen=True)
class Outputs:
    """One row per query: the value rows averaged with that query's weights."""

    rows: Matrix


def scaled_dot_products(queries: Queries, keys: Keys) -> Scores:
    """Every query against every key, divided by the square root of their common width d_k.

    Dot products of d_k-wide vectors grow with d_k; the division keeps the softmax out of its
    flat regions. Queries and keys of different widths are a ShapeMismatchError.
    """
    width = len(queries.rows[0])
    if len(keys.rows[0]) != width:
        raise ShapeMismatchError("scaled_dot_products key width", (width,), (len(keys.rows[0]),))
    root = math.sqrt(width)
    return Scores(
        tuple(
            tuple(math.fsum(a * b for a, b in zip(q, k, strict=True)) / root for k in keys.rows)
            for q in queries.rows
        )
    )


def apply_mask(scores: Scores, mask: Mask) -> MaskedScores:
    """Keep the scores the mask allows and leave none where it hides a key.

    A mask of another shape than the scores is a ShapeMismatchError.
    """
    shape = (len(scores.rows), len(scores.rows[0]))
    if (len(mask.allowed), len(mask.allowed[0])) != shape:
        raise ShapeMismatchError("apply_mask", shape, (len(mask.allowed), len(mask.allowed[0])))
    return MaskedScores(
        tuple(
            tuple(score if seen else None for score, seen in zip(row, allowed, strict=True))
            for row, allowed in zip(scores.rows, mask.allowed, strict=True)
        )
    )


def softmax_rows(scores: MaskedScores) -> AttentionWeights:
    """Each row's softmax over its visible scores; a hidden key gets weight exactly 0."""
    rows: list[Distribution] = []
    for row in scores.rows:
        shares = iter(softmax_values(tuple(score for score in row if score is not None)))
        rows.append(Distribution(tuple(0.0 if score is None else next(shares) for score in row)))
    return AttentionWeights(tuple(rows))


def weighted_values(weights: AttentionWeights, values: Values) -> Outputs:
    """Each output row: the value rows averaged with one query's weights (one weight per key).

    A weight row that does not have one weight per value row is a ShapeMismatchError.
    """
    width = len(values.rows[0])
    mixed: list[tuple[float, ...]] = []
    for weight in weights.rows:
        p = weight.probabilities
        if len(p) != len(values.rows):
            raise ShapeMismatchError("weighted_values", (len(values.rows),), (len(p),))
        mixed.append(
            tuple(
                math.fsum(w * v[c] for w, v in zip(p, values.rows, strict=True))
                for c in range(width)
            )
        )
    return Outputs(tuple(mixed))


def attention(queries: Queries, keys: Keys, values: Values, mask: Mask) -> Outputs:
    """Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V, each query seeing what the mask allows."""
    masked = apply_mask(scaled_dot_products(queries, keys), mask)
    return weighted_values(softmax_rows(masked), values)


# --- checks: do not edit below this line ---

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

LOG3 = math.log(3.0)


def _near(got: Matrix, expected: Matrix, tolerance: float = 1e-7) -> bool:
    """Same shape, and every entry within the tolerance (the literals are rounded by hand)."""
    return len(got) == len(expected) and all(
        len(g) == len(e) and all(abs(a - b) <= tolerance for a, b in zip(g, e, strict=True))
        for g, e in zip(got, expected, strict=True)
    )


def test_scores_are_one_row_per_query_divided_by_the_root_of_the_width() -> None:
    wide = scaled_dot_products(Queries(((1.0,) * 4,)), Keys(((1.0,) * 4, (0.0,) * 4)))
    # q . k = 1 + 1 + 1 + 1 = 4 at d_k = 4, so 4 / sqrt(4) = 2; against the zero key 0
    assert wide.rows == ((2.0, 0.0),), f"4 / sqrt(4) = 2 and 0, got {wide.rows}"
    scores = scaled_dot_products(
        Queries(((1.0, 0.0), (0.0, 1.0))), Keys(((1.0, 0.0), (0.0, 2.0), (1.0, 1.0)))
    )
    # q_0 . k = (1, 0, 1) and q_1 . k = (0, 2, 1), each divided by sqrt(2) = 1.4142136
    assert _near(scores.rows, ((0.7071068, 0.0, 0.7071068), (0.0, 1.4142136, 0.7071068))), (
        f"two queries against three keys give 2 rows of 3 scores, got {scores.rows}"
    )


def test_a_key_of_another_width_is_a_shape_mismatch() -> None:
    with pytest.raises(ShapeMismatchError):
        scaled_dot_products(Queries(((1.0, 0.0),)), Keys(((1.0, 0.0, 0.0),)))


def test_the_mask_leaves_no_score_where_it_hides_a_key() -> None:
    scores = Scores(((1.0, 2.0), (3.0, 4.0)))
    assert apply_mask(scores, causal_mask(2)).rows == ((1.0, None), (3.0, 4.0)), (
        "query 0 may not see key 1 under a causal mask: its score there must be None"
    )
    assert apply_mask(scores, full_mask(2, 2)).rows == ((1.0, 2.0), (3.0, 4.0))
    with pytest.raises(ShapeMismatchError):
        apply_mask(scores, causal_mask(3))


def test_each_weight_row_is_a_softmax_over_the_visible_keys() -> None:
    weights = softmax_rows(MaskedScores(((0.0, LOG3), (None, 5.0), (1000.0, 1001.0))))
    assert all(isinstance(row, Distribution) for row in weights.rows)
    # exp(0) = 1 and exp(log 3) = 3: weights 1/4 and 3/4
    assert weights.rows[0].probabilities == pytest.approx((0.25, 0.75)), (
        f"scores (0, log 3) give weights (1/4, 3/4), got {weights.rows[0].probabilities}"
    )
    assert weights.rows[1].probabilities == (0.0, 1.0), "a hidden key gets weight exactly 0"
    # (1000, 1001) is (0, 1) shifted: 1 / (1 + e) = 0.2689414 and e / (1 + e) = 0.7310586
    assert weights.rows[2].probabilities == pytest.approx((0.2689414, 0.7310586)), (
        "subtract the row's largest score before exp: (1000, 1001) weighs like (0, 1)"
    )


def test_outputs_average_the_values_with_the_weights() -> None:
    weights = AttentionWeights((Distribution((0.25, 0.75)), Distribution((1.0, 0.0))))
    outputs = weighted_values(weights, Values(((0.0, 8.0), (4.0, 0.0))))
    # 0.25 * (0, 8) + 0.75 * (4, 0) = (3, 2); 1 * (0, 8) + 0 * (4, 0) = (0, 8)
    assert _near(outputs.rows, ((3.0, 2.0), (0.0, 8.0))), (
        f"output i is sum_j weights[i][j] * v_j: expected ((3, 2), (0, 8)), got {outputs.rows}"
    )


def test_each_token_is_scored_with_its_own_query() -> None:
    out = attention(
        Queries(((LOG3,), (0.0,))),
        Keys(((0.0,), (1.0,))),
        Values(((0.0,), (4.0,))),
        full_mask(2, 2),
    ).rows
    # query 0 scores the keys (0, log 3): weights (1/4, 3/4), output 0.75 * 4 = 3
    # query 1 scores both keys 0: weights (1/2, 1/2), output 2
    # (scored the other way round, K Q^T, the outputs would be 2 and 1)
    assert _near(out, ((3.0,), (2.0,))), (
        f"expected ((3,), (2,)) with each query scoring the keys, got {out}"
    )


def test_the_width_is_divided_out_before_the_softmax() -> None:
    half = LOG3 / 2.0
    out = attention(
        Queries(((half,) * 4,)),
        Keys(((0.0,) * 4, (1.0,) * 4)),
        Values(((0.0,), (4.0,))),
        full_mask(1, 2),
    ).rows
    # q . k_1 = 4 * (log 3) / 2 = 2 log 3; / sqrt(4) = log 3: weights (1/4, 3/4), output 3
    # (without the division the weights would be (1/10, 9/10) and the output 3.6)
    assert _near(out, ((3.0,),)), f"expected 3.0 (3.6 means no / sqrt(d_k)), got {out}"


def test_under_a_causal_mask_each_output_averages_only_the_values_so_far() -> None:
    zeros = Queries(((0.0,), (0.0,), (0.0,)))
    keys, values = Keys(((1.0,), (2.0,), (3.0,))), Values(((3.0,), (6.0,), (9.0,)))
    # zero queries score every key 0, so each output is the plain mean of the values it sees
    causal = attention(zeros, keys, values, causal_mask(3)).rows
    assert _near(causal, ((3.0,), (4.5,), (6.0,))), (
        f"under a causal mask: 3, (3 + 6) / 2 = 4.5, (3 + 6 + 9) / 3 = 6; got {causal}"
    )
    full = attention(zeros, keys, values, full_mask(3, 3)).rows
    assert _near(full, ((6.0,), (6.0,), (6.0,))), (
        f"with every key visible each output is (3 + 6 + 9) / 3 = 6, got {full}"
    )


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
        return attention(Queries(rows), Keys(flipped), Values(rows), causal_mask(n)).rows

    before, after = outputs(tokens), outputs(changed)
    for position in range(cut):
        assert _near((after[position],), (before[position],), 1e-12), (
            f"output {position} changed when only tokens {cut}..{n - 1} did: the mask leaks"
        )


def _must_stay_rejected(
    q: Queries, k: Keys, v: Values, scores: Scores, masked: MaskedScores, weights: AttentionWeights
) -> None:
    softmax_rows(scores)  # type: ignore[arg-type]
    scaled_dot_products(k, q)  # type: ignore[arg-type]
    weighted_values(weights, k)  # type: ignore[arg-type]
    attention(q, k, v)  # type: ignore[call-arg]
    _score: float = masked.rows[0][0]  # type: ignore[assignment]
    _row: tuple[float, ...] = weights.rows[0]  # type: ignore[assignment]
