"""Sketch 4, databases: a schema's arrows become foreign keys that always resolve."""

from __future__ import annotations

from dataclasses import dataclass

from tiny_ml.domain import TokenId
from tiny_ml.errors import TinyMLError


class ForeignKeyError(TinyMLError):
    """Raised when a row's foreign key names a row that its target table does not hold."""

    def __init__(self, table: str, row: int, column: str, key: int) -> None:
        self.table = table
        self.row = row
        self.column = column
        self.key = key
        super().__init__(
            f"{table} row {row}: {column} refers to token {key}, "
            "which the Token table does not hold"
        )


@dataclass(frozen=True)
class ExampleRow:
    """A row of the Example table: context and target are foreign keys into the Token table."""

    context: TokenId
    target: TokenId


@dataclass(frozen=True)
class DatabaseInstance:
    """A Token table (TokenId(i) keys words[i]) and an Example table whose foreign keys resolve."""

    words: tuple[str, ...]
    examples: tuple[ExampleRow, ...]

    def __post_init__(self) -> None:
        for row, example in enumerate(self.examples):
            for column, key in (("context", example.context), ("target", example.target)):
                if key.index >= len(self.words):
                    raise ForeignKeyError("Example", row, column, key.index)

    def word_of(self, token: TokenId) -> str | None:
        """Look any id up in the Token table: None when no row has that key."""
        return self.words[token.index] if token.index < len(self.words) else None

    def example_words(self) -> tuple[tuple[str, str], ...]:
        """Follow both foreign keys of every example: total, since construction checked them."""
        return tuple(
            (self.words[e.context.index], self.words[e.target.index]) for e in self.examples
        )
