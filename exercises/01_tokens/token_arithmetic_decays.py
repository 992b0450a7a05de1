"""token_arithmetic_decays: arithmetic on a NewType gives back a plain int.

`NewType("PieceId", int)` is a free way to name ids: at runtime a PieceId is an int, and mypy
keeps it apart from other ints. But `+` is int's operator, so `piece + 1` is an int again and the
name is lost: the next id must be wrapped again. (tiny_ml's TokenId is a dataclass, not a NewType,
so it has no `+` at all.) Make `next_piece` return a PieceId by wrapping the sum at the TODO.
"""

from __future__ import annotations

from typing import NewType

PieceId = NewType("PieceId", int)
"""The id of a subword piece: a position in a piece vocabulary."""


def next_piece(piece: PieceId) -> PieceId:
    """The id right after `piece`: where a newly learned piece is stored."""
    # TODO: `piece + 1` is an int; a PieceId is made by calling PieceId(...).
    return piece + 1


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402


def test_next_piece_adds_one() -> None:
    assert next_piece(PieceId(4)) == 5


def test_next_piece_chains() -> None:
    first = PieceId(0)
    assert next_piece(next_piece(first)) == 2


def _must_stay_rejected() -> None:
    assert_type(next_piece(PieceId(1)), PieceId)
    next_piece(1)  # expect-type-error[arg-type]
    next_piece(PieceId(1) + 1)  # expect-type-error[arg-type]
