"""typed_chain_not_reduce: a chain of stages keeps its types only if every link is typed.

`chain3` strings three stages into one arrow, so greedy decoding can be written as scores ->
probabilities -> most likely token -> word. Folding a list of `Morphism[Any, Any]` composes anything
with anything: a chain in the wrong order, or with a stage missing, type-checks just the same, and
what comes out is `Any`, which strict mypy refuses to hand back as a word. Each boundary between two
stages has a type of its own, and the chain must say that the output of one link is the input of the
next, and that the whole reads what the first link reads and gives what the last link gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from tiny_ml.category import Compose, Morphism
from tiny_ml.domain import Distribution, Logits, TokenId
from tiny_ml.ml import Softmax
from tiny_ml.text import Vocabulary

A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")
D = TypeVar("D")


def chain3(first: Morphism[A, B], second: Morphism[B, C], third: Morphism[C, D]) -> Morphism[A, D]:
    """The three stages run in order, named by their names joined with " >> "."""
    return Compose(Compose(first, second), third)


@dataclass(frozen=True)
class MostLikely:
    """Distribution -> TokenId: the id with the largest probability (the first one on a tie)."""

    name: str = "most_likely"

    def apply(self, prediction: Distribution, /) -> TokenId:
        best = max(range(len(prediction)), key=lambda i: prediction.probabilities[i])
        return TokenId(best)


@dataclass(frozen=True)
class WordOf:
    """TokenId -> str: the vocabulary's word for an id."""

    vocabulary: Vocabulary
    name: str = "word_of"

    def apply(self, token: TokenId, /) -> str:
        return self.vocabulary.word_of(token)


def next_word(vocabulary: Vocabulary, logits: Logits) -> str:
    """Greedy decoding: the word the model finds most likely next."""
    decode = chain3(Softmax(), MostLikely(), WordOf(vocabulary))
    return decode.apply(logits)


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402

from tiny_ml.text import UnknownWordPolicy  # noqa: E402

VOCABULARY = Vocabulary(("<unk>", "the", "cat", "sat"), UnknownWordPolicy.MAP_TO_UNKNOWN)


def test_next_word_is_the_top_score() -> None:
    # softmax keeps the order of the scores: the largest, 2.0 at id 2, is "cat"
    assert next_word(VOCABULARY, Logits((0.0, 1.0, 2.0, -1.0))) == "cat"
    assert next_word(VOCABULARY, Logits((0.0, 5.0, 2.0, 4.0))) == "the"


def test_chain3_runs_and_names_the_stages_in_order() -> None:
    decode = chain3(Softmax(), MostLikely(), WordOf(VOCABULARY))
    assert decode.name == "softmax >> most_likely >> word_of"
    assert decode.apply(Logits((0.0, 0.0, 0.0, 3.0))) == "sat"


def _keeps_the_end_types(logits: Logits) -> None:
    decode = chain3(Softmax(), MostLikely(), WordOf(VOCABULARY))
    assert_type(decode.apply(logits), str)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    chain3(Softmax(), WordOf(VOCABULARY), MostLikely())  # type: ignore[misc]
    decode = chain3(Softmax(), MostLikely(), WordOf(VOCABULARY))
    decode.apply(TokenId(1))  # type: ignore[arg-type]
