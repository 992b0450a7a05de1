"""name_the_middle_type: writing the middle type turns a riddle into a plain mismatch.

Left to infer a composite on its own, mypy can only say "Cannot infer value of type parameter" when
the stages do not meet, without saying which one is wrong. Given Compose's three type arguments,
input, middle and output, it knows the plan: the first stage must go from the input type to the
middle type, the second from the middle type to the output type. It then checks each stage against
its place and names the one that does not fit. `as_the_model_reads` shows a sentence the way the
model sees it: encoded through the vocabulary and decoded again, every unknown word now `<unk>`.
"""

from __future__ import annotations

from tiny_ml.category import Compose
from tiny_ml.domain import TokenSequence
from tiny_ml.text import Detokenize, Text, Tokenize, Vocabulary


def as_the_model_reads(vocabulary: Vocabulary) -> Compose[Text, TokenSequence, Text]:
    """Text -> TokenSequence -> Text: the sentence with every word it does not know as `<unk>`."""
    return Compose[Text, TokenSequence, Text](Detokenize(vocabulary), Tokenize(vocabulary))


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
