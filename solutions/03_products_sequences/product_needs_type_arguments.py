"""product_needs_type_arguments: a Product names the types of both its parts.

`Product[A, B]` is the categorical product A x B: one value holding an A and a B, in that order.
Written without its type arguments, a Product is a product of anything with anything: mypy stops
checking what goes in and what comes out, so a pair of token ids could be read as a word or a
distribution without a complaint. mypy --strict refuses a generic class used that way. The pair
`context_and_target` returns must say exactly what its two parts are.
"""

from __future__ import annotations

from tiny_ml.domain import Product, TokenId, TokenSequence


def context_and_target(sequence: TokenSequence, position: int) -> Product[TokenId, TokenId]:
    """The token at `position` (what the model reads) and the one after it (what it predicts)."""
    return Product(sequence[position], sequence[position + 1])


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402

SENTENCE = TokenSequence.of([4, 1, 3])


def test_the_pair_is_context_then_target() -> None:
    pair = assert_type(context_and_target(SENTENCE, 1), Product[TokenId, TokenId])
    # position 1 holds id 1, position 2 holds id 3
    assert pair == Product(TokenId(1), TokenId(3))


def _must_stay_rejected() -> None:
    pair = context_and_target(SENTENCE, 0)
    _word: str = pair.first  # type: ignore[assignment]
    pair.second.probability_of(pair.first)  # type: ignore[attr-defined]
