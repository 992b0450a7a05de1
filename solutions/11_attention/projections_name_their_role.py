"""projections_name_their_role: a key projection returns Keys, never Queries.

Attention reads every hidden row three ways: as a query (what this position looks for), as a key
(what it offers to be found by) and as a value (what it hands over once found). Each role comes
from its own weight matrix, and a score pairs a query row with a key row in that order, so each
projection's result carries its role in its type: the score function accepts nothing else.
"""

from __future__ import annotations

import math

from tiny_ml.attention import AttentionParameters, Hidden, Keys, Queries, Scores, scaled_scores
from tiny_ml.domain import Matrix


def _times(rows: Matrix, weights: Matrix) -> Matrix:
    """rows (n x k) times weights (k x m)."""
    columns = tuple(zip(*weights, strict=True))
    return tuple(
        tuple(math.fsum(a * b for a, b in zip(row, column, strict=True)) for column in columns)
        for row in rows
    )


def queries_of(hidden: Hidden, parameters: AttentionParameters) -> Queries:
    """Hidden (n x d) times the query matrix: what each position looks for."""
    return Queries(_times(hidden.rows, parameters.query))


def keys_of(hidden: Hidden, parameters: AttentionParameters) -> Keys:
    """Hidden (n x d) times the key matrix: what each position offers to be found by."""
    return Keys(_times(hidden.rows, parameters.key))


def self_scores(hidden: Hidden, parameters: AttentionParameters) -> Scores:
    """Every position's query scored against every position's key."""
    return scaled_scores(queries_of(hidden, parameters), keys_of(hidden, parameters))


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402

from tiny_ml.attention import HeadCount, HeadDimension  # noqa: E402
from tiny_ml.domain import ModelDimension  # noqa: E402

IDENTITY = ((1.0, 0.0), (0.0, 1.0))
SWAP = ((0.0, 1.0), (1.0, 0.0))
PARAMETERS = AttentionParameters(
    model_dimension=ModelDimension(2),
    heads=HeadCount(1),
    head_dimension=HeadDimension(2),
    query=IDENTITY,
    key=SWAP,
    value=IDENTITY,
    output=IDENTITY,
)
HIDDEN = Hidden(((1.0, 2.0), (3.0, 0.0)))


def test_keys_come_from_the_key_matrix() -> None:
    keys = keys_of(HIDDEN, PARAMETERS)
    assert isinstance(keys, Keys), "a key projection builds Keys"
    # the key matrix swaps the two columns: (1, 2) -> (2, 1), (3, 0) -> (0, 3)
    assert keys.rows == ((2.0, 1.0), (0.0, 3.0)), "keys are the hidden rows times the key matrix"


def test_keys_of_a_wider_projection() -> None:
    parameters = AttentionParameters(
        model_dimension=ModelDimension(2),
        heads=HeadCount(1),
        head_dimension=HeadDimension(3),
        query=((1.0, 0.0, 0.0), (0.0, 1.0, 0.0)),
        key=((1.0, 2.0, 0.0), (3.0, -1.0, 1.0)),
        value=((1.0, 0.0, 0.0), (0.0, 1.0, 0.0)),
        output=((1.0, 0.0), (0.0, 1.0), (0.0, 0.0)),
    )
    keys = keys_of(Hidden(((1.0, 1.0), (2.0, 0.5), (0.0, -1.0))), parameters)
    # (1, 1) -> (1 + 3, 2 - 1, 0 + 1) = (4, 1, 1)
    # (2, 0.5) -> (2 + 1.5, 4 - 0.5, 0 + 0.5) = (3.5, 3.5, 0.5)
    # (0, -1) -> (0 - 3, 0 + 1, 0 - 1) = (-3, 1, -1)
    assert keys.rows == ((4.0, 1.0, 1.0), (3.5, 3.5, 0.5), (-3.0, 1.0, -1.0)), f"got {keys.rows}"


def test_scores_pair_queries_with_keys() -> None:
    scores = self_scores(HIDDEN, PARAMETERS)
    # queries (1, 2), (3, 0); keys (2, 1), (0, 3); divide by sqrt(2)
    # row 0: (1*2 + 2*1, 1*0 + 2*3) / 1.41421 = (2.828427, 4.242641)
    # row 1: (3*2 + 0*1, 3*0 + 0*3) / 1.41421 = (4.242641, 0.0)
    expected = ((2.828427, 4.242641), (4.242641, 0.0))
    for got_row, want_row in zip(scores.rows, expected, strict=True):
        for got, want in zip(got_row, want_row, strict=True):
            assert abs(got - want) < 1e-6, f"score {got} should be {want}"


def _keeps_the_roles() -> None:
    assert_type(keys_of(HIDDEN, PARAMETERS), Keys)
    assert_type(queries_of(HIDDEN, PARAMETERS), Queries)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    _as_queries: Queries = keys_of(HIDDEN, PARAMETERS)  # type: ignore[assignment]
    keys = keys_of(HIDDEN, PARAMETERS)
    scaled_scores(keys, keys)  # type: ignore[arg-type]
