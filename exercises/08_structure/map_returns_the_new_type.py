"""map_returns_the_new_type: mapping A -> B over a sequence gives a sequence of B, not of A.

The sequence functor lifts any function A -> B to a function from sequences of A to sequences
of B: the same length, the same order, each element sent along the function. Decoding is that
lift of `word_of`, from token ids to words. The map below is generic, but its promise about
what comes out names the wrong type variable, so it cannot describe a map that changes the
element type, which is the whole point of mapping.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from tiny_ml.domain import TokenSequence
from tiny_ml.text import Vocabulary

A = TypeVar("A")
B = TypeVar("B")


def map_each(function: Callable[[A], B], values: Sequence[A]) -> tuple[A, ...]:
    """Every value sent along the function, keeping the length and the order."""
    return tuple(function(value) for value in values)


def decode_words(vocabulary: Vocabulary, tokens: TokenSequence) -> tuple[str, ...]:
    """The words of a token sequence, in order."""
    return map_each(vocabulary.word_of, tokens.tokens)


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tiny_ml.domain import TokenId  # noqa: E402
from tiny_ml.text import Text, UnknownWordPolicy  # noqa: E402

VOCABULARY = Vocabulary.from_corpus([Text("the cat sat")], policy=UnknownWordPolicy.REJECT)
TOKENS = TokenSequence.of([2, 0, 1, 0])


def test_decoding_maps_every_token() -> None:
    assert decode_words(VOCABULARY, TOKENS) == ("sat", "the", "cat", "the")


@settings(derandomize=True, database=None, deadline=None, max_examples=50)
@given(st.lists(st.integers()))
def test_mapping_the_identity_changes_nothing(values: list[int]) -> None:
    assert map_each(lambda value: value, values) == tuple(values), "identity law"


@settings(derandomize=True, database=None, deadline=None, max_examples=50)
@given(st.lists(st.integers()))
def test_mapping_a_composite_is_mapping_twice(values: list[int]) -> None:
    def double(value: int) -> int:
        return 2 * value

    assert map_each(lambda value: str(double(value)), values) == map_each(
        str, map_each(double, values)
    ), "composition law: map (str after double) = map str after map double"


def _keeps_the_new_type() -> None:
    assert_type(map_each(VOCABULARY.word_of, TOKENS.tokens), tuple[str, ...])


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    _ids: tuple[TokenId, ...] = map_each(VOCABULARY.word_of, TOKENS.tokens)  # type: ignore[arg-type]
    map_each(VOCABULARY.word_of, ("the", "cat"))  # type: ignore[arg-type]
