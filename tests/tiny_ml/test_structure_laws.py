"""Functor laws, naturality of `first`, and monoid laws, checked on generated values."""

from __future__ import annotations

import math
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from tiny_ml.domain import Distribution, Loss, TokenId, VocabSize
from tiny_ml.structure import (
    LossSum,
    PipelineTrace,
    concat_all,
    first,
    first_is_natural,
    fold,
    map_distribution,
    map_optional,
    map_sequence,
)

LAWS = settings(max_examples=50, deadline=None)
FUNCTIONS: tuple[Callable[[int], int], ...] = (
    lambda x: x + 1,
    lambda x: 2 * x,
    lambda x: -x,
    lambda x: x % 3,
)
functions = st.sampled_from(FUNCTIONS)
ints = st.integers(min_value=-100, max_value=100)
sequences = st.lists(ints, max_size=8)
optionals = st.none() | ints
traces = st.lists(st.sampled_from(["tokenize", "embed", "softmax", "loss"]), max_size=4).map(
    lambda stages: PipelineTrace(tuple(stages))
)
losses = st.floats(min_value=0.0, max_value=1e6, allow_nan=False).map(Loss)
loss_sums = st.lists(losses, max_size=4).map(lambda parts: LossSum(tuple(parts)))


def _identity(x: int) -> int:
    return x


@st.composite
def distributions(draw: st.DrawFn) -> Distribution:
    weights = draw(st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=6))
    if sum(weights) == 0:
        weights[0] = 1
    total = sum(weights)
    return Distribution(tuple(w / total for w in weights))


@st.composite
def relabellings(draw: st.DrawFn, sources: int, targets: int) -> tuple[TokenId, ...]:
    """A function between finite index sets, as its table of images."""
    images = st.integers(min_value=0, max_value=targets - 1).map(TokenId)
    return tuple(draw(st.lists(images, min_size=sources, max_size=sources)))


def _close(left: Distribution, right: Distribution) -> bool:
    return len(left) == len(right) and all(
        math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)
        for a, b in zip(left.probabilities, right.probabilities, strict=True)
    )


# sequences


@LAWS
@given(sequences)
def test_sequence_map_keeps_identity(values: list[int]) -> None:
    assert map_sequence(_identity, values) == tuple(values)


@LAWS
@given(functions, functions, sequences)
def test_sequence_map_keeps_composition(
    f: Callable[[int], int], g: Callable[[int], int], values: list[int]
) -> None:
    assert map_sequence(lambda x: g(f(x)), values) == map_sequence(g, map_sequence(f, values))


# optionals


@LAWS
@given(optionals)
def test_optional_map_keeps_identity(value: int | None) -> None:
    assert map_optional(_identity, value) == value


@LAWS
@given(functions, functions, optionals)
def test_optional_map_keeps_composition(
    f: Callable[[int], int], g: Callable[[int], int], value: int | None
) -> None:
    assert map_optional(lambda x: g(f(x)), value) == map_optional(g, map_optional(f, value))


def test_optional_map_never_calls_the_function_on_none() -> None:
    def explode(_: int) -> int:
        raise AssertionError("called on None")

    assert map_optional(explode, None) is None


# distributions


@LAWS
@given(distributions())
def test_distribution_map_keeps_identity(distribution: Distribution) -> None:
    same = map_distribution(lambda t: t, distribution, outcomes=VocabSize(len(distribution)))
    assert same == distribution


@LAWS
@given(st.data(), distributions(), st.integers(1, 5), st.integers(1, 5))
def test_distribution_map_keeps_composition(
    data: st.DataObject, distribution: Distribution, middle: int, last: int
) -> None:
    f = data.draw(relabellings(len(distribution), middle))
    g = data.draw(relabellings(middle, last))
    mid, end = VocabSize(middle), VocabSize(last)
    composed = map_distribution(lambda t: g[f[t.index].index], distribution, outcomes=end)
    stepwise = map_distribution(
        lambda t: g[t.index],
        map_distribution(lambda t: f[t.index], distribution, outcomes=mid),
        outcomes=end,
    )
    assert _close(composed, stepwise)


def test_distribution_map_moves_mass_and_keeps_the_total() -> None:
    distribution = Distribution((0.1, 0.2, 0.7))
    merged = map_distribution(
        lambda t: TokenId(0 if t.index == 2 else 1), distribution, outcomes=VocabSize(3)
    )
    assert _close(merged, Distribution((0.7, 0.3, 0.0)))
    assert math.isclose(math.fsum(merged.probabilities), 1.0)


# naturality of first


@LAWS
@given(functions, sequences)
def test_first_is_natural(f: Callable[[int], int], values: list[int]) -> None:
    assert map_optional(f, first(values)) == first(map_sequence(f, values))
    assert first_is_natural(f, values)


def test_first_of_nothing_is_none() -> None:
    assert first([]) is None
    assert first((TokenId(4), TokenId(2))) == TokenId(4)


# monoids


@LAWS
@given(traces)
def test_trace_empty_is_a_unit(trace: PipelineTrace) -> None:
    assert PipelineTrace.empty().combine(trace) == trace
    assert trace.combine(PipelineTrace.empty()) == trace


@LAWS
@given(traces, traces, traces)
def test_trace_combine_is_associative(a: PipelineTrace, b: PipelineTrace, c: PipelineTrace) -> None:
    assert a.combine(b).combine(c) == a.combine(b.combine(c))


@LAWS
@given(loss_sums)
def test_loss_sum_empty_is_a_unit(total: LossSum) -> None:
    assert LossSum.empty().combine(total) == total
    assert total.combine(LossSum.empty()) == total


@LAWS
@given(loss_sums, loss_sums, loss_sums)
def test_loss_sum_combine_is_associative_down_to_the_total(
    a: LossSum, b: LossSum, c: LossSum
) -> None:
    left, right = a.combine(b).combine(c), a.combine(b.combine(c))
    assert left == right
    assert left.total == right.total


def test_loss_sum_total_does_not_depend_on_grouping() -> None:
    a, b, c = Loss(0.1), Loss(0.2), Loss(0.3)
    assert (a.value + b.value) + c.value != a.value + (b.value + c.value)
    grouped_left = LossSum.of(a, b).combine(LossSum.of(c))
    grouped_right = LossSum.of(a).combine(LossSum.of(b, c))
    assert grouped_left.total == grouped_right.total == Loss(0.6)
    assert LossSum.empty().total == Loss(0.0)


def test_concat_all_and_fold_combine_in_order() -> None:
    assert concat_all(PipelineTrace, []) == PipelineTrace.empty()
    stages = ["tokenize", "dataset_windowing", "train_step"]
    assert fold(PipelineTrace, PipelineTrace.of, stages) == PipelineTrace(tuple(stages))
    assert concat_all(PipelineTrace, [PipelineTrace.of("a"), PipelineTrace.of("b", "c")]) == (
        PipelineTrace.of("a", "b", "c")
    )
    assert fold(LossSum, LossSum.of, [Loss(1.0), Loss(2.5)]).total == Loss(3.5)
