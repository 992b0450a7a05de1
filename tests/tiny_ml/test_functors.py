"""Functor laws and naturality squares for the typed instances, and the generic Distribution."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiny_ml.domain import Distribution, TokenId
from tiny_ml.errors import (
    InvalidProbabilityError,
    OutOfRangeError,
    ShapeMismatchError,
    UnknownOutcomeError,
)
from tiny_ml.functors import (
    DistributionFunctor,
    FirstOption,
    Functor,
    IdentityFunctor,
    NaturalTransformation,
    OptionalFunctor,
    OptionToTuple,
    PointMass,
    TupleFunctor,
)
from tiny_ml.text import Text, UnknownWordPolicy, Vocabulary

LAWS = settings(max_examples=40, deadline=None, derandomize=True, database=None)
FUNCTIONS: tuple[Callable[[int], int], ...] = (
    lambda x: x + 1,
    lambda x: 2 * x,
    lambda x: -x,
    lambda x: x % 3,
)
functions = st.sampled_from(FUNCTIONS)
ints = st.integers(min_value=-50, max_value=50)
tuples = st.lists(ints, max_size=6).map(tuple)
optionals = st.none() | ints
TUPLE, OPTIONAL, DISTRIBUTION = TupleFunctor(), OptionalFunctor(), DistributionFunctor()
WORDS = Vocabulary.from_corpus(
    [Text("one two three four one two three four")], policy=UnknownWordPolicy.MAP_TO_UNKNOWN
)


@st.composite
def int_distributions(draw: st.DrawFn) -> Distribution[int]:
    """Distinct int outcomes with rational-looking masses."""
    outcomes = draw(st.lists(ints, min_size=1, max_size=6, unique=True))
    weights = draw(st.lists(st.integers(0, 20), min_size=len(outcomes), max_size=len(outcomes)))
    weights[0] += 1
    total = sum(weights)
    return Distribution(tuple(w / total for w in weights), outcomes)


@st.composite
def token_distributions(draw: st.DrawFn) -> Distribution:
    """Distributions over a vocabulary of WORDS' size: a bare Distribution is over token ids."""
    size = WORDS.size.value
    weights = draw(st.lists(st.integers(0, 20), min_size=size, max_size=size))
    weights[0] += 1
    total = sum(weights)
    return Distribution(tuple(w / total for w in weights))


def _identity(x: int) -> int:
    return x


def _close(left: Distribution[int], right: Distribution[int]) -> bool:
    """Same outcomes in the same order, masses equal up to the rounding of regrouped sums."""
    return left.outcomes == right.outcomes and all(
        math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)
        for a, b in zip(left.probabilities, right.probabilities, strict=True)
    )


# The instances are the book's functors: each satisfies the protocol at any element types.
_tuple_is_a_functor: Functor[int, str, tuple[int, ...], tuple[str, ...]] = TUPLE
_optional_is_a_functor: Functor[int, str, int | None, str | None] = OPTIONAL
_distribution_is_a_functor: Functor[TokenId, str, Distribution, Distribution[str]] = DISTRIBUTION
_first_is_natural: NaturalTransformation[tuple[str, ...], str | None] = FirstOption()
_point_mass_is_natural: NaturalTransformation[str, Distribution[str]] = PointMass()


@LAWS
@given(tuples, optionals, int_distributions())
def test_identity_law(values: tuple[int, ...], value: int | None, d: Distribution[int]) -> None:
    assert TUPLE.fmap(_identity, values) == values
    assert OPTIONAL.fmap(_identity, value) == value
    assert DISTRIBUTION.fmap(_identity, d) == d  # exact: every group holds one mass
    assert IdentityFunctor().fmap(_identity, 7) == 7


@LAWS
@given(functions, functions, tuples, optionals, int_distributions())
def test_composition_law(
    f: Callable[[int], int],
    g: Callable[[int], int],
    values: tuple[int, ...],
    value: int | None,
    d: Distribution[int],
) -> None:
    def g_after_f(x: int) -> int:
        return g(f(x))

    assert TUPLE.fmap(g_after_f, values) == TUPLE.fmap(g, TUPLE.fmap(f, values))
    assert OPTIONAL.fmap(g_after_f, value) == OPTIONAL.fmap(g, OPTIONAL.fmap(f, value))
    assert _close(DISTRIBUTION.fmap(g_after_f, d), DISTRIBUTION.fmap(g, DISTRIBUTION.fmap(f, d)))


@LAWS
@given(functions, tuples, optionals, ints)
def test_naturality_squares(
    f: Callable[[int], int], values: tuple[int, ...], value: int | None, bare: int
) -> None:
    first, wrap, point = FirstOption(), OptionToTuple(), PointMass()
    assert first.transform(TUPLE.fmap(f, values)) == OPTIONAL.fmap(f, first.transform(values))
    assert wrap.transform(OPTIONAL.fmap(f, value)) == TUPLE.fmap(f, wrap.transform(value))
    identity = IdentityFunctor()
    assert point.transform(identity.fmap(f, bare)) == DISTRIBUTION.fmap(f, point.transform(bare))


@LAWS
@given(token_distributions())
def test_ids_pushed_forward_to_words(ids: Distribution) -> None:
    """The book's example: a distribution over ids becomes one over words, mass for mass."""
    words: Distribution[str] = DISTRIBUTION.fmap(WORDS.word_of, ids)
    assert words.outcomes == WORDS.words
    for token, word in zip(ids.outcomes, words.outcomes, strict=True):
        assert words.probability_of(word) == ids.probability_of(token)


def test_outcomes_that_meet_add_their_mass() -> None:
    ids = Distribution((0.1, 0.2, 0.3, 0.4))
    parity = ids.map(lambda token: "even" if token.index % 2 == 0 else "odd")
    assert parity.outcomes == ("even", "odd")
    assert parity.probabilities == (math.fsum((0.1, 0.3)), math.fsum((0.2, 0.4)))
    assert parity.probability_of("odd") == pytest.approx(0.6)


def test_a_bare_distribution_is_over_token_ids() -> None:
    d = Distribution((0.25, 0.75))
    assert d.outcomes == (TokenId(0), TokenId(1))
    assert d == Distribution((0.25, 0.75), (TokenId(0), TokenId(1)))
    assert d.probability_of(TokenId(1)) == 0.75
    with pytest.raises(OutOfRangeError):
        d.probability_of(TokenId(2))
    shuffled = Distribution((0.25, 0.75), (TokenId(5), TokenId(3)))
    assert shuffled.probability_of(TokenId(3)) == 0.75
    with pytest.raises(UnknownOutcomeError):
        shuffled.probability_of(TokenId(0))


def test_outcomes_must_match_and_be_distinct() -> None:
    with pytest.raises(ShapeMismatchError):
        Distribution((0.5, 0.5), ("a",))
    with pytest.raises(InvalidProbabilityError):
        Distribution((0.5, 0.5), ("a", "a"))
    with pytest.raises(UnknownOutcomeError):
        Distribution((1.0,), ("a",)).probability_of("b")
