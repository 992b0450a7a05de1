"""Shortcut: turn the optional into a tuple, map the tuple and take its first element with tiny_ml's finished functors."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from tiny_ml.domain import Parameters, Vector
from tiny_ml.functors import FirstOption, OptionToTuple, TupleFunctor
from tiny_ml.text import Vocabulary

A = TypeVar("A")
B = TypeVar("B")


def map_present(function: Callable[[A], B], value: A | None) -> B | None:
    """The function applied to a present value; None for an absent one."""
    return FirstOption().transform(TupleFunctor().fmap(function, OptionToTuple().transform(value)))


def embed_if_known(parameters: Parameters, vocabulary: Vocabulary, word: str) -> Vector | None:
    """The hidden vector of a word the vocabulary knows; None for any other word."""
    return map_present(parameters.embedding_row, vocabulary.lookup(word))


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tiny_ml.domain import ModelDimension, TokenId  # noqa: E402
from tiny_ml.text import Text, UnknownWordPolicy  # noqa: E402

VOCABULARY = Vocabulary.from_corpus([Text("the cat sat")], policy=UnknownWordPolicy.REJECT)
PARAMETERS = Parameters.initial(vocab_size=VOCABULARY.size, model_dimension=ModelDimension(2))


def test_a_known_word_is_embedded() -> None:
    assert embed_if_known(PARAMETERS, VOCABULARY, "cat") == PARAMETERS.embedding_row(TokenId(1))


def test_an_unknown_word_is_absent() -> None:
    assert embed_if_known(PARAMETERS, VOCABULARY, "dog") is None


def test_a_present_value_is_mapped_even_when_it_is_empty_or_zero() -> None:
    assert map_present(len, "") == 0, "the empty string is present: its length is 0, not None"
    assert map_present(abs, 0) == 0, "0 is present: only None is absent"


@settings(derandomize=True, database=None, deadline=None, max_examples=50)
@given(st.one_of(st.none(), st.integers()))
def test_none_never_reaches_the_function(value: int | None) -> None:
    asked: list[int] = []

    def negate(present: int) -> int:
        asked.append(present)
        return -present

    result = map_present(negate, value)
    if value is None:
        assert result is None and asked == [], "None stays None and is never passed on"
    else:
        assert result == -value and asked == [value], "a present value is mapped exactly once"


def _keeps_the_optional() -> None:
    assert_type(map_present(len, "ab"), int | None)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    _length: int = map_present(len, "ab")  # type: ignore[assignment]
    PARAMETERS.embedding_row(VOCABULARY.lookup("cat"))  # type: ignore[arg-type]
