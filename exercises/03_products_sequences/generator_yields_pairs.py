"""generator_yields_pairs: a generator typed to yield pairs of tokens must yield tokens, not positions.

Windowing a long corpus lazily, one pair at a time, saves copying it: a generator's return type
`Iterator[tuple[TokenId, TokenId]]` promises that every value it yields is a (context, target)
pair of token ids. The loop below walks over positions and yields the positions themselves:
ints, which an embedding lookup would take for token ids. mypy checks every `yield` against the
promise. At the TODO, yield the tokens found at those positions.
"""

from __future__ import annotations

from collections.abc import Iterator

from tiny_ml.domain import TokenId, TokenSequence


def pairs(sequence: TokenSequence) -> Iterator[tuple[TokenId, TokenId]]:
    """Each (context, target) pair of the sequence in reading order, one at a time."""
    for position in range(len(sequence) - 1):
        # TODO: these are positions in the sequence, not the tokens stored there.
        yield position, position + 1


# --- checks: do not edit below this line ---

SENTENCE = TokenSequence.of([7, 2, 7, 4])


def test_pairs_are_the_tokens_in_order() -> None:
    got = list(pairs(SENTENCE))
    assert got == [
        (TokenId(7), TokenId(2)),
        (TokenId(2), TokenId(7)),
        (TokenId(7), TokenId(4)),
    ], f"each pair must hold the tokens at positions i and i + 1, got {got}"


def test_pairs_are_made_lazily() -> None:
    first = next(pairs(TokenSequence.of(list(range(10_000)))))
    assert first == (TokenId(0), TokenId(1))


def _must_stay_rejected() -> None:
    _positions: Iterator[tuple[int, int]] = pairs(SENTENCE)  # expect-type-error[assignment]
    for context, _target in pairs(SENTENCE):
        _next = context + 1  # expect-type-error[operator]
