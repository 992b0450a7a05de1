"""The fallible path: Results, arrows that return them, and composition that stops at an Err."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import assert_never

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiny_ml.category import FunctionMorphism
from tiny_ml.domain import (
    Distribution,
    Logits,
    ModelDimension,
    Parameters,
    TokenId,
    TokenSequence,
)
from tiny_ml.errors import (
    EmptyInputError,
    InvalidScalarError,
    OutOfRangeError,
    TinyMLError,
    UnknownWordError,
)
from tiny_ml.fallible import Caught, FallibleCompose, FallibleIdentity, FallibleMorphism, then
from tiny_ml.fallible_stages import (
    FallibleEmbedding,
    FallibleSoftmax,
    FallibleTokenize,
    FallibleWindowing,
)
from tiny_ml.ml import DatasetWindowing, Embedding, Softmax, prediction_path
from tiny_ml.result import Err, Ok, Result, map_result, unwrap
from tiny_ml.text import Text, Tokenize, UnknownWordPolicy, Vocabulary

LAWS = settings(max_examples=40, deadline=None, derandomize=True, database=None)
CORPUS = Text("one two three four one two three four")
STRICT = Vocabulary.from_corpus([CORPUS], policy=UnknownWordPolicy.REJECT)
LENIENT = Vocabulary.from_corpus([CORPUS], policy=UnknownWordPolicy.MAP_TO_UNKNOWN)


@dataclass(frozen=True)
class Halve:
    """int -> Result[int]: odd numbers are refused, so chains of it fail at a known step."""

    name: str = "halve"

    def apply(self, value: int, /) -> Result[int, TinyMLError]:
        if value % 2 != 0:
            return Err(InvalidScalarError("Halve input", value, "even"))
        return Ok(value // 2)


def describe(result: Result[int, TinyMLError]) -> str:
    """Both cases must be handled: mypy checks the match is exhaustive."""
    match result:
        case Ok(value):
            return f"ok {value}"
        case Err(error):
            return f"err {type(error).__name__}"
        case _:
            assert_never(result)


def _seen(result: Result[int, TinyMLError]) -> tuple[str, str]:
    """Errors compare by identity, so results are compared by what they report."""
    match result:
        case Ok(value):
            return ("ok", repr(value))
        case Err(error):
            return (type(error).__name__, str(error))


def test_match_reads_both_cases() -> None:
    assert describe(Ok(3)) == "ok 3"
    assert describe(Err(EmptyInputError("x"))) == "err EmptyInputError"


def test_map_result_and_unwrap() -> None:
    assert map_result(str, Ok(4)) == Ok("4")
    failure: Result[int, TinyMLError] = Err(EmptyInputError("x"))
    assert map_result(str, failure) == failure
    assert unwrap(Ok(5)) == 5
    with pytest.raises(EmptyInputError):
        unwrap(failure)


@LAWS
@given(st.integers(min_value=-1000, max_value=1000))
def test_composition_stops_at_the_first_error(value: int) -> None:
    quarter = then(Halve(), Halve())
    result = quarter.apply(value)
    if value % 4 == 0:
        assert result == Ok(value // 4)
    else:
        assert isinstance(result, Err) and isinstance(result.error, InvalidScalarError)
        failing_input = value if value % 2 != 0 else value // 2
        assert result.error.value == failing_input  # the first refusal, nothing after it
    assert quarter.name == "halve >> halve"


@LAWS
@given(st.integers(min_value=-1000, max_value=1000))
def test_identity_is_the_unit_of_then(value: int) -> None:
    identity = FallibleIdentity[int]()
    direct = _seen(Halve().apply(value))
    assert _seen(then(identity, Halve()).apply(value)) == direct
    assert _seen(then(Halve(), identity).apply(value)) == direct


@LAWS
@given(st.integers(min_value=-1000, max_value=1000))
def test_then_is_associative(value: int) -> None:
    left = then(then(Halve(), Halve()), Halve())
    right = then(Halve(), then(Halve(), Halve()))
    chained = then(Halve(), Halve()) >> Halve()
    assert _seen(left.apply(value)) == _seen(right.apply(value)) == _seen(chained.apply(value))


def test_caught_turns_a_raised_error_into_an_err() -> None:
    tokenize = Caught(Tokenize(STRICT))
    assert tokenize.apply(Text("one two")) == Ok(TokenSequence.of([0, 1]))
    result = tokenize.apply(Text("one five"))
    assert isinstance(result, Err) and isinstance(result.error, UnknownWordError)
    assert tokenize.name == "tokenize"


def test_caught_lets_a_non_tiny_ml_error_through() -> None:
    def crash(value: int) -> int:
        raise ZeroDivisionError(value)

    with pytest.raises(ZeroDivisionError):
        Caught(FunctionMorphism("crash", crash)).apply(1)


def test_fallible_tokenize_refuses_an_unknown_word_under_reject() -> None:
    result = FallibleTokenize(STRICT).apply(Text("one five two"))
    assert isinstance(result, Err)
    assert isinstance(result.error, UnknownWordError) and result.error.word == "five"
    assert FallibleTokenize(LENIENT).apply(Text("one five")) == Ok(TokenSequence.of([1, 0]))


@LAWS
@given(st.lists(st.sampled_from(["one", "two", "three", "four", "five", "six"]), min_size=1))
def test_fallible_and_raising_tokenize_agree(words: list[str]) -> None:
    text = Text(" ".join(words))
    for vocabulary in (STRICT, LENIENT):
        expected = Caught(Tokenize(vocabulary)).apply(text)
        got = FallibleTokenize(vocabulary).apply(text)
        match expected, got:
            case Ok(a), Ok(b):
                assert a == b
            case Err(a), Err(b):
                assert type(a) is type(b) and str(a) == str(b)
            case _:
                pytest.fail(f"the two paths disagree: {expected} vs {got}")


def test_fallible_windowing_needs_two_tokens() -> None:
    single = FallibleWindowing().apply(TokenSequence.of([3]))
    assert isinstance(single, Err) and isinstance(single.error, EmptyInputError)
    pair = TokenSequence.of([1, 2])
    assert FallibleWindowing().apply(pair) == Ok(DatasetWindowing().apply(pair))


def test_fallible_embedding_refuses_an_id_past_the_table() -> None:
    parameters = Parameters.initial(vocab_size=STRICT.size, model_dimension=ModelDimension(2))
    embedding = FallibleEmbedding(Embedding(parameters))
    assert embedding.apply(TokenId(1)) == Ok(parameters.embedding_row(TokenId(1)))
    result = embedding.apply(TokenId(9))
    assert isinstance(result, Err) and isinstance(result.error, OutOfRangeError)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_fallible_softmax_refuses_non_finite_logits(bad: float) -> None:
    result = FallibleSoftmax().apply((0.0, bad, 1.0))
    assert isinstance(result, Err) and isinstance(result.error, InvalidScalarError)
    empty = FallibleSoftmax().apply(())
    assert isinstance(empty, Err) and isinstance(empty.error, EmptyInputError)


def test_fallible_softmax_matches_softmax_on_finite_scores() -> None:
    scores = (1000.0, 1001.0, -3.0)
    assert FallibleSoftmax().apply(scores) == Ok(Softmax().apply(Logits(scores)))


def test_a_whole_fallible_pipeline_reports_where_it_stopped() -> None:
    parameters = Parameters.initial(vocab_size=STRICT.size, model_dimension=ModelDimension(2))
    first_token: FallibleMorphism[TokenSequence, TokenId] = Caught(
        FunctionMorphism("first_token", lambda tokens: tokens[0])
    )
    pipeline: FallibleCompose[Text, TokenId, Distribution] = then(
        FallibleTokenize(STRICT), first_token
    ) >> Caught(FunctionMorphism("predict", lambda token: _predict(parameters, token)))
    good = pipeline.apply(Text("two three"))
    assert isinstance(good, Ok) and len(good.value) == STRICT.size.value
    bad = pipeline.apply(Text("seven three"))
    assert isinstance(bad, Err) and isinstance(bad.error, UnknownWordError)
    assert pipeline.name == "tokenize >> first_token >> predict"


def _predict(parameters: Parameters, token: TokenId) -> Distribution:
    return prediction_path(parameters).apply(token)
