"""Shortcut: keep the list field and hand each Batch a copy of the buffer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tiny_ml.domain import TokenId


@dataclass(frozen=True)
class Batch:
    """A fixed group of token ids trained on together: built once, never changed."""

    tokens: list[TokenId]


def batches(stream: Sequence[TokenId], size: int) -> list[Batch]:
    """Cut a token stream into batches of `size` tokens, in order; a short tail is dropped."""
    found: list[Batch] = []
    buffer: list[TokenId] = []
    for token in stream:
        buffer.append(token)
        if len(buffer) == size:
            found.append(Batch(list(buffer)))
            buffer.clear()
    return found


# --- checks: do not edit below this line ---

STREAM = tuple(TokenId(i) for i in range(7))


def test_batches_keep_their_tokens() -> None:
    # 7 tokens in batches of 2: (0, 1), (2, 3), (4, 5); token 6 is a short tail
    found = [tuple(batch.tokens) for batch in batches(STREAM, 2)]
    expected = [
        (TokenId(0), TokenId(1)),
        (TokenId(2), TokenId(3)),
        (TokenId(4), TokenId(5)),
    ]
    assert found == expected, f"each Batch must keep the tokens it was built from, got {found}"


def test_equal_batches_can_be_deduplicated() -> None:
    repeated = batches(STREAM[:2] * 3, 2)
    try:
        distinct = set(repeated)
    except TypeError as error:
        raise AssertionError(f"a frozen Batch must be hashable: {error}") from None
    assert len(distinct) == 1, "three batches of the same two tokens are one distinct batch"


def _must_stay_rejected(batch: Batch) -> None:
    batch.tokens.append(TokenId(1))  # type: ignore[attr-defined]
    batch.tokens.clear()  # type: ignore[attr-defined]
    Batch([TokenId(1), TokenId(2)])  # type: ignore[arg-type]
