"""quiz_evaluate_a_sentence: a sentence in, the untrained model's mean loss out, every stage typed.

This quiz closes topics 00-06, starting from an empty stub. `evaluate` runs the book's pipeline end
to end: the Text is tokenized through the vocabulary, the token sequence is windowed into
next-token training pairs, the model predicts each pair's target from its context, and the losses
of those predictions are averaged into the loss of the sentence. On the walkthrough that
`python -m tiny_ml` prints (its sentence and vocabulary, ModelDimension 4, seed 0), it must give
the loss that command shows before any training. The way from a Text to its training pairs is one
composed arrow, built by `training_pairs`, so that a trace names both of its stages.
"""

from __future__ import annotations

from tiny_ml.category import Morphism
from tiny_ml.domain import TrainingSet
from tiny_ml.text import Text, Vocabulary


def evaluate(parameters, vocabulary, text):
    """The model's mean next-token loss over the training pairs of the text."""


def training_pairs(vocabulary: Vocabulary) -> Morphism[Text, TrainingSet]:
    """Text -> TokenSequence -> TrainingSet through the vocabulary, as one composed arrow."""


# --- checks: do not edit below this line ---

import math  # noqa: E402
from typing import assert_type  # noqa: E402

import pytest  # noqa: E402

from tiny_ml.domain import Loss, ModelDimension, Parameters, TokenId, VocabSize  # noqa: E402, F811
from tiny_ml.errors import EmptyInputError  # noqa: E402
from tiny_ml.text import UnknownWordPolicy  # noqa: E402

WALKTHROUGH = Text("one two three four one two three four")

LN2, LN3 = math.log(2.0), math.log(3.0)
ABC = Vocabulary(("<unk>", "a", "b"), UnknownWordPolicy.MAP_TO_UNKNOWN)
HAND_MODEL = Parameters(
    vocab_size=VocabSize(3),
    model_dimension=ModelDimension(2),
    embedding=((1.0, 0.0), (0.0, 1.0), (1.0, 1.0)),
    lm_head=((LN2, 0.0, 0.0), (0.0, LN3, 0.0)),
    bias=(0.0, 0.0, 0.0),
)
# predictions: after 0 -> (1/2, 1/4, 1/4), after 1 -> (1/5, 3/5, 1/5), after 2 -> (1/3, 1/2, 1/6)


def test_the_walkthrough_loss_before_training() -> None:
    vocabulary = Vocabulary.from_corpus([WALKTHROUGH], policy=UnknownWordPolicy.MAP_TO_UNKNOWN)
    parameters = Parameters.initial(
        vocab_size=vocabulary.size, model_dimension=ModelDimension(4), seed=0
    )
    loss = evaluate(parameters, vocabulary, WALKTHROUGH)
    assert abs(loss.value - 1.5640) <= 1e-4, "python -m tiny_ml prints 1.5640 at step 0"


def test_a_hand_worked_sentence() -> None:
    # "b a a c" -> ids 2 1 1 0 ("c" is unknown) -> pairs 2->1, 1->1, 1->0
    # losses -ln(1/2), -ln(3/5), -ln(1/5); mean = ln(2 * 5/3 * 5) / 3 = ln(50/3) / 3
    loss = evaluate(HAND_MODEL, ABC, Text("b a a c"))
    assert math.isclose(loss.value, 0.9378035722533454)


def test_training_pairs_is_one_named_arrow() -> None:
    arrow = training_pairs(ABC)
    assert arrow.name == "tokenize >> dataset_windowing"
    pairs = [(e.context, e.target) for e in arrow.apply(Text("b a a c"))]
    assert pairs == [(TokenId(2), TokenId(1)), (TokenId(1), TokenId(1)), (TokenId(1), TokenId(0))]


def test_one_word_has_no_training_pair() -> None:
    with pytest.raises(EmptyInputError):
        evaluate(HAND_MODEL, ABC, Text("a"))


def _the_caller_gets_a_loss(parameters: Parameters, text: Text) -> None:
    assert_type(evaluate(parameters, ABC, text), Loss)


def _must_stay_rejected(parameters: Parameters) -> None:  # never called
    evaluate(parameters, ABC, "raw str")  # type: ignore[arg-type]
    _x: float = evaluate(parameters, ABC, Text("a b"))  # type: ignore[assignment]
