"""Shortcut: add everything as floats, so a count of cells comes back fractional."""

from __future__ import annotations

from collections.abc import Iterable


def total(amounts: Iterable[float], start: float) -> float:
    """The start plus every amount, in the amounts' own number type."""
    result = start
    for amount in amounts:
        result = result + amount
    return result


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tiny_ml.sketches import NO_COST, Cost  # noqa: E402


def test_memory_cells_stay_whole() -> None:
    # 16 + 9 + 4 = 29 cells
    cells = total((16, 9, 4), 0)
    assert_type(cells, int)
    assert cells == 29 and isinstance(cells, int)


def test_seconds_add_as_floats() -> None:
    # 0.5 + 0.25 + 1.5 = 2.25 seconds
    seconds = total((0.5, 0.25, 1.5), 0.0)
    assert_type(seconds, float)
    assert seconds == pytest.approx(2.25)


def test_no_jobs_cost_the_start() -> None:
    assert total((), 0) == 0
    assert total((), 0.0) == 0.0


@settings(derandomize=True, database=None, deadline=None, max_examples=100)
@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50))
def test_more_resource_never_lowers_the_total(a: int, b: int, c: int) -> None:
    low, high = min(a, b), max(a, b)
    assert total((low, c), 0) <= total((high, c), 0)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    total(("16", "9"), "")  # type: ignore[type-var]
    total((Cost(3),), NO_COST)  # type: ignore[type-var]
