"""identity_keeps_its_type: the identity arrow returns the very type it was given.

The identity is the arrow T -> T that changes nothing; composing with it must not lose what the
value is. Returning `object` keeps the value at runtime but throws its type away, so a TokenId
that went through the identity can no longer be used as a TokenId. `assert_type` states what the
caller must get back; make the return type follow the parameter's type variable.
"""

from __future__ import annotations

from typing import TypeVar, assert_type

from tiny_ml.domain import Logits, TokenId

T = TypeVar("T")


# TODO: the identity hands back exactly the type it receives.
def identity(value: T) -> object:
    """Return the input untouched."""
    return value


assert_type(identity(TokenId(3)), TokenId)


# --- checks: do not edit below this line ---

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tiny_ml.category import Identity  # noqa: E402


def test_identity_returns_the_same_object() -> None:
    token = TokenId(3)
    assert identity(token) is token


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=8))
def test_identity_agrees_with_tiny_ml(values: list[float]) -> None:
    logits = Logits(tuple(values))
    assert identity(logits) == Identity[Logits]().apply(logits) == logits


def _must_stay_rejected(token: TokenId) -> Logits:
    assert_type(identity(Logits((1.0, 2.0))), Logits)
    assert_type(identity(token).index, int)
    return identity(token)  # expect-type-error[return-value]
