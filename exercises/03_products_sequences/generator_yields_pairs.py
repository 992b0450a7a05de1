"""generator_yields_pairs: a generator's signature promises what it takes and what it yields.

Windowing a long corpus lazily, one (context, target) pair at a time, saves copying it. The
generator below does the right thing, but without annotations mypy --strict refuses to let it
into typed code: a function without types checks nothing in its body, and everything it yields
would be unknown to its callers, who could treat a pair of token ids as anything at all. Its
signature must state what it reads and what kind of values it produces, one after the other.
"""

from __future__ import annotations

from tiny_ml.domain import Product, TokenId, TokenSequence


def pairs(sequence):
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
