"""Every validation path of tiny_ml raises its own error with a message a learner can act on."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from tiny_ml.calculus import LocalGradient, Scalar, central_difference, gradient_matches
from tiny_ml.category import StepCount
from tiny_ml.domain import (
    Distribution,
    LearningRate,
    Logits,
    Loss,
    ModelDimension,
    Parameters,
    Product,
    TokenId,
    TokenSequence,
    TrainingExample,
    TrainingSet,
    Vector,
    VocabSize,
)
from tiny_ml.errors import (
    EmptyInputError,
    InvalidIntervalError,
    InvalidLearningRateError,
    InvalidLossError,
    InvalidProbabilityError,
    InvalidScalarError,
    InvalidVocabularyError,
    OutOfRangeError,
    ShapeMismatchError,
    TinyMLError,
    UnknownWordError,
)
from tiny_ml.ml import CrossEntropy, DatasetWindowing, Embedding, LinearToLogits
from tiny_ml.structure import map_distribution
from tiny_ml.text import Text, UnknownWordPolicy, Vocabulary
from tiny_ml.training import Gradients, TrainStep, descend, gradients

REJECT = UnknownWordPolicy.REJECT
MAP = UnknownWordPolicy.MAP_TO_UNKNOWN


def _params(v: int = 3, d: int = 2) -> Parameters:
    return Parameters.initial(vocab_size=VocabSize(v), model_dimension=ModelDimension(d))


def _with(
    embedding: tuple[tuple[float, ...], ...] = ((0.0, 0.0), (0.0, 0.0)),
    lm_head: tuple[tuple[float, ...], ...] = ((0.0, 0.0), (0.0, 0.0)),
    bias: tuple[float, ...] = (0.0, 0.0),
) -> Parameters:
    return Parameters(VocabSize(2), ModelDimension(2), embedding, lm_head, bias)


def _one_example(context: int, target: int) -> TrainingSet:
    return TrainingSet((TrainingExample(TokenId(context), TokenId(target)),))


def _zero_gradients(v: int, d: int) -> Gradients:
    return Gradients(
        VocabSize(v),
        ModelDimension(d),
        tuple((0.0,) * d for _ in range(v)),
        tuple((0.0,) * v for _ in range(d)),
        (0.0,) * v,
    )


CASES: list[tuple[str, Callable[[], object], type[TinyMLError], str]] = [
    # domain
    ("token id negative", lambda: TokenId(-1), InvalidScalarError,
     "TokenId.index must be an int >= 0, got -1"),
    ("token id bool", lambda: TokenId(True), InvalidScalarError,
     "TokenId.index must be an int >= 0, got True"),
    ("token sequence empty", lambda: TokenSequence(()), EmptyInputError,
     "TokenSequence must not be empty"),
    ("token sequence of nothing", lambda: TokenSequence.of([]), EmptyInputError,
     "TokenSequence must not be empty"),
    ("vector empty", lambda: Vector(()), EmptyInputError, "Vector must not be empty"),
    ("vector nan", lambda: Vector((1.0, math.nan)), InvalidScalarError,
     "every entry of Vector must be finite, got nan"),
    ("logits empty", lambda: Logits(()), EmptyInputError, "Logits must not be empty"),
    ("logits inf", lambda: Logits((math.inf,)), InvalidScalarError,
     "every entry of Logits must be finite, got inf"),
    ("distribution empty", lambda: Distribution(()), InvalidProbabilityError,
     "not a probability distribution: it is empty"),
    ("distribution nan", lambda: Distribution((math.nan, 1.0)), InvalidProbabilityError,
     "not a probability distribution: nan is not finite"),
    ("distribution negative", lambda: Distribution((-0.5, 1.5)), InvalidProbabilityError,
     "not a probability distribution: -0.5 is negative"),
    ("distribution sum", lambda: Distribution((0.5, 0.25)), InvalidProbabilityError,
     "not a probability distribution: the probabilities sum to 0.75, not 1"),
    ("distribution lookup", lambda: Distribution((0.5, 0.5)).probability_of(TokenId(2)),
     OutOfRangeError, "token id 2 is out of range: it must be in 0..1"),
    ("loss negative", lambda: Loss(-1.0), InvalidLossError,
     "a loss must be finite and >= 0, got -1.0"),
    ("loss infinite", lambda: Loss(math.inf), InvalidLossError,
     "a loss must be finite and >= 0, got inf"),
    ("vocab size zero", lambda: VocabSize(0), InvalidScalarError,
     "VocabSize must be a positive int, got 0"),
    ("vocab size bool", lambda: VocabSize(True), InvalidScalarError,
     "VocabSize must be a positive int, got True"),
    ("model dimension negative", lambda: ModelDimension(-3), InvalidScalarError,
     "ModelDimension must be a positive int, got -3"),
    ("learning rate zero", lambda: LearningRate(0.0), InvalidLearningRateError,
     "a learning rate must be finite and > 0, got 0.0"),
    ("learning rate nan", lambda: LearningRate(math.nan), InvalidLearningRateError,
     "a learning rate must be finite and > 0, got nan"),
    ("training set empty", lambda: TrainingSet(()), EmptyInputError,
     "TrainingSet must not be empty"),
    ("embedding rows", lambda: _with(embedding=((0.0, 0.0),)), ShapeMismatchError,
     "Parameters.embedding: expected shape (2, 2), got (1, 2)"),
    ("lm head columns", lambda: _with(lm_head=((0.0,), (0.0,))), ShapeMismatchError,
     "Parameters.lm_head: expected shape (2, 2), got (2, 1)"),
    ("bias length", lambda: _with(bias=(0.0, 0.0, 0.0)), ShapeMismatchError,
     "Parameters.bias: expected shape (1, 2), got (1, 3)"),
    ("parameter not finite", lambda: _with(lm_head=((0.0, math.nan), (0.0, 0.0))),
     InvalidScalarError, "every entry of Parameters.lm_head must be finite, got nan"),
    ("embedding row", lambda: _params().embedding_row(TokenId(3)), OutOfRangeError,
     "token id 3 is out of range: it must be in 0..2"),
    # category
    ("step count negative", lambda: StepCount(-1), InvalidScalarError,
     "StepCount must be an int >= 0, got -1"),
    # ml
    ("windowing one token", lambda: DatasetWindowing().apply(TokenSequence.of([1])),
     EmptyInputError, "a training set (windowing needs at least two tokens) must not be empty"),
    ("embedding stage", lambda: Embedding(_params()).apply(TokenId(7)), OutOfRangeError,
     "token id 7 is out of range: it must be in 0..2"),
    ("linear width", lambda: LinearToLogits(_params()).apply(Vector((1.0, 2.0, 3.0))),
     ShapeMismatchError, "linear_to_logits: expected shape (2,), got (3,)"),
    ("cross-entropy target",
     lambda: CrossEntropy().apply(Product(Distribution((1.0,)), TokenId(1))),
     OutOfRangeError, "token id 1 is out of range: it must be in 0..0"),
    # text
    ("text empty", lambda: Text(""), EmptyInputError, "Text must not be empty"),
    ("text blank", lambda: Text(" \t\n"), EmptyInputError, "Text must not be empty"),
    ("vocabulary empty", lambda: Vocabulary((), REJECT), EmptyInputError,
     "Vocabulary must not be empty"),
    ("vocabulary repeated word", lambda: Vocabulary(("a", "b", "a"), REJECT),
     InvalidVocabularyError, "not a vocabulary: the word 'a' appears twice"),
    ("vocabulary blank word", lambda: Vocabulary(("",), REJECT), InvalidVocabularyError,
     "not a vocabulary: '' is not a single word without whitespace"),
    ("vocabulary spaced word", lambda: Vocabulary(("a b",), REJECT), InvalidVocabularyError,
     "not a vocabulary: 'a b' is not a single word without whitespace"),
    ("vocabulary reserved word", lambda: Vocabulary(("a", "<unk>"), REJECT),
     InvalidVocabularyError,
     "not a vocabulary: '<unk>' is reserved for UnknownWordPolicy.MAP_TO_UNKNOWN"),
    ("vocabulary unk missing", lambda: Vocabulary(("a",), MAP), InvalidVocabularyError,
     "not a vocabulary: UnknownWordPolicy.MAP_TO_UNKNOWN needs '<unk>' at id 0"),
    ("vocabulary unk moved", lambda: Vocabulary(("a", "<unk>"), MAP), InvalidVocabularyError,
     "not a vocabulary: UnknownWordPolicy.MAP_TO_UNKNOWN needs '<unk>' at id 0"),
    ("corpus empty", lambda: Vocabulary.from_corpus([], policy=MAP), EmptyInputError,
     "a vocabulary's corpus must not be empty"),
    ("unknown word rejected",
     lambda: Vocabulary.from_corpus([Text("a b")], policy=REJECT).encode(Text("a c")),
     UnknownWordError,
     "the word 'c' is not in the vocabulary"),
    ("decode out of range",
     lambda: Vocabulary(("a", "b"), REJECT).decode(TokenSequence.of([0, 2])),
     OutOfRangeError, "token id 2 is out of range: it must be in 0..1"),
    # training
    ("gradients shape",
     lambda: Gradients(VocabSize(2), ModelDimension(1), ((0.0,),), ((0.0, 0.0),), (0.0, 0.0)),
     ShapeMismatchError, "Gradients.embedding: expected shape (2, 1), got (1, 1)"),
    ("gradients not finite",
     lambda: Gradients(VocabSize(1), ModelDimension(1), ((0.0,),), ((0.0,),), (math.inf,)),
     InvalidScalarError, "every entry of Gradients.bias must be finite, got inf"),
    ("descend other model",
     lambda: descend(_params(3, 2), _zero_gradients(4, 2), LearningRate(1.0)),
     ShapeMismatchError,
     "descend (vocab size, model dimension): expected shape (3, 2), got (4, 2)"),
    ("gradient context", lambda: gradients(_params(), _one_example(5, 0)), OutOfRangeError,
     "token id 5 is out of range: it must be in 0..2"),
    ("train step target",
     lambda: TrainStep(_one_example(0, 4), LearningRate(1.0)).apply(_params()), OutOfRangeError,
     "token id 4 is out of range: it must be in 0..2"),
    # structure
    ("relabel out of range",
     lambda: map_distribution(
         lambda t: TokenId(t.index + 1), Distribution((0.5, 0.5)), outcomes=VocabSize(2)
     ),
     OutOfRangeError, "relabelled outcome 2 is out of range: it must be in 0..1"),
    # calculus
    ("scalar nan", lambda: Scalar(math.nan), InvalidScalarError, "Scalar must be finite, got nan"),
    ("gradient inf", lambda: LocalGradient(-math.inf), InvalidScalarError,
     "LocalGradient must be finite, got -inf"),
    ("difference step zero", lambda: central_difference(lambda x: x, Scalar(1.0), 0.0),
     InvalidScalarError, "the finite-difference step h must be finite and > 0, got 0.0"),
    ("difference step nan", lambda: central_difference(lambda x: x, Scalar(1.0), math.nan),
     InvalidScalarError, "the finite-difference step h must be finite and > 0, got nan"),
    ("gradient tolerance",
     lambda: gradient_matches(lambda x: x, Scalar(1.0), LocalGradient(1.0), tolerance=-1.0),
     InvalidScalarError, "the gradient tolerance must be finite and > 0, got -1.0"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [pytest.param(build, error, message, id=case) for case, build, error, message in CASES],
)
def test_invalid_input_raises_its_error(
    build: Callable[[], object], error: type[TinyMLError], message: str
) -> None:
    with pytest.raises(error) as raised:
        build()
    assert type(raised.value) is error
    assert str(raised.value) == message


def test_every_error_is_a_tiny_ml_error() -> None:
    errors: list[TinyMLError] = [
        EmptyInputError("x"),
        OutOfRangeError("token id", 1, 1),
        ShapeMismatchError("op", (1,), (2,)),
        InvalidProbabilityError("why"),
        InvalidLossError(-1.0),
        InvalidLearningRateError(0.0),
        InvalidScalarError("x", 1, "y"),
        InvalidIntervalError(2.0, 1.0),
        UnknownWordError("w"),
        InvalidVocabularyError("why"),
    ]
    assert all(isinstance(error, TinyMLError) for error in errors)


def test_errors_keep_their_details() -> None:
    out_of_range = OutOfRangeError("token id", 5, 3)
    assert (out_of_range.kind, out_of_range.index, out_of_range.limit) == ("token id", 5, 3)
    mismatch = ShapeMismatchError("matmul", (2, 3), (3, 2))
    assert (mismatch.op, mismatch.expected, mismatch.got) == ("matmul", (2, 3), (3, 2))
    assert UnknownWordError("cat").word == "cat"
    interval = InvalidIntervalError(2.0, 1.0)
    assert (interval.low, interval.high) == (2.0, 1.0)
    assert str(interval) == "an interval needs low <= high, got [2.0, 1.0]"
