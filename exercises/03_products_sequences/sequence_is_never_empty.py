"""sequence_is_never_empty: an empty Context is refused when it is built, not when it is read.

A model predicts the next token from a context: the tokens read so far. With no token at all there
is nothing to predict from. Below, the check sits in `latest`, so an empty Context can be made,
stored and passed around, and fails only later, far from the code that made it. Checked once in
`__post_init__`, the rule holds for every Context that exists. Move the check there at the TODO,
raising tiny_ml.errors.EmptyInputError("Context").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tiny_ml.domain import TokenId
from tiny_ml.errors import EmptyInputError


@dataclass(frozen=True)
class Context:
    """The tokens a model conditions on, oldest first: at least one."""

    tokens: tuple[TokenId, ...]

    # TODO: validate once, when a Context is built (dataclasses call __post_init__ for that).

    @property
    def latest(self) -> TokenId:
        """The token a bigram model reads: the most recent one."""
        if len(self.tokens) == 0:
            raise EmptyInputError("Context")
        return self.tokens[-1]


def last_tokens(read_so_far: Sequence[TokenId], width: int) -> Context:
    """The context of a model that sees the last `width` tokens (width >= 1)."""
    return Context(tuple(read_so_far[-width:]))


# --- checks: do not edit below this line ---

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def test_the_latest_token_is_the_last_one() -> None:
    assert last_tokens([TokenId(5), TokenId(2), TokenId(9)], 2).latest == TokenId(9)


def test_an_empty_context_cannot_be_built() -> None:
    error: Exception | None = None
    try:
        Context(())
    except Exception as caught:
        error = caught
    assert isinstance(error, EmptyInputError), (
        f"Context(()) must raise EmptyInputError when it is built: an empty context has "
        f"nothing to predict from, got {error!r}"
    )
    assert "Context" in str(error), f"the error should name what was empty, got {error}"


def test_nothing_read_gives_no_context() -> None:
    error: Exception | None = None
    try:
        last_tokens([], 3)
    except Exception as caught:
        error = caught
    assert isinstance(error, EmptyInputError), (
        f"the context of an empty stream must be refused with EmptyInputError, got {error!r}"
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 50), min_size=1, max_size=10), st.integers(1, 4))
def test_a_context_keeps_the_latest_tokens(indices: list[int], width: int) -> None:
    tokens = [TokenId(i) for i in indices]
    context = last_tokens(tokens, width)
    assert context.tokens == tuple(tokens[-width:])
    assert context.latest == tokens[-1]
