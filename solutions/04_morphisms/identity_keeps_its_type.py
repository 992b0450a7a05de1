"""identity_keeps_its_type: the identity arrow hands back the very type it was given.

The identity is the arrow that changes nothing, and there is one for every type: TokenId -> TokenId,
Logits -> Logits, Vector -> Vector. One function can be all of them at once only if its signature
says "the type that comes in is the type that goes out". Typed with `object`, the value survives at
runtime but its type does not: a TokenId that went through the identity is no longer usable as a
TokenId, and every pipeline that passes through it forgets what it carries.

The checks state what callers get back with `assert_type(expression, SomeType)`: at runtime it does
nothing, but mypy reports an error unless it infers exactly SomeType for the expression.
"""

from __future__ import annotations

from typing import TypeVar

from tiny_ml.domain import Logits, TokenId

T = TypeVar("T")


def identity(value: T) -> T:
    """Return the input untouched, as the type it came in."""
    return value


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402


def test_identity_returns_the_very_token() -> None:
    token = TokenId(3)
    assert identity(token) is token, "the identity hands back the same object, not a copy"


def test_identity_returns_the_very_logits() -> None:
    logits = Logits((2.0, -1.0))
    assert identity(logits) is logits


def _callers_keep_the_type(token: TokenId, logits: Logits) -> None:
    assert_type(identity(token), TokenId)
    assert_type(identity(logits), Logits)
    assert_type(identity(token).index, int)


def _must_stay_rejected(token: TokenId) -> Logits:  # never called: mypy must keep rejecting it
    return identity(token)  # type: ignore[return-value]
