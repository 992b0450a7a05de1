"""context_is_never_empty: a sequence that is never empty is one token followed by any number more.

A model predicts the next token from a context: the tokens read so far. With no token at all there
is nothing to predict from, and `latest` would fail far from the code that built the empty context.
A check in the constructor would catch that at runtime, but only when the bad line runs. The type of
the field can carry the rule instead, so that mypy refuses to build an empty Context at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiny_ml.domain import TokenId


@dataclass(frozen=True)
class Context:
    """The tokens a model conditions on, oldest first: at least one."""

    tokens: tuple[TokenId, *tuple[TokenId, ...]]

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
