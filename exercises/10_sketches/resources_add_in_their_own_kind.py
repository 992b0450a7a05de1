"""resources_add_in_their_own_kind: one total for every resource, each summed in its own kind.

Sketch 3 treats resources as a monoid that respects order: running two jobs costs the sum of their
costs, running none costs the starting amount, and more of a resource in one job never lowers the
total. Some resources are counted in whole units (memory cells, GPU count: ints), others are
measured (seconds, joules: floats). `total` is written once for both, and a total of cells must
come back as an int, because a fractional cell means nothing. A type variable that can be
anything promises no `+` at all; this one must range over exactly the two number types.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

N = TypeVar("N")


def total(amounts: Iterable[N], start: N) -> N:
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
