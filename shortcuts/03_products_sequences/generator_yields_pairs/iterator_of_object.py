"""Shortcut: annotate the parameter and promise an Iterator of object, which mypy cannot check."""

from __future__ import annotations

from collections.abc import Iterator

from tiny_ml.domain import Product, TokenId, TokenSequence


def pairs(sequence: TokenSequence) -> Iterator[object]:
    """Each (context, target) pair of the sequence in reading order, one at a time."""
    for position in range(len(sequence) - 1):
        yield Product(sequence[position], sequence[position + 1])


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402

SENTENCE = TokenSequence.of([7, 2, 7, 4])


def test_pairs_are_the_tokens_in_order() -> None:
    got = list(pairs(SENTENCE))
    # 7 2 7 4 gives (7, 2), (2, 7), (7, 4)
    assert got == [
        Product(TokenId(7), TokenId(2)),
        Product(TokenId(2), TokenId(7)),
        Product(TokenId(7), TokenId(4)),
    ], f"each pair must hold the tokens at positions i and i + 1, got {got}"


def test_pairs_are_made_lazily() -> None:
    first = assert_type(next(pairs(SENTENCE)), Product[TokenId, TokenId])
    assert first == Product(TokenId(7), TokenId(2))


def _must_stay_rejected() -> None:
    pairs([7, 2, 7])  # type: ignore[arg-type]
    for pair in pairs(SENTENCE):
        _next = pair.first + 1  # type: ignore[operator]
