"""Shortcut: keep the field as it is and refuse an empty tuple in __post_init__ at runtime."""

from __future__ import annotations

from dataclasses import dataclass

from tiny_ml.domain import TokenId
from tiny_ml.errors import EmptyInputError


@dataclass(frozen=True)
class Context:
    """The tokens a model conditions on, oldest first: at least one."""

    tokens: tuple[TokenId, ...]

    def __post_init__(self) -> None:
        if len(self.tokens) == 0:
            raise EmptyInputError("Context")

    @property
    def latest(self) -> TokenId:
        """The token a bigram model reads: the most recent one."""
        return self.tokens[-1]


def extended(context: Context, token: TokenId) -> Context:
    """The context after one more token has been read."""
    return Context((*context.tokens, token))


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402


def test_the_latest_token_is_the_last_one() -> None:
    context = extended(Context((TokenId(5), TokenId(2))), TokenId(9))
    assert context.tokens == (TokenId(5), TokenId(2), TokenId(9))
    assert context.latest == TokenId(9)


def test_a_single_token_is_a_context() -> None:
    context = Context((TokenId(3),))
    assert assert_type(context.tokens[0], TokenId) == TokenId(3)
    assert context.latest == TokenId(3)


def _must_stay_rejected() -> None:
    Context(())  # type: ignore[arg-type]
    Context(tuple[TokenId, ...]())  # type: ignore[arg-type]
