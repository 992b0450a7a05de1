"""Morphisms form a category: identity is a unit on both sides and composition is associative."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tiny_ml.category import (
    Compose,
    Endomorphism,
    FunctionMorphism,
    Identity,
    Morphism,
    StepCount,
    apply_n_times,
)
from tiny_ml.domain import Logits, ModelDimension, Parameters, TokenId, Vector, VocabSize
from tiny_ml.ml import Embedding, LinearToLogits

ARROWS: tuple[Morphism[int, int], ...] = (
    FunctionMorphism[int, int]("double", lambda x: 2 * x),
    FunctionMorphism[int, int]("increment", lambda x: x + 1),
    FunctionMorphism[int, int]("negate", lambda x: -x),
    FunctionMorphism[int, int]("square", lambda x: x * x),
    FunctionMorphism[int, int]("halve", lambda x: x // 2),
)
arrows = st.sampled_from(ARROWS)
ints = st.integers(min_value=-1000, max_value=1000)
LAWS = settings(max_examples=60, deadline=None)


@LAWS
@given(arrows, ints)
def test_identity_is_a_left_unit(f: Morphism[int, int], x: int) -> None:
    assert Compose[int, int, int](Identity[int](), f).apply(x) == f.apply(x)


@LAWS
@given(arrows, ints)
def test_identity_is_a_right_unit(f: Morphism[int, int], x: int) -> None:
    assert Compose[int, int, int](f, Identity[int]()).apply(x) == f.apply(x)


@LAWS
@given(arrows, arrows, arrows, ints)
def test_composition_is_associative(
    f: Morphism[int, int], g: Morphism[int, int], h: Morphism[int, int], x: int
) -> None:
    left = Compose[int, int, int](Compose[int, int, int](f, g), h)
    right = Compose[int, int, int](f, Compose[int, int, int](g, h))
    assert left.apply(x) == right.apply(x)
    assert left.name == right.name == f"{f.name} >> {g.name} >> {h.name}"


def test_composition_runs_first_then_second() -> None:
    double, increment = ARROWS[0], ARROWS[1]
    assert Compose[int, int, int](double, increment).apply(5) == 11
    assert Compose[int, int, int](increment, double).apply(5) == 12


def test_composition_threads_the_middle_type() -> None:
    parameters = Parameters.initial(vocab_size=VocabSize(3), model_dimension=ModelDimension(2))
    to_logits = Compose[TokenId, Vector, Logits](Embedding(parameters), LinearToLogits(parameters))
    token = TokenId(1)
    assert to_logits.apply(token) == LinearToLogits(parameters).apply(
        Embedding(parameters).apply(token)
    )
    assert to_logits.name == "embedding >> linear_to_logits"


@LAWS
@given(arrows, st.integers(min_value=0, max_value=6), st.integers(min_value=-5, max_value=5))
def test_apply_n_times_iterates_the_endomorphism(f: Endomorphism[int], n: int, x: int) -> None:
    expected = x
    for _ in range(n):
        expected = f.apply(expected)
    assert apply_n_times(f, StepCount(n), x) == expected


def test_zero_steps_is_the_identity() -> None:
    assert apply_n_times(ARROWS[0], StepCount(0), 7) == 7
    assert apply_n_times(ARROWS[0], StepCount(3), 1) == 8
