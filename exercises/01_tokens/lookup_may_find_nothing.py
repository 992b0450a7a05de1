"""lookup_may_find_nothing: a vocabulary lookup returns TokenId | None, and None must be handled.

A vocabulary only knows the words of the corpus it was built from, so `Vocabulary.lookup` answers
`TokenId | None`: None means "not a word I know". The embedding table has a row for every id and
none for "nothing", so handing the lookup's answer straight to it would let a missing word travel
into the model. Check for None at the TODO and raise tiny_ml.errors.UnknownWordError for it;
after that check, mypy knows the id is a TokenId.
"""

from __future__ import annotations

from tiny_ml.domain import Parameters, Vector
from tiny_ml.errors import UnknownWordError
from tiny_ml.text import Vocabulary


def embed_word(parameters: Parameters, vocabulary: Vocabulary, word: str) -> Vector:
    """The hidden vector of a word the vocabulary must know; an unknown word raises UnknownWordError."""
    token = vocabulary.lookup(word)
    # TODO: the lookup may find nothing. Handle None before reading the embedding table.
    return parameters.embedding_row(token)


# --- checks: do not edit below this line ---

import pytest  # noqa: E402

from tiny_ml.domain import ModelDimension, TokenId  # noqa: E402
from tiny_ml.text import Text, UnknownWordPolicy  # noqa: E402

VOCABULARY = Vocabulary.from_corpus([Text("the cat sat")], policy=UnknownWordPolicy.REJECT)
PARAMETERS = Parameters.initial(vocab_size=VOCABULARY.size, model_dimension=ModelDimension(2))


def test_known_words_get_their_rows() -> None:
    assert embed_word(PARAMETERS, VOCABULARY, "the") == PARAMETERS.embedding_row(TokenId(0))
    assert embed_word(PARAMETERS, VOCABULARY, "sat") == PARAMETERS.embedding_row(TokenId(2))


def test_unknown_word_is_rejected() -> None:
    with pytest.raises(UnknownWordError) as caught:
        embed_word(PARAMETERS, VOCABULARY, "dog")
    assert caught.value.word == "dog", "the error must name the word that was not found"


def _must_stay_rejected() -> None:
    PARAMETERS.embedding_row(VOCABULARY.lookup("cat"))  # expect-type-error[arg-type]
    _index: int = VOCABULARY.lookup("cat").index  # expect-type-error[union-attr]
    embed_word(PARAMETERS, VOCABULARY, TokenId(1))  # expect-type-error[arg-type]
