"""piece_id_is_a_newtype: a new kind of id gets a type of its own, not a second name for int.

A subword tokenizer splits rare words into pieces ("un", "break", "able") and numbers the pieces
in a table of their own, so a piece id is neither a token id nor a count. Giving int a second name
changes nothing: mypy still sees an int, and any number at all is accepted as a piece id. A piece id
needs to be a type mypy keeps apart from int, while costing nothing at runtime (TokenId is a whole
dataclass; pieces are looked up in tight loops).
"""

from __future__ import annotations

PieceId = int
"""The id of a subword piece: a row of the piece table, never a count or a token id."""

PieceTable = tuple[tuple[float, ...], ...]
"""One row of features per piece."""


def next_free_piece(pieces_so_far: int) -> PieceId:
    """The id a newly merged piece receives: the first row after the existing ones."""
    return PieceId(pieces_so_far)


def piece_row(table: PieceTable, piece: PieceId) -> tuple[float, ...]:
    """The features of one piece."""
    return table[piece]


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402

TABLE: PieceTable = ((0.0, 1.0), (2.0, 3.0), (4.0, 5.0))


def test_pieces_read_their_own_rows() -> None:
    assert piece_row(TABLE, PieceId(2)) == (4.0, 5.0)
    # three pieces so far (ids 0, 1, 2): the next one is id 3
    assert assert_type(next_free_piece(3), PieceId) == 3


def test_a_piece_id_costs_nothing_at_runtime() -> None:
    assert type(PieceId(1)) is int, "a piece id is an int at runtime: no wrapper object"


def _must_stay_rejected() -> None:
    piece_row(TABLE, 2)  # type: ignore[arg-type]
    piece_row(TABLE, len(TABLE))  # type: ignore[arg-type]
