"""The sketches' later structure: joins, resource bundles, parallel circuits, implication."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiny_ml.errors import InvalidScalarError
from tiny_ml.sketches import (
    DISTRIBUTION,
    LOGITS,
    LOSS,
    NO_RESOURCES,
    TEXT,
    TOKENS,
    InformationLevel,
    OpenCircuit,
    ResourceBundle,
    TruthValue,
    conjunction,
    entails,
    implies,
    join,
)

LAWS = settings(max_examples=40, deadline=None, derandomize=True, database=None)
levels = st.builds(InformationLevel, st.sampled_from(("a", "b", "c")), st.integers(0, 4))
bundles = st.builds(ResourceBundle, st.integers(0, 20), st.integers(0, 20))
truths = st.sampled_from(tuple(TruthValue))


@LAWS
@given(levels, levels, levels)
def test_join_is_a_least_upper_bound(
    a: InformationLevel, b: InformationLevel, c: InformationLevel
) -> None:
    upper = join(a, b)
    assert a <= upper and b <= upper
    if a <= c and b <= c:
        assert upper <= c


def test_join_of_the_books_levels() -> None:
    assert join(LOSS, LOGITS) == LOGITS
    assert join(DISTRIBUTION, TEXT) == TEXT
    tie = join(TEXT, TOKENS)
    assert TEXT <= tie and tie <= TEXT  # unique only up to the tie


@LAWS
@given(bundles, bundles, bundles)
def test_bundles_add_monotonically_in_the_product_order(
    a: ResourceBundle, b: ResourceBundle, c: ResourceBundle
) -> None:
    assert a <= a
    if a <= b and b <= c:
        assert a <= c
    if a <= b:
        assert a + c <= b + c
        assert b.can_supply(a)
    assert a + NO_RESOURCES == a == NO_RESOURCES + a
    assert (a + b) + c == a + (b + c)


def test_bundles_can_be_incomparable() -> None:
    more_compute, more_memory = ResourceBundle(4, 8), ResourceBundle(2, 16)
    assert not more_compute <= more_memory and not more_memory <= more_compute
    with pytest.raises(InvalidScalarError):
        ResourceBundle(-1, 0)
    with pytest.raises(InvalidScalarError):
        ResourceBundle(1, True)


@st.composite
def circuits(draw: st.DrawFn, left: int, right: int) -> OpenCircuit:
    """A random circuit with the given boundary widths."""
    nodes = draw(st.integers(1, 4))
    node = st.integers(0, nodes - 1)
    wires = draw(st.lists(st.tuples(node, node), max_size=3))
    return OpenCircuit(
        nodes,
        tuple(wires),
        tuple(draw(node) for _ in range(left)),
        tuple(draw(node) for _ in range(right)),
    )


@LAWS
@given(st.data())
def test_parallel_is_a_monoidal_product(data: st.DataObject) -> None:
    widths = [data.draw(st.integers(0, 2)) for _ in range(6)]
    a, b, c = (data.draw(circuits(widths[2 * i], widths[2 * i + 1])) for i in range(3))
    assert (a.parallel(b)).parallel(c) == a.parallel(b.parallel(c))
    assert OpenCircuit.identity(widths[0]).parallel(OpenCircuit.identity(widths[1])) == (
        OpenCircuit.identity(widths[0] + widths[1])
    )
    beside = a.parallel(b)
    assert len(beside.left) == len(a.left) + len(b.left)
    assert len(beside.right) == len(a.right) + len(b.right)


@LAWS
@given(st.data())
def test_series_and_parallel_interchange(data: st.DataObject) -> None:
    """(f then g) beside (h then k) wires the boundary as (f beside h) then (g beside k)."""
    a, b, c, d, e, f = (data.draw(st.integers(0, 2)) for _ in range(6))
    first, second = data.draw(circuits(a, b)), data.draw(circuits(b, c))
    third, fourth = data.draw(circuits(d, e)), data.draw(circuits(e, f))
    serial_beside = first.then(second).parallel(third.then(fourth))
    beside_serial = first.parallel(third).then(second.parallel(fourth))
    assert serial_beside.boundary_partition() == beside_serial.boundary_partition()


def test_implies_is_classical_on_true_and_false() -> None:
    t, f = TruthValue.TRUE, TruthValue.FALSE
    assert implies(t, f) is f
    assert implies(t, t) is t and implies(f, t) is t and implies(f, f) is t
    assert implies(TruthValue.UNKNOWN, f) is f
    assert implies(t, TruthValue.UNKNOWN) is TruthValue.UNKNOWN


def test_implies_is_the_residual_of_conjunction() -> None:
    """c and a entails b exactly when c entails (a implies b), for every triple."""
    for a, b, c in itertools.product(TruthValue, repeat=3):
        assert entails(conjunction(c, a), b) == entails(c, implies(a, b)), (a, b, c)


@LAWS
@given(truths, truths)
def test_modus_ponens(a: TruthValue, b: TruthValue) -> None:
    assert entails(conjunction(a, implies(a, b)), b)
