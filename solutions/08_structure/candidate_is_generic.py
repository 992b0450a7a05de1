"""candidate_is_generic: a container that can hold any type is a generic class, and so is its map.

Beam search keeps candidates: a value and the log-probability the model gave it. The value is
a token id while decoding and a word once it is read back, and the score must travel unchanged
through that change. A candidate is a functor: mapping sends the value along a function and
keeps the score. Written for token ids only, the class cannot hold the word that mapping
produces; its value's type has to be a parameter of the class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from tiny_ml.domain import TokenId
from tiny_ml.text import Vocabulary

T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True)
class Candidate(Generic[T]):
    """A value with the log-probability the model gave it."""

    value: T
    log_probability: float

    def map(self, function: Callable[[T], U]) -> Candidate[U]:
        """The value sent along the function; the score unchanged."""
        return Candidate(function(self.value), self.log_probability)


def candidate_word(candidate: Candidate[TokenId], vocabulary: Vocabulary) -> Candidate[str]:
    """The candidate read back as a word, with the same score."""
    return candidate.map(vocabulary.word_of)


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tiny_ml.text import Text, UnknownWordPolicy  # noqa: E402

VOCABULARY = Vocabulary.from_corpus([Text("the cat sat")], policy=UnknownWordPolicy.REJECT)


def test_a_token_candidate_reads_as_a_word() -> None:
    word = candidate_word(Candidate(TokenId(2), -0.25), VOCABULARY)
    assert word == Candidate("sat", -0.25), "token 2 is 'sat'; the score travels unchanged"


@settings(derandomize=True, database=None, deadline=None, max_examples=50)
@given(st.integers(), st.floats(max_value=0.0, allow_nan=False))
def test_candidate_is_a_functor(value: int, score: float) -> None:
    candidate = Candidate(value, score)
    assert candidate.map(lambda kept: kept) == candidate, "identity law"
    assert candidate.map(lambda v: str(v + 1)) == candidate.map(lambda v: v + 1).map(str), (
        "composition law: map (str after increment) = map str after map increment"
    )


def _keeps_the_value_type() -> None:
    assert_type(Candidate(TokenId(2), -0.25), Candidate[TokenId])
    assert_type(Candidate(TokenId(2), -0.25).map(VOCABULARY.word_of), Candidate[str])


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    word = Candidate(TokenId(2), -0.25).map(VOCABULARY.word_of)
    _token: TokenId = word.value  # type: ignore[assignment]
    candidate_word(Candidate("sat", -0.25), VOCABULARY)  # type: ignore[arg-type]
