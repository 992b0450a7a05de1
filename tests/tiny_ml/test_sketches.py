"""The seven sketches: every validation path and every law each sketch promises."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tiny_ml.domain import Loss, Matrix, TokenId
from tiny_ml.errors import (
    EmptyInputError,
    InvalidIntervalError,
    InvalidScalarError,
    OutOfRangeError,
    ShapeMismatchError,
)
from tiny_ml.sketches import (
    DISTRIBUTION,
    LOGITS,
    LOSS,
    NO_COST,
    TEXT,
    TOKENS,
    ContextDemand,
    Cost,
    DatabaseInstance,
    ExampleRow,
    FeatureCount,
    ForeignKeyError,
    GaloisConnection,
    HeadSpace,
    InformationLevel,
    LayerBudget,
    LossCeiling,
    MemoryBudget,
    ModelSpace,
    NotACoverError,
    OpenCircuit,
    Port,
    SafetyCover,
    SignalMatrix,
    StepInterval,
    TruthValue,
    VocabSpace,
    conjunction,
    identity_signal,
    is_feasible,
    is_reflexive,
    is_transitive,
    total_cost,
)

counts = st.integers(min_value=0, max_value=200)

# 1. Orders ------------------------------------------------------------------------------------

LEVELS = (TEXT, TOKENS, LOGITS, DISTRIBUTION, LOSS)
levels = st.builds(InformationLevel, st.sampled_from(("a", "b", "c")), st.integers(0, 4))


def test_information_levels_form_a_preorder() -> None:
    assert is_reflexive(LEVELS, InformationLevel.__le__)
    assert is_transitive(LEVELS, InformationLevel.__le__)
    assert LOSS <= DISTRIBUTION <= LOGITS <= TOKENS


def test_equivalent_levels_need_not_be_equal() -> None:
    assert TEXT <= TOKENS and TOKENS <= TEXT
    assert TEXT != TOKENS


@given(st.lists(levels, max_size=6))
def test_any_levels_form_a_preorder(elements: list[InformationLevel]) -> None:
    assert is_reflexive(elements, InformationLevel.__le__)
    assert is_transitive(elements, InformationLevel.__le__)


def test_a_strict_order_is_not_a_preorder() -> None:
    def strictly_less(a: InformationLevel, b: InformationLevel) -> bool:
        return a.rank < b.rank

    assert not is_reflexive(LEVELS, strictly_less)
    assert is_transitive(LEVELS, strictly_less)


def test_transitivity_can_fail() -> None:
    def next_rank_only(a: int, b: int) -> bool:
        return b - a in (0, 1)

    assert not is_transitive((0, 1, 2), next_rank_only)


def test_ranks_are_never_negative() -> None:
    with pytest.raises(InvalidScalarError, match=r"^InformationLevel.rank must be an int >= 0"):
        InformationLevel("nothing", -1)


# 2. Galois connections -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "name"), [(FeatureCount, "FeatureCount"), (LayerBudget, "LayerBudget")]
)
def test_counts_are_never_negative(make: Callable[[int], object], name: str) -> None:
    with pytest.raises(InvalidScalarError, match=rf"^{name} must be an int >= 0, got -1$"):
        make(-1)


def test_a_layer_holds_at_least_one_feature() -> None:
    with pytest.raises(InvalidScalarError, match=r"features_per_layer must be an int >= 1"):
        GaloisConnection(0)


def test_layers_needed_rounds_up() -> None:
    connection = GaloisConnection(4)
    needed = [connection.layers_needed(FeatureCount(n)).value for n in (0, 1, 4, 5, 8, 9)]
    assert needed == [0, 1, 1, 2, 2, 3]
    assert connection.features_supported(LayerBudget(3)) == FeatureCount(12)


@given(counts, counts, st.integers(1, 20))
def test_the_adjunction_law_holds(features: int, layers: int, capacity: int) -> None:
    connection = GaloisConnection(capacity)
    a, b = FeatureCount(features), LayerBudget(layers)
    assert (connection.layers_needed(a) <= b) == (a <= connection.features_supported(b))


def test_rounding_down_would_break_the_law() -> None:
    # floor(5 / 4) = 1 <= 1 layer, yet 5 features do not fit in 1 x 4: only ceil keeps the law.
    assert 5 // 4 <= 1 and not 5 <= GaloisConnection(4).features_supported(LayerBudget(1)).value
    assert not GaloisConnection(4).layers_needed(FeatureCount(5)) <= LayerBudget(1)
    assert GaloisConnection(4).adjunction_holds(FeatureCount(5), LayerBudget(1)), "both sides fail"


@given(counts, counts, st.integers(1, 20))
def test_both_adjoints_are_monotone(x: int, y: int, capacity: int) -> None:
    connection = GaloisConnection(capacity)
    low, high = sorted((x, y))
    assert connection.layers_needed(FeatureCount(low)) <= connection.layers_needed(
        FeatureCount(high)
    )
    assert connection.features_supported(LayerBudget(low)) <= connection.features_supported(
        LayerBudget(high)
    )


# 3. Resources ----------------------------------------------------------------------------------

costs = st.builds(Cost, counts)


def test_costs_are_never_negative() -> None:
    with pytest.raises(InvalidScalarError, match=r"^Cost must be an int >= 0, got -3$"):
        Cost(-3)


@given(costs, costs, costs)
def test_costs_form_a_monoid(a: Cost, b: Cost, c: Cost) -> None:
    assert (a + b) + c == a + (b + c)
    assert a + NO_COST == a == NO_COST + a


@given(costs, costs, costs, costs)
def test_adding_costs_respects_their_order(a: Cost, b: Cost, c: Cost, d: Cost) -> None:
    if a <= b and c <= d:
        assert a + c <= b + d


def test_costs_add_rather_than_multiply() -> None:
    assert Cost(2) + Cost(3) == Cost(5)
    assert total_cost([Cost(2), Cost(3), Cost(4)]) == Cost(9)
    assert total_cost([]) == NO_COST


# 4. Databases ----------------------------------------------------------------------------------

WORDS = ("the", "cat", "sat")


def test_foreign_keys_must_resolve() -> None:
    with pytest.raises(ForeignKeyError) as raised:
        DatabaseInstance(
            WORDS, (ExampleRow(TokenId(0), TokenId(1)), ExampleRow(TokenId(1), TokenId(3)))
        )
    assert str(raised.value) == (
        "Example row 1: target refers to token 3, which the Token table does not hold"
    )
    assert (raised.value.table, raised.value.row, raised.value.column, raised.value.key) == (
        "Example",
        1,
        "target",
        3,
    )
    with pytest.raises(ForeignKeyError, match=r"^Example row 0: context refers to token 7"):
        DatabaseInstance(WORDS, (ExampleRow(TokenId(7), TokenId(0)),))


def test_lookup_is_optional_but_following_keys_is_total() -> None:
    database = DatabaseInstance(
        WORDS, (ExampleRow(TokenId(0), TokenId(1)), ExampleRow(TokenId(1), TokenId(2)))
    )
    assert database.word_of(TokenId(1)) == "cat"
    assert database.word_of(TokenId(3)) is None
    assert database.example_words() == (("the", "cat"), ("cat", "sat"))


def test_an_empty_instance_is_valid() -> None:
    assert DatabaseInstance((), ()).example_words() == ()


# 5. Co-design ----------------------------------------------------------------------------------


def test_demands_and_budgets_are_never_negative() -> None:
    with pytest.raises(InvalidScalarError, match=r"^ContextDemand must be an int >= 0"):
        ContextDemand(-1)
    with pytest.raises(InvalidScalarError, match=r"^MemoryBudget must be an int >= 0"):
        MemoryBudget(-1)


def test_attention_needs_a_square_of_cells() -> None:
    assert is_feasible(ContextDemand(3), MemoryBudget(9))
    assert not is_feasible(ContextDemand(3), MemoryBudget(8))
    assert is_feasible(ContextDemand(0), MemoryBudget(0))


@given(counts, counts, counts, counts)
def test_feasibility_is_monotone_in_the_right_directions(
    tokens: int, cells: int, ease: int, grow: int
) -> None:
    demand, budget = ContextDemand(tokens), MemoryBudget(cells)
    easier, bigger = ContextDemand(max(tokens - ease, 0)), MemoryBudget(cells + grow)
    if is_feasible(demand, budget):
        assert is_feasible(easier, bigger)
    if not is_feasible(easier, bigger):
        assert not is_feasible(demand, budget)


# 6. Signal flow --------------------------------------------------------------------------------


def small_ints(n_rows: int, n_cols: int) -> st.SearchStrategy[Matrix]:
    """Integer-valued matrices, so products are exact and laws can be checked with ==."""
    row = st.tuples(*(st.integers(-5, 5).map(float) for _ in range(n_cols)))
    return st.tuples(*(row for _ in range(n_rows)))


def test_signal_matrices_validate_their_entries() -> None:
    with pytest.raises(EmptyInputError, match=r"^SignalMatrix must not be empty$"):
        SignalMatrix[ModelSpace, HeadSpace](())
    with pytest.raises(ShapeMismatchError, match=r"^SignalMatrix: expected shape \(2, 2\)"):
        SignalMatrix[ModelSpace, HeadSpace](((1.0, 2.0), (3.0,)))
    with pytest.raises(InvalidScalarError, match=r"^every entry of SignalMatrix must be finite"):
        SignalMatrix[ModelSpace, HeadSpace](((float("nan"),),))
    with pytest.raises(InvalidScalarError, match=r"^identity_signal size must be an int >= 1"):
        identity_signal(0)


def test_composition_multiplies_through_the_middle_dimension() -> None:
    project = SignalMatrix[ModelSpace, HeadSpace](((1.0, 0.0), (0.0, 1.0), (1.0, 1.0)))
    read = SignalMatrix[HeadSpace, VocabSpace](((1.0, 2.0, 3.0, 4.0), (0.0, 1.0, 0.0, 1.0)))
    composed = project.then(read)
    assert composed.shape == (3, 4)
    assert composed.entries == ((1.0, 2.0, 3.0, 4.0), (0.0, 1.0, 0.0, 1.0), (1.0, 3.0, 3.0, 5.0))


def test_the_middle_sizes_must_agree_at_runtime_too() -> None:
    project = SignalMatrix[ModelSpace, HeadSpace](((1.0, 0.0),))
    too_tall = SignalMatrix[HeadSpace, VocabSpace](((1.0,), (2.0,), (3.0,)))
    with pytest.raises(ShapeMismatchError) as raised:
        project.then(too_tall)
    assert (raised.value.op, raised.value.expected, raised.value.got) == (
        "SignalMatrix.then",
        (2, 1),
        (3, 1),
    )


@given(st.data())
def test_composition_is_associative_with_identities(data: st.DataObject) -> None:
    a, b, c, d = (data.draw(st.integers(1, 3)) for _ in range(4))
    first = SignalMatrix[ModelSpace, HeadSpace](data.draw(small_ints(a, b)))
    second = SignalMatrix[HeadSpace, VocabSpace](data.draw(small_ints(b, c)))
    third = SignalMatrix[VocabSpace, ModelSpace](data.draw(small_ints(c, d)))
    assert first.then(second).then(third) == first.then(second.then(third))
    before: SignalMatrix[ModelSpace, ModelSpace] = identity_signal(a)
    after: SignalMatrix[HeadSpace, HeadSpace] = identity_signal(b)
    assert before.then(first) == first == first.then(after)


# 7. Circuits -----------------------------------------------------------------------------------


def wire(width: int = 1) -> OpenCircuit:
    """`width` parallel wires, each joining a left port to a right port."""
    return OpenCircuit(
        2 * width,
        tuple((i, width + i) for i in range(width)),
        tuple(range(width)),
        tuple(range(width, 2 * width)),
    )


def test_circuits_validate_their_nodes() -> None:
    with pytest.raises(InvalidScalarError, match=r"^OpenCircuit.node_count must be an int >= 0"):
        OpenCircuit(-1, (), (), ())
    with pytest.raises(
        OutOfRangeError, match=r"^circuit node 2 is out of range: it must be in 0..1"
    ):
        OpenCircuit(2, ((0, 2),), (0,), (1,))
    with pytest.raises(OutOfRangeError, match=r"^circuit node 5"):
        OpenCircuit(2, (), (0,), (5,))


def test_composition_needs_boundaries_of_one_width() -> None:
    with pytest.raises(ShapeMismatchError, match=r"^OpenCircuit.then: expected shape 1, got 2$"):
        wire(1).then(wire(2))


def test_wires_in_series_conduct_end_to_end() -> None:
    series = wire().then(wire())
    assert series.boundary_partition() == frozenset(
        {frozenset({Port("left", 0), Port("right", 0)})}
    )


def test_an_open_switch_breaks_the_series() -> None:
    switch = OpenCircuit(2, (), (0,), (1,))
    broken = wire().then(switch).then(wire())
    assert broken.boundary_partition() == frozenset(
        {frozenset({Port("left", 0)}), frozenset({Port("right", 0)})}
    )


def test_gluing_can_join_two_ports_on_one_side() -> None:
    join = OpenCircuit(1, (), (0, 0), ())
    loop = wire(2).then(join)
    assert loop.boundary_partition() == frozenset({frozenset({Port("left", 0), Port("left", 1)})})


@st.composite
def circuits(draw: st.DrawFn, left: int, right: int) -> OpenCircuit:
    """A random circuit with the given boundary widths."""
    nodes = draw(st.integers(1, 4))
    node = st.integers(0, nodes - 1)
    wires = draw(st.lists(st.tuples(node, node), max_size=4))
    return OpenCircuit(
        nodes,
        tuple(wires),
        tuple(draw(node) for _ in range(left)),
        tuple(draw(node) for _ in range(right)),
    )


@given(st.data())
def test_circuit_composition_is_associative_with_identities(data: st.DataObject) -> None:
    a, b, c, d = (data.draw(st.integers(0, 3)) for _ in range(4))
    first = data.draw(circuits(a, b))
    second = data.draw(circuits(b, c))
    third = data.draw(circuits(c, d))
    left_first = first.then(second).then(third).boundary_partition()
    assert left_first == first.then(second.then(third)).boundary_partition()
    behaviour = first.boundary_partition()
    assert OpenCircuit.identity(a).then(first).boundary_partition() == behaviour
    assert first.then(OpenCircuit.identity(b)).boundary_partition() == behaviour


# Logic of behaviour ----------------------------------------------------------------------------

truth_values = st.sampled_from(TruthValue)


def test_conjunction_table() -> None:
    t, f, u = TruthValue.TRUE, TruthValue.FALSE, TruthValue.UNKNOWN
    table = {(a, b): conjunction(a, b) for a in TruthValue for b in TruthValue}
    assert table == {
        (t, t): t,
        (t, f): f,
        (t, u): u,
        (f, t): f,
        (f, f): f,
        (f, u): f,
        (u, t): u,
        (u, f): f,
        (u, u): u,
    }


@given(truth_values, truth_values, truth_values)
def test_conjunction_is_a_commutative_monoid_with_unit_true(
    a: TruthValue, b: TruthValue, c: TruthValue
) -> None:
    assert conjunction(conjunction(a, b), c) == conjunction(a, conjunction(b, c))
    assert conjunction(a, b) == conjunction(b, a)
    assert conjunction(a, TruthValue.TRUE) == a


def test_intervals_run_forwards_from_zero() -> None:
    with pytest.raises(
        InvalidIntervalError, match=r"^an interval needs low <= high, got \[3, 1\]$"
    ):
        StepInterval(3, 1)
    with pytest.raises(InvalidScalarError, match=r"^StepInterval.first must be an int >= 0"):
        StepInterval(-1, 2)
    assert list(StepInterval(2, 4).steps()) == [2, 3, 4]


def test_patches_must_cover_the_whole_interval_and_stay_inside() -> None:
    whole = StepInterval(0, 9)
    with pytest.raises(EmptyInputError, match=r"^SafetyCover.patches must not be empty$"):
        SafetyCover(whole, ())
    with pytest.raises(NotACoverError, match=r"^not a cover: no patch covers step 5$"):
        SafetyCover(whole, (StepInterval(0, 4), StepInterval(6, 9)))
    with pytest.raises(
        NotACoverError, match=r"^not a cover: patch \[8, 12\] reaches outside \[0, 9\]$"
    ):
        SafetyCover(whole, (StepInterval(0, 7), StepInterval(8, 12)))


def losses(*values: float) -> tuple[Loss, ...]:
    """A recorded loss history."""
    return tuple(Loss(v) for v in values)


def test_global_truth_is_the_and_of_the_local_checks() -> None:
    cover = SafetyCover(StepInterval(0, 5), (StepInterval(0, 2), StepInterval(2, 5)))
    ceiling = Loss(1.0)
    assert cover.global_truth(LossCeiling(losses(0.9, 0.8, 0.7, 0.6, 0.5, 0.4), ceiling)) is (
        TruthValue.TRUE
    )
    assert cover.global_truth(LossCeiling(losses(0.9, 0.8, 0.7, 0.6), ceiling)) is (
        TruthValue.UNKNOWN
    )
    assert cover.global_truth(LossCeiling(losses(1.5, 0.8, 0.7, 0.6), ceiling)) is (
        TruthValue.FALSE
    )


@st.composite
def covers(draw: st.DrawFn) -> SafetyCover:
    """A random cover of a random interval: consecutive patches that may overlap by one step."""
    first = draw(st.integers(0, 3))
    last = draw(st.integers(first, first + 8))
    starts = sorted({first, *draw(st.sets(st.integers(first, last), max_size=3))})
    ends = (*(start - 1 for start in starts[1:]), last)
    patches = tuple(
        StepInterval(start, min(end + draw(st.integers(0, 1)), last))
        for start, end in zip(starts, ends, strict=True)
    )
    return SafetyCover(StepInterval(first, last), patches)


@given(covers(), st.lists(st.floats(0.0, 2.0), max_size=12))
def test_local_checks_glue_to_the_check_of_the_whole(
    cover: SafetyCover, history: list[float]
) -> None:
    check = LossCeiling(losses(*history), Loss(1.0))
    assert cover.global_truth(check) is check(cover.whole)
