"""lookup_may_find_nothing: a vocabulary lookup returns TokenId | None, and None must be handled.

A vocabulary only knows the words of the corpus it was built from, so `Vocabulary.lookup` answers
`TokenId | None`: None means "not a word I know". Passing that on as if it were always a TokenId
would let a missing word travel into the model. Check for None at the TODO and raise
tiny_ml.errors.UnknownWordError for it; after the check, mypy knows the id is a TokenId.
"""

from __future__ import annotations

from tiny_ml.domain import TokenId
from tiny_ml.errors import UnknownWordError
from tiny_ml.text import Text, UnknownWordPolicy, Vocabulary


def id_of(vocabulary: Vocabulary, word: str) -> TokenId:
    """The id of a word the vocabulary must know; an unknown word raises UnknownWordError."""
    token = vocabulary.lookup(word)
    if token is None:
        raise UnknownWordError(word)
    return token


# --- checks: do not edit below this line ---

import pytest  # noqa: E402

VOCABULARY = Vocabulary.from_corpus([Text("the cat sat")], policy=UnknownWordPolicy.REJECT)


def test_known_words_get_their_ids() -> None:
    assert id_of(VOCABULARY, "the") == TokenId(0)
    assert id_of(VOCABULARY, "sat") == TokenId(2)


def test_unknown_word_is_rejected() -> None:
    with pytest.raises(UnknownWordError) as caught:
        id_of(VOCABULARY, "dog")
    assert caught.value.word == "dog"


def _index_of(word: str) -> int:
    return id_of(VOCABULARY, word).index


def _must_stay_rejected() -> None:
    _index: int = VOCABULARY.lookup("cat").index  # expect-type-error[union-attr]
    id_of(VOCABULARY, TokenId(1))  # expect-type-error[arg-type]
