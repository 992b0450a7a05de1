"""list_is_invariant: a list[PieceId] is not a list[int]; a read-only parameter type accepts both.

Every PieceId is an int, yet mypy refuses a `list[PieceId]` where a `list[int]` is wanted: a
function holding a `list[int]` may append any int, say -1, to what is really a list of piece ids.
`highest_id` never changes the ids it is given, only reads them, and its parameter type should say
exactly that: then lists of piece ids, lists of plain ints and tuples of either are all welcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NewType

PieceId = NewType("PieceId", int)
"""The id of a subword piece: a position in a piece vocabulary."""


def highest_id(ids: Sequence[int]) -> int:
    """The largest id in a non-empty run of ids: one less than the vocabulary size it needs."""
    return max(ids)


def vocabulary_size_needed(pieces: list[PieceId]) -> int:
    """How many rows an embedding table needs for these pieces."""
    return highest_id(pieces) + 1


# --- checks: do not edit below this line ---


def test_vocabulary_size_needed() -> None:
    # the highest piece id is 7, so ids 0..7 need 8 rows
    assert vocabulary_size_needed([PieceId(3), PieceId(0), PieceId(7)]) == 8


def test_highest_id_reads_tuples_too() -> None:
    assert highest_id((4, 2)) == 4
    assert highest_id([PieceId(1)]) == 1


def _must_stay_rejected(pieces: list[PieceId]) -> None:
    _as_ints: list[int] = pieces  # type: ignore[assignment]
    highest_id(["7"])  # type: ignore[list-item]
    highest_id(7)  # type: ignore[arg-type]
