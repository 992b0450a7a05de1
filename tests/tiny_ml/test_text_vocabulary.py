"""From a sentence to token ids and back, with the unknown-word policy always explicit."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tiny_ml.category import Compose
from tiny_ml.domain import TokenId, TokenSequence, TrainingSet, VocabSize
from tiny_ml.ml import DatasetWindowing
from tiny_ml.text import (
    UNKNOWN_WORD,
    Detokenize,
    Text,
    Tokenize,
    UnknownWordPolicy,
    Vocabulary,
)

REJECT = UnknownWordPolicy.REJECT
MAP = UnknownWordPolicy.MAP_TO_UNKNOWN
words = st.sampled_from(["the", "cat", "sat", "on", "mat", "a", "dog"])
sentences = st.lists(words, min_size=1, max_size=12).map(" ".join).map(Text)


def test_text_splits_into_words_on_any_whitespace() -> None:
    assert Text("  the cat\tsat\n").words() == ("the", "cat", "sat")


def test_vocabulary_keeps_first_seen_order() -> None:
    vocabulary = Vocabulary.from_corpus([Text("b a b"), Text("c a")], policy=REJECT)
    assert vocabulary.words == ("b", "a", "c")
    assert vocabulary.size == VocabSize(3)
    assert vocabulary.unknown is None


def test_mapping_policy_reserves_id_zero_for_unknown_words() -> None:
    vocabulary = Vocabulary.from_corpus([Text("b a")], policy=MAP)
    assert vocabulary.words == (UNKNOWN_WORD, "b", "a")
    assert vocabulary.size == VocabSize(3)
    assert vocabulary.unknown == TokenId(0)
    assert vocabulary.encode(Text("a zebra b")) == TokenSequence.of([2, 0, 1])


def test_the_reserved_word_in_a_corpus_is_the_unknown_id() -> None:
    vocabulary = Vocabulary.from_corpus([Text("a <unk> b")], policy=MAP)
    assert vocabulary.words == (UNKNOWN_WORD, "a", "b")


def test_lookup_is_optional_and_ignores_the_policy() -> None:
    vocabulary = Vocabulary.from_corpus([Text("the cat")], policy=MAP)
    assert vocabulary.lookup("cat") == TokenId(2)
    assert vocabulary.lookup("dog") is None
    assert vocabulary.lookup(UNKNOWN_WORD) == TokenId(0)


def test_encode_gives_ids_in_reading_order() -> None:
    vocabulary = Vocabulary.from_corpus([Text("one two three four")], policy=REJECT)
    encoded = vocabulary.encode(Text("four one two one"))
    assert encoded == TokenSequence.of([3, 0, 1, 0])
    assert vocabulary.word_of(TokenId(2)) == "three"


def test_unknown_words_decode_as_the_reserved_word() -> None:
    vocabulary = Vocabulary.from_corpus([Text("a b")], policy=MAP)
    assert vocabulary.decode(vocabulary.encode(Text("a x b"))) == Text("a <unk> b")


def test_vocabulary_stores_its_words_as_a_tuple_and_compares_by_value() -> None:
    words_list = ["x", "y"]
    vocabulary = Vocabulary(tuple(words_list), REJECT)
    words_list.append("z")
    assert vocabulary == Vocabulary(("x", "y"), REJECT)
    assert vocabulary != Vocabulary(("x", "y", "z"), REJECT)
    assert hash(vocabulary) == hash(Vocabulary(("x", "y"), REJECT))


@settings(max_examples=50, deadline=None)
@given(sentences, st.sampled_from([REJECT, MAP]))
def test_decode_undoes_encode(text: Text, policy: UnknownWordPolicy) -> None:
    vocabulary = Vocabulary.from_corpus([text], policy=policy)
    tokens = Tokenize(vocabulary).apply(text)
    assert len(tokens) == len(text.words())
    assert Detokenize(vocabulary).apply(tokens) == Text(" ".join(text.words()))


@settings(max_examples=50, deadline=None)
@given(sentences, sentences)
def test_every_id_fits_the_vocabulary(corpus: Text, text: Text) -> None:
    vocabulary = Vocabulary.from_corpus([corpus], policy=MAP)
    assert all(token.index < vocabulary.size.value for token in vocabulary.encode(text))


def test_tokenize_composes_into_the_pipeline() -> None:
    text = Text("the cat sat on the mat")
    vocabulary = Vocabulary.from_corpus([text], policy=REJECT)
    to_examples = Compose[Text, TokenSequence, TrainingSet](
        Tokenize(vocabulary), DatasetWindowing()
    )
    assert to_examples.name == "tokenize >> dataset_windowing"
    training_set = to_examples.apply(text)
    assert [(e.context.index, e.target.index) for e in training_set] == [
        (0, 1),
        (1, 2),
        (2, 3),
        (3, 0),
        (0, 4),
    ]
