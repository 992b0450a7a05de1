"""token_id_not_usize: a token id is a TokenId, not a raw int.

A model never sees words, only token ids: positions in a vocabulary. If ids were plain ints, a
count, a width or a loop index could be handed to a lookup without anyone noticing, so tiny_ml
gives ids their own type, `TokenId`, which also refuses negative values. `Vocabulary.word_of`
takes a TokenId; wrap the raw position at the TODO instead of passing the int.
"""

from __future__ import annotations

from tiny_ml.domain import TokenId
from tiny_ml.text import Text, UnknownWordPolicy, Vocabulary

VOCABULARY = Vocabulary.from_corpus(
    [Text("the cat sat on the mat")], policy=UnknownWordPolicy.REJECT
)


def third_word(vocabulary: Vocabulary) -> str:
    """The word at position 2 of the vocabulary: ids count from 0."""
    position = 2
    # TODO: word_of needs a TokenId, not the raw position.
    return vocabulary.word_of(position)


# --- checks: do not edit below this line ---


def test_third_word_is_sat() -> None:
    assert third_word(VOCABULARY) == "sat"


def test_ids_round_trip() -> None:
    for position, word in enumerate(VOCABULARY.words):
        assert VOCABULARY.word_of(TokenId(position)) == word
        assert VOCABULARY.lookup(word) == TokenId(position)


def _must_stay_rejected() -> None:
    VOCABULARY.word_of(2)  # expect-type-error[arg-type]
    VOCABULARY.word_of(VOCABULARY.size)  # expect-type-error[arg-type]
