"""Shortcut: give Product the widest arguments, object and object, which check nothing useful."""

from __future__ import annotations

from tiny_ml.domain import Product, TokenId, TokenSequence


def context_and_target(sequence: TokenSequence, position: int) -> Product[object, object]:
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
