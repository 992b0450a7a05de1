"""Shortcut: index the Token table's words directly instead of handling a missing row."""

from __future__ import annotations

from tiny_ml.domain import TokenId
from tiny_ml.sketches import DatabaseInstance

MISSING = "<missing>"
"""What a label shows for an id that the Token table does not hold."""


def label(database: DatabaseInstance, token: TokenId) -> str:
    """The word that `token` keys in the Token table, capitalised for display."""
    return database.words[token.index].capitalize()


# --- checks: do not edit below this line ---

from tiny_ml.sketches import ExampleRow  # noqa: E402

DATABASE = DatabaseInstance(
    words=("the", "cat", "sat"),
    examples=(ExampleRow(TokenId(0), TokenId(1)), ExampleRow(TokenId(1), TokenId(2))),
)


def test_a_held_id_shows_its_word() -> None:
    assert label(DATABASE, TokenId(1)) == "Cat"
    assert label(DATABASE, TokenId(2)) == "Sat"


def test_an_id_past_the_table_shows_missing() -> None:
    shown: str = label(DATABASE, TokenId(3))
    assert shown == MISSING
    assert label(DATABASE, TokenId(99)) == MISSING


def test_an_empty_table_holds_nothing() -> None:
    assert label(DatabaseInstance(words=(), examples=()), TokenId(0)) == MISSING


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    label(DATABASE, 1)  # type: ignore[arg-type]
    DATABASE.word_of(TokenId(0)).upper()  # type: ignore[union-attr]
