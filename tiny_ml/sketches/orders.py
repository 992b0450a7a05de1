"""Sketch 1, orders: how much of the input a pipeline stage still lets you recover.

`InformationLevel` is a preorder (reflexive and transitive, not antisymmetric: text and tokens
tie yet differ), and `join` is its least upper bound, the least a merge of two stages knows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final, TypeVar

from tiny_ml.sketches._counts import require_count

T = TypeVar("T")


@dataclass(frozen=True)
class InformationLevel:
    """How much of the input a stage still lets you recover (rank >= 0); equal ranks tie."""

    name: str
    rank: int

    def __post_init__(self) -> None:
        require_count("InformationLevel.rank", self.rank)

    def __le__(self, other: InformationLevel) -> bool:
        """`other` recovers at least as much as `self`: reflexive and transitive."""
        return self.rank <= other.rank


TEXT: Final = InformationLevel("text", 3)
"""The sentence itself."""
TOKENS: Final = InformationLevel("tokens", 3)
"""Token ids: a lossless encoding, so TEXT <= TOKENS and TOKENS <= TEXT, yet they differ."""
LOGITS: Final = InformationLevel("logits", 2)
"""Next-token scores: the text is gone, a shift of all scores is not."""
DISTRIBUTION: Final = InformationLevel("distribution", 1)
"""Probabilities: softmax forgets the shift."""
LOSS: Final = InformationLevel("loss", 0)
"""One number: the least a stage can tell."""


def is_reflexive(elements: Iterable[T], leq: Callable[[T, T], bool]) -> bool:
    """a <= a for every element: the first preorder law."""
    return all(leq(a, a) for a in elements)


def is_transitive(elements: Iterable[T], leq: Callable[[T, T], bool]) -> bool:
    """a <= b and b <= c give a <= c, for every triple: the second preorder law."""
    items = tuple(elements)
    return all(leq(a, c) for a in items for b in items for c in items if leq(a, b) and leq(b, c))


def join(left: InformationLevel, right: InformationLevel) -> InformationLevel:
    """The least upper bound: the less informative of the two, which both flow into.

    In a preorder a join is unique only up to ties; on a tie this returns `right`.
    """
    return right if left <= right else left
