"""product_parts_in_order: swapping a product A x B gives B x A, its parts in the other order.

A Product keeps its parts in a fixed order, and the order is part of its type: windowing makes
(context token, prediction) pairs, while CrossEntropy reads `Product[Distribution, TokenId]`, the
prediction first. `swap` turns one order into the other for any two types A and B, which is why
it is generic. Its signature is right; its body is not. Fix the body at the TODO.
"""

from __future__ import annotations

from typing import TypeVar

from tiny_ml.domain import Distribution, Product, TokenId

A = TypeVar("A")
B = TypeVar("B")


def swap(pair: Product[A, B]) -> Product[B, A]:
    """The same two parts the other way round: A x B and B x A hold the same information."""
    return Product(pair.second, pair.first)


def for_the_loss(scored: Product[TokenId, Distribution]) -> Product[Distribution, TokenId]:
    """(target, prediction) put in the order the loss reads: prediction first."""
    return swap(scored)


# --- checks: do not edit below this line ---

import math  # noqa: E402
from typing import assert_type  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tiny_ml.domain import Loss  # noqa: E402
from tiny_ml.ml import CrossEntropy  # noqa: E402


def test_swap_exchanges_the_parts() -> None:
    assert swap(Product(TokenId(1), "cat")) == Product("cat", TokenId(1))


def test_the_loss_reads_the_swapped_pair() -> None:
    prediction = Distribution((0.25, 0.75))
    loss = CrossEntropy().apply(for_the_loss(Product(TokenId(1), prediction)))
    assert math.isclose(loss.value, -math.log(0.75))


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 100), st.text(max_size=5))
def test_swapping_twice_changes_nothing(index: int, word: str) -> None:
    pair = Product(TokenId(index), word)
    assert swap(swap(pair)) == pair, "swap is its own inverse: swap(swap(p)) == p"


def _must_stay_rejected() -> None:
    swapped = swap(Product(TokenId(1), Loss(0.5)))
    assert_type(swapped, Product[Loss, TokenId])
    _same_order: Product[TokenId, Loss] = swapped  # expect-type-error[assignment]
