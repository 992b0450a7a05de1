"""last_option_is_natural: a natural transformation works the same at every element type.

Taking the last element turns a tuple into an optional: the most recent token of a context, the
latest loss of a history, None when there is none. It is a natural transformation when it only
rewraps and never looks inside: then mapping the elements first and taking the last, or taking
the last and mapping it, give the same answer (the naturality square). Written for token ids
only, it cannot serve words, and nothing stops it from inspecting the ids; stated for every
element type alike, it can do neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

A = TypeVar("A")


@dataclass(frozen=True)
class LastOption:
    """tuple => optional: the last element, None for the empty tuple."""

    name: str = "last_option"

    def transform(self, wrapped: tuple[A, ...], /) -> A | None:
        """The last element, if any."""
        return wrapped[-1] if len(wrapped) > 0 else None


def last_word(words: tuple[str, ...]) -> str | None:
    """The most recent word of a context, None for an empty context."""
    return LastOption().transform(words)


# --- checks: do not edit below this line ---

from collections.abc import Callable  # noqa: E402
from typing import assert_type  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tiny_ml.domain import TokenId  # noqa: E402
from tiny_ml.functors import NaturalTransformation, OptionalFunctor, TupleFunctor  # noqa: E402


def test_the_last_word() -> None:
    assert last_word(("the", "cat", "sat")) == "sat"
    assert last_word(()) is None, "an empty context has no last word"


def _square_commutes(function: Callable[[int], object], values: tuple[int, ...]) -> bool:
    last = LastOption()
    mapped_then_last = last.transform(TupleFunctor().fmap(function, values))
    last_then_mapped = OptionalFunctor().fmap(function, last.transform(values))
    return mapped_then_last == last_then_mapped


@settings(derandomize=True, database=None, deadline=None, max_examples=50)
@given(st.lists(st.integers()).map(tuple))
def test_the_naturality_square_commutes(values: tuple[int, ...]) -> None:
    assert _square_commutes(lambda value: -value, values), "negate, then last = last, then negate"
    assert _square_commutes(str, values), "str, then last = last, then str"
    assert _square_commutes(lambda value: TokenId(abs(value)), values)


def _is_natural_at_every_type() -> None:
    _words: NaturalTransformation[tuple[str, ...], str | None] = LastOption()
    _ids: NaturalTransformation[tuple[TokenId, ...], TokenId | None] = LastOption()
    assert_type(LastOption().transform((1.5, 2.5)), float | None)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    _word: str = LastOption().transform(("the", "cat"))  # type: ignore[assignment]
    last_word((TokenId(1), TokenId(2)))  # type: ignore[arg-type]
