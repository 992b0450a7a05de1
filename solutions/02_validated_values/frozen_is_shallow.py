"""frozen_is_shallow: a frozen dataclass still holds a mutable list; a tuple field freezes it.

`frozen=True` stops `batch.tokens = ...`, but not `batch.tokens.clear()`: freezing is shallow,
and a list inside a frozen value can still change under it. The loader below reuses one buffer
list, so every Batch it makes shares that list and loses its tokens at the next `clear()`. (A
frozen value with a list inside cannot be hashed either.) At the TODO, make the field a
`tuple[TokenId, ...]`; mypy then shows where a Batch is built from the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tiny_ml.domain import TokenId


@dataclass(frozen=True)
class Batch:
    """A fixed group of token ids trained on together: built once, never changed."""

    tokens: tuple[TokenId, ...]


def batches(stream: Sequence[TokenId], size: int) -> list[Batch]:
    """Cut a token stream into batches of `size` tokens, in order; a short tail is dropped."""
    found: list[Batch] = []
    buffer: list[TokenId] = []
    for token in stream:
        buffer.append(token)
        if len(buffer) == size:
            found.append(Batch(tuple(buffer)))
            buffer.clear()
    return found


# --- checks: do not edit below this line ---

STREAM = tuple(TokenId(i) for i in range(7))


def test_batches_keep_their_tokens() -> None:
    found = [tuple(batch.tokens) for batch in batches(STREAM, 2)]
    expected = [STREAM[0:2], STREAM[2:4], STREAM[4:6]]
    assert found == expected, (
        f"each Batch must keep the tokens it was built from, where nobody can clear them: "
        f"got {found}"
    )


def test_equal_batches_can_be_deduplicated() -> None:
    repeated = batches(STREAM[:2] * 3, 2)
    try:
        distinct = set(repeated)
    except TypeError as error:
        raise AssertionError(
            f"a frozen Batch must be hashable, which needs every field to be immutable: {error}"
        ) from None
    assert len(distinct) == 1, "three batches of the same two tokens are one distinct batch"
