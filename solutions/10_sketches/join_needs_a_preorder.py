"""join_needs_a_preorder: a join is defined for anything that can compare itself with its kind.

Sketch 1 orders the stages of the pipeline by how much of the input they still let you recover:
text, tokens, logits, distribution, loss. The join of two elements is the least element at or above
both; in an order where any two elements compare, it is simply the higher one. `join` below is
written once for every such order, so its type variable must promise what the body uses: the
`Preorder` Protocol has to state the comparison, and it compares an element with another of its
own kind, never with an element of some other order.
"""

from __future__ import annotations

from typing import Protocol, Self, TypeVar


class Preorder(Protocol):
    """An element of a preorder: it can say whether it sits at or below another of its kind."""

    def leq(self, other: Self, /) -> bool:
        """self <= other: reflexive and transitive."""
        ...


P = TypeVar("P", bound=Preorder)


def join(a: P, b: P) -> P:
    """The least element at or above both a and b, in an order where any two elements compare."""
    return b if a.leq(b) else a


# --- checks: do not edit below this line ---

from dataclasses import dataclass  # noqa: E402
from typing import assert_type  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@dataclass(frozen=True)
class Level:
    """How much of the input a stage still lets you recover."""

    name: str
    rank: int

    def leq(self, other: Level) -> bool:
        return self.rank <= other.rank


@dataclass(frozen=True)
class MemoryCells:
    cells: int

    def leq(self, other: MemoryCells) -> bool:
        return self.cells <= other.cells


TEXT = Level("text", 3)
TOKENS = Level("tokens", 3)
LOGITS = Level("logits", 2)
DISTRIBUTION = Level("distribution", 1)


def test_join_is_the_higher_level() -> None:
    assert join(LOGITS, DISTRIBUTION) == LOGITS
    assert join(DISTRIBUTION, LOGITS) == LOGITS
    assert_type(join(LOGITS, DISTRIBUTION), Level)


def test_join_works_for_any_preorder() -> None:
    assert join(MemoryCells(16), MemoryCells(9)) == MemoryCells(16)
    assert_type(join(MemoryCells(16), MemoryCells(9)), MemoryCells)


def test_tied_levels_join_to_an_equivalent_one() -> None:
    # text and tokens recover the same (rank 3): either is a join; this one keeps the second
    assert join(TEXT, TOKENS) == TOKENS


@settings(derandomize=True, database=None, deadline=None, max_examples=100)
@given(st.integers(0, 9), st.integers(0, 9), st.integers(0, 9))
def test_join_is_the_least_upper_bound(a: int, b: int, c: int) -> None:
    x, y, bound = Level("x", a), Level("y", b), Level("bound", c)
    top = join(x, y)
    assert x.leq(top) and y.leq(top), "a join sits at or above both elements"
    if x.leq(bound) and y.leq(bound):
        assert top.leq(bound), "a join sits at or below every other upper bound"


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    join(3, 4)  # type: ignore[type-var]
