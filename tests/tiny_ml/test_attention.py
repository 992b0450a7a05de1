"""Attention and the tiny transformer: every validation path, the hand-worked numbers, the laws."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiny_ml.attention import (
    AttentionWeights,
    BlockParameters,
    FeedForward,
    FeedForwardWidth,
    HeadCount,
    HeadDimension,
    Hidden,
    Keys,
    LayerNorm,
    LayerNormEpsilon,
    Mask,
    MaskedMultiHeadBlock,
    MaskKind,
    MixedValues,
    MultiHeadBlock,
    Queries,
    ReadoutGradient,
    ReadoutTrainingStep,
    ResidualAdd,
    Scores,
    SequenceLength,
    SingleHeadBlock,
    TransformerParameters,
    TransformerTrainingState,
    Values,
    add_positions,
    attend,
    attention_weights,
    causal_mask,
    concat_heads,
    embed,
    full_mask,
    mask_of,
    mix_values,
    multi_head_attention,
    next_token_logits,
    next_token_loss,
    positional_encoding,
    project_keys,
    project_output,
    project_queries,
    project_values,
    readout_gradient,
    readout_logits,
    scaled_scores,
    split_heads,
)
from tiny_ml.category import StepCount, apply_n_times
from tiny_ml.domain import (
    Distribution,
    LearningRate,
    Matrix,
    ModelDimension,
    Product,
    TokenSequence,
    VocabSize,
)
from tiny_ml.errors import (
    EmptyInputError,
    InvalidScalarError,
    OutOfRangeError,
    ShapeMismatchError,
)

TOLERANCE = 1e-9

entries = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False, allow_infinity=False)


def matrices(n_rows: int, n_cols: int) -> st.SearchStrategy[Matrix]:
    """Finite matrices of exactly the given shape."""
    row = st.tuples(*(entries for _ in range(n_cols)))
    return st.tuples(*(row for _ in range(n_rows)))


@st.composite
def shaped(draw: st.DrawFn, max_rows: int = 5, max_cols: int = 4) -> Matrix:
    """A finite matrix of any small shape."""
    n_rows = draw(st.integers(1, max_rows))
    n_cols = draw(st.integers(1, max_cols))
    return draw(matrices(n_rows, n_cols))


def close(left: Matrix, right: Matrix, tolerance: float = TOLERANCE) -> bool:
    """Same shape, every entry within the tolerance."""
    return len(left) == len(right) and all(
        len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))
        for a, b in zip(left, right, strict=True)
    )


def block(heads: int = 2, model: int = 4, seed: int = 3) -> BlockParameters:
    """Small deterministic block weights."""
    return BlockParameters.initial(
        model_dimension=ModelDimension(model),
        heads=HeadCount(heads),
        feed_forward_width=FeedForwardWidth(6),
        seed=seed,
    )


def transformer(seed: int = 7) -> TransformerParameters:
    """A tiny model over a five-token vocabulary."""
    return TransformerParameters.initial(
        vocab_size=VocabSize(5),
        model_dimension=ModelDimension(4),
        heads=HeadCount(2),
        feed_forward_width=FeedForwardWidth(6),
        seed=seed,
    )


# Sizes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [SequenceLength, HeadCount, HeadDimension, FeedForwardWidth])
@pytest.mark.parametrize("bad", [0, -2, True])
def test_sizes_must_be_positive_ints(
    size: type[SequenceLength | HeadCount | HeadDimension | FeedForwardWidth], bad: int
) -> None:
    with pytest.raises(InvalidScalarError, match=f"{size.__name__} must be a positive int"):
        size(bad)


# Row sequences --------------------------------------------------------------------------------


def test_rows_must_not_be_empty() -> None:
    with pytest.raises(EmptyInputError, match=r"^Queries must not be empty$"):
        Queries(())
    with pytest.raises(EmptyInputError, match=r"^every row of Keys must not be empty$"):
        Keys(((),))


def test_rows_must_be_equally_wide() -> None:
    with pytest.raises(ShapeMismatchError) as raised:
        Values(((1.0, 2.0), (1.0, 2.0, 3.0)))
    assert (raised.value.op, raised.value.expected, raised.value.got) == (
        "Values row 1",
        (2,),
        (3,),
    )
    assert str(raised.value) == "Values row 1: expected shape (2,), got (3,)"


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_rows_must_be_finite(bad: float) -> None:
    with pytest.raises(InvalidScalarError, match=r"every entry of Hidden must be finite"):
        Hidden(((0.0, bad),))


def test_rows_report_their_shape() -> None:
    rows = Hidden(((1, 2, 3), (4, 5, 6)))
    assert rows.shape == (2, 3)
    assert rows.length == SequenceLength(2)
    assert rows.width == 3
    assert rows.rows == ((1.0, 2.0, 3.0), (4.0, 5.0, 6.0))


def test_roles_with_equal_rows_are_still_different_values() -> None:
    keys: object = Keys(((1.0,),))
    assert Queries(((1.0,),)) != keys


# Scores, masks, weights, mixing ----------------------------------------------------------------

QUERIES = Queries(((1.0, 0.0), (0.0, 1.0)))
KEYS = Keys(((1.0, 1.0), (0.0, 2.0)))


def test_scores_are_divided_by_the_root_of_the_head_width() -> None:
    # q0.k0 = 1, q0.k1 = 0, q1.k0 = 1, q1.k1 = 2; divided by sqrt(2).
    scores = scaled_scores(QUERIES, KEYS)
    assert close(scores.rows, ((0.7071067811865475, 0.0), (0.7071067811865475, 1.414213562373095)))


def test_hand_worked_weights_and_mixing() -> None:
    weights = attention_weights(scaled_scores(QUERIES, KEYS))
    # softmax(0.7071, 0) and softmax(0.7071, 1.4142).
    first, second = (row.probabilities for row in weights.rows)
    assert first == pytest.approx((0.669761, 0.330239), abs=1e-6)
    assert second == pytest.approx((0.330239, 0.669761), abs=1e-6)
    mixed = mix_values(weights, Values(((10.0, 0.0), (0.0, 10.0))))
    assert close(mixed.rows, ((6.69761, 3.30239), (3.30239, 6.69761)), tolerance=1e-5)


def test_scores_need_queries_and_keys_of_one_width() -> None:
    with pytest.raises(ShapeMismatchError) as raised:
        scaled_scores(QUERIES, Keys(((1.0, 2.0, 3.0),)))
    assert (raised.value.op, raised.value.expected, raised.value.got) == (
        "scaled_scores",
        (1, 2),
        (1, 3),
    )


def test_causal_mask_lets_each_position_see_itself_and_the_past() -> None:
    assert causal_mask(SequenceLength(3)).allowed == (
        (True, False, False),
        (True, True, False),
        (True, True, True),
    )
    assert full_mask(SequenceLength(2)).allowed == ((True, True), (True, True))


def test_mask_kinds_name_their_masks() -> None:
    length = SequenceLength(4)
    assert mask_of("causal", length) == causal_mask(length)
    assert mask_of("full", length) == full_mask(length)


def test_mask_validation() -> None:
    with pytest.raises(EmptyInputError, match=r"^Mask must not be empty$"):
        Mask(())
    with pytest.raises(
        ShapeMismatchError, match=r"^Mask row 1: expected shape \(2,\), got \(1,\)$"
    ):
        Mask(((True, True), (True,)))
    with pytest.raises(
        EmptyInputError, match=r"^the keys allowed by Mask row 1 must not be empty$"
    ):
        Mask(((True, False), (False, False)))


def test_mask_entries_must_be_bools_even_from_untyped_data() -> None:
    untyped = json.loads("[[1, 0], [1, 1]]")  # what a mask read from a file looks like
    with pytest.raises(InvalidScalarError, match=r"^every entry of Mask must be a bool, got 1$"):
        Mask(tuple(tuple(row) for row in untyped))


def test_masked_keys_get_exactly_zero_weight() -> None:
    scores = Scores(((5.0, 100.0, -3.0),))
    weights = attention_weights(scores, Mask(((True, False, True),)))
    assert weights.rows[0].probabilities[1] == 0.0
    assert weights.rows[0].probabilities == pytest.approx(
        (1 / (1 + math.exp(-8.0)), 0.0, math.exp(-8.0) / (1 + math.exp(-8.0)))
    )


def test_mask_must_match_the_scores() -> None:
    with pytest.raises(ShapeMismatchError) as raised:
        attention_weights(Scores(((1.0, 2.0),)), causal_mask(SequenceLength(2)))
    assert (raised.value.op, raised.value.expected, raised.value.got) == (
        "attention_weights mask",
        (1, 2),
        (2, 2),
    )


def test_weights_validation() -> None:
    with pytest.raises(EmptyInputError, match=r"^AttentionWeights must not be empty$"):
        AttentionWeights(())
    with pytest.raises(ShapeMismatchError, match=r"^AttentionWeights row 1"):
        AttentionWeights((Distribution((0.5, 0.5)), Distribution((1.0,))))


def test_mixing_needs_one_value_row_per_key() -> None:
    weights = AttentionWeights((Distribution((0.5, 0.5)),))
    with pytest.raises(ShapeMismatchError) as raised:
        mix_values(weights, Values(((1.0,), (2.0,), (3.0,))))
    assert (raised.value.op, raised.value.expected, raised.value.got) == (
        "mix_values",
        (2, 1),
        (3, 1),
    )


@st.composite
def attention_inputs(draw: st.DrawFn) -> tuple[Queries, Keys, Values]:
    """Queries and keys of one width, values with one row per key."""
    n_queries, n_keys = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    width, value_width = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    return (
        Queries(draw(matrices(n_queries, width))),
        Keys(draw(matrices(n_keys, width))),
        Values(draw(matrices(n_keys, value_width))),
    )


@given(attention_inputs())
def test_every_weight_row_is_a_distribution_over_the_keys(
    inputs: tuple[Queries, Keys, Values],
) -> None:
    queries, keys, values = inputs
    mixed, weights = attend(queries, keys, values, with_weights=True)
    assert weights.shape == (queries.length.value, keys.length.value)
    for row in weights.rows:
        assert abs(math.fsum(row.probabilities) - 1.0) <= 1e-9
    assert mixed.shape == (queries.length.value, values.width)
    assert attend(queries, keys, values) == mixed


@given(attention_inputs())
def test_mixed_values_stay_within_the_values_range(inputs: tuple[Queries, Keys, Values]) -> None:
    queries, keys, values = inputs
    mixed = attend(queries, keys, values)
    for column, mixed_column in zip(
        zip(*values.rows, strict=True), zip(*mixed.rows, strict=True), strict=True
    ):
        assert all(min(column) - 1e-9 <= v <= max(column) + 1e-9 for v in mixed_column)


# Heads ------------------------------------------------------------------------------------------


def test_heads_split_into_column_blocks_in_head_order() -> None:
    queries = Queries(((1.0, 2.0, 3.0, 4.0), (5.0, 6.0, 7.0, 8.0)))
    first, second = split_heads(queries, HeadCount(2))
    assert first == Queries(((1.0, 2.0), (5.0, 6.0)))
    assert second == Queries(((3.0, 4.0), (7.0, 8.0)))


def test_heads_concatenate_in_head_order() -> None:
    head_0 = MixedValues(((1.0, 2.0), (5.0, 6.0)))
    head_1 = MixedValues(((3.0, 4.0), (7.0, 8.0)))
    assert concat_heads((head_0, head_1)).rows == ((1.0, 2.0, 3.0, 4.0), (5.0, 6.0, 7.0, 8.0))
    assert concat_heads((head_1, head_0)).rows == ((3.0, 4.0, 1.0, 2.0), (7.0, 8.0, 5.0, 6.0))


@given(shaped(), st.integers(1, 4))
def test_concat_undoes_split(rows: Matrix, heads: int) -> None:
    widened = Values(tuple(row * heads for row in rows))
    assert concat_heads(split_heads(widened, HeadCount(heads))) == widened


def test_split_needs_a_width_divisible_by_the_heads() -> None:
    with pytest.raises(ShapeMismatchError, match=r"^split_heads: expected shape a width divisible"):
        split_heads(Keys(((1.0, 2.0, 3.0),)), HeadCount(2))


def test_concat_needs_heads_of_one_shape() -> None:
    with pytest.raises(
        EmptyInputError, match=r"^the heads given to concat_heads must not be empty$"
    ):
        concat_heads(())
    with pytest.raises(ShapeMismatchError) as raised:
        concat_heads((MixedValues(((1.0, 2.0),)), MixedValues(((1.0, 2.0, 3.0),))))
    assert (raised.value.op, raised.value.expected, raised.value.got) == (
        "concat_heads head 1",
        (1, 2),
        (1, 3),
    )


def test_multi_head_attention_is_per_head_attention_rejoined_in_order() -> None:
    parameters = block().attention
    hidden = Hidden(((0.1, -0.4, 0.3, 0.9), (1.2, 0.0, -0.5, 0.2), (0.3, 0.3, 0.3, -0.1)))
    mask = causal_mask(hidden.length)
    heads = HeadCount(2)
    per_head = tuple(
        attend(q, k, v, mask)
        for q, k, v in zip(
            split_heads(project_queries(hidden, parameters), heads),
            split_heads(project_keys(hidden, parameters), heads),
            split_heads(project_values(hidden, parameters), heads),
            strict=True,
        )
    )
    expected = project_output(concat_heads(per_head), parameters)
    assert multi_head_attention(hidden, parameters, mask) == expected
    swapped = project_output(concat_heads(per_head[::-1]), parameters)
    assert not close(swapped.rows, expected.rows, tolerance=1e-6)


def test_attention_parameters_check_their_shapes() -> None:
    good = block().attention
    with pytest.raises(
        ShapeMismatchError, match=r"^AttentionParameters.key: expected shape \(4, 4\)"
    ):
        replace(good, key=good.key[:3])
    with pytest.raises(ShapeMismatchError, match=r"^AttentionParameters.output"):
        replace(good, output=good.output[:2])
    with pytest.raises(ShapeMismatchError, match=r"^AttentionParameters.query: .*\(4, 2\)"):
        replace(good, heads=HeadCount(1))


def test_projections_check_the_model_width() -> None:
    parameters = block().attention
    narrow = Hidden(((1.0, 2.0),))
    for project in (project_queries, project_keys, project_values):
        with pytest.raises(ShapeMismatchError, match=r"^project_\w+: expected shape \(1, 4\)"):
            project(narrow, parameters)
    with pytest.raises(ShapeMismatchError, match=r"^project_output: expected shape \(1, 4\)"):
        project_output(MixedValues(((1.0, 2.0),)), parameters)


# Residual, layer norm, feed-forward, positions --------------------------------------------------


def test_residual_adds_two_inputs_of_one_shape() -> None:
    skip, update = Hidden(((1.0, 2.0),)), Hidden(((0.5, -2.0),))
    assert ResidualAdd().apply(Product(skip, update)) == Hidden(((1.5, 0.0),))
    with pytest.raises(ShapeMismatchError, match=r"^residual_add: expected shape \(1, 2\)"):
        ResidualAdd().apply(Product(skip, Hidden(((1.0,),))))


@pytest.mark.parametrize("bad", [0.0, -1e-5, math.inf, math.nan])
def test_layer_norm_epsilon_is_finite_and_positive(bad: float) -> None:
    with pytest.raises(InvalidScalarError, match=r"^LayerNormEpsilon must be finite and > 0"):
        LayerNormEpsilon(bad)


def test_layer_norm_uses_the_biased_variance() -> None:
    # mean 2.5, biased variance 1.25 (the unbiased 1.667 would give -1.1619 first).
    row = LayerNorm(LayerNormEpsilon(1e-12)).apply(Hidden(((1.0, 2.0, 3.0, 4.0),))).rows[0]
    assert row == pytest.approx((-1.3416408, -0.4472136, 0.4472136, 1.3416408))


def test_layer_norm_epsilon_keeps_a_constant_row_finite() -> None:
    assert LayerNorm().apply(Hidden(((3.0, 3.0, 3.0),))).rows == ((0.0, 0.0, 0.0),)
    spread = Hidden(((0.0, 0.002),))
    assert LayerNorm(LayerNormEpsilon(1e-3)).apply(spread).rows[0][1] < 0.05


@st.composite
def spread_rows(draw: st.DrawFn) -> Matrix:
    """Rows whose variance dwarfs epsilon (>= 0.1), so epsilon cannot break scale invariance."""
    rows = draw(shaped(max_rows=4, max_cols=6).filter(lambda m: len(m[0]) >= 2))
    return tuple(row for row in rows if _variance(row) >= 0.1) or ((0.0, 1.0),)


def _variance(row: tuple[float, ...]) -> float:
    mean = math.fsum(row) / len(row)
    return math.fsum((v - mean) ** 2 for v in row) / len(row)


@given(spread_rows())
def test_layer_norm_rows_have_mean_zero_and_variance_one(rows: Matrix) -> None:
    for row in LayerNorm().apply(Hidden(rows)).rows:
        mean = math.fsum(row) / len(row)
        variance = math.fsum((v - mean) ** 2 for v in row) / len(row)
        assert abs(mean) <= 1e-9
        assert abs(variance - 1.0) <= 1e-2


@given(spread_rows(), entries, st.floats(min_value=0.5, max_value=4.0))
def test_layer_norm_ignores_shift_and_scale(rows: Matrix, shift: float, scale: float) -> None:
    norm = LayerNorm()
    moved = Hidden(tuple(tuple(v * scale + shift for v in row) for row in rows))
    assert close(norm.apply(moved).rows, norm.apply(Hidden(rows)).rows, tolerance=1e-2)


def test_feed_forward_applies_relu_between_its_layers() -> None:
    layer = FeedForward(
        ModelDimension(2),
        FeedForwardWidth(2),
        inner=((1.0, 0.0), (0.0, 1.0)),
        inner_bias=(0.0, -1.0),
        outer=((2.0, 0.0), (0.0, 3.0)),
        outer_bias=(0.5, 0.5),
    )
    # Row (-1, 3): inner (-1, 2) -> relu (0, 2) -> outer (0, 6) + 0.5.
    assert layer.apply(Hidden(((-1.0, 3.0), (2.0, 0.5)))).rows == ((0.5, 6.5), (4.5, 0.5))


def test_feed_forward_checks_shapes() -> None:
    layer = FeedForward.initial(model_dimension=ModelDimension(3), width=FeedForwardWidth(5))
    with pytest.raises(ShapeMismatchError, match=r"^FeedForward.inner_bias"):
        replace(layer, inner_bias=(0.0,))
    with pytest.raises(ShapeMismatchError, match=r"^feed_forward: expected shape \(1, 3\)"):
        layer.apply(Hidden(((1.0, 2.0),)))


@given(shaped(max_cols=3).filter(lambda m: len(m[0]) == 3))
def test_feed_forward_treats_each_position_alone(rows: Matrix) -> None:
    layer = FeedForward.initial(model_dimension=ModelDimension(3), width=FeedForwardWidth(5))
    together = layer.apply(Hidden(rows)).rows
    alone = tuple(layer.apply(Hidden((row,))).rows[0] for row in rows)
    assert together == alone


def test_positional_encoding_is_the_sinusoid_table() -> None:
    table = positional_encoding(SequenceLength(3), ModelDimension(4)).rows
    assert table[0] == (0.0, 1.0, 0.0, 1.0)
    assert table[2] == pytest.approx(
        (math.sin(2.0), math.cos(2.0), math.sin(2.0 / 100.0), math.cos(2.0 / 100.0))
    )
    odd = positional_encoding(SequenceLength(2), ModelDimension(3)).rows
    assert odd[1] == pytest.approx(
        (math.sin(1.0), math.cos(1.0), math.sin(1.0 / 10_000 ** (2 / 3)))
    )


def test_positions_are_added_row_by_row() -> None:
    hidden = Hidden(((1.0, 1.0), (1.0, 1.0)))
    first, second = add_positions(hidden).rows
    assert first == (1.0, 2.0)
    assert second == pytest.approx((1.0 + math.sin(1.0), 1.0 + math.cos(1.0)))


# Blocks -----------------------------------------------------------------------------------------


def test_block_parameters_need_one_model_width() -> None:
    wide = FeedForward.initial(model_dimension=ModelDimension(6), width=FeedForwardWidth(2))
    with pytest.raises(ShapeMismatchError, match=r"^BlockParameters model width: expected shape 4"):
        BlockParameters(block().attention, wide)
    with pytest.raises(ShapeMismatchError, match=r"divisible by 3 heads"):
        block(heads=3)


def test_single_head_block_has_one_head_and_normalised_rows() -> None:
    with pytest.raises(InvalidScalarError, match=r"^SingleHeadBlock's head count must be 1, got 2"):
        SingleHeadBlock(block(heads=2))
    output = SingleHeadBlock(block(heads=1)).apply(Hidden(((0.2, 0.1, -0.3, 0.5), (1.0, 0, 0, 0))))
    assert output.shape == (2, 4)
    assert all(abs(math.fsum(row)) <= 1e-9 for row in output.rows)


def test_fixing_the_mask_kind_gives_the_same_block() -> None:
    parameters = block()
    hidden = Hidden(((0.2, 0.1, -0.3, 0.5), (1.0, 0, 0, 0), (0.0, -1.0, 0.4, 0.4)))
    kinds: tuple[tuple[MaskKind, Callable[[SequenceLength], Mask]], ...] = (
        ("causal", causal_mask),
        ("full", full_mask),
    )
    for kind, mask in kinds:
        fixed = MaskedMultiHeadBlock(parameters, kind).apply(hidden)
        assert fixed == MultiHeadBlock(parameters).apply(Product(hidden, mask(hidden.length)))
    assert MaskedMultiHeadBlock(parameters).mask_kind == "causal"


def test_multi_head_block_checks_the_mask_shape() -> None:
    hidden = Hidden(((0.2, 0.1, -0.3, 0.5),))
    with pytest.raises(ShapeMismatchError, match=r"^attention_weights mask"):
        MultiHeadBlock(block()).apply(Product(hidden, full_mask(SequenceLength(2))))


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_causal_outputs_ignore_later_tokens(data: st.DataObject) -> None:
    n = data.draw(st.integers(2, 5))
    cut = data.draw(st.integers(1, n - 1))
    rows = data.draw(matrices(n, 4))
    later = data.draw(matrices(n - cut, 4))
    causal = MaskedMultiHeadBlock(block())
    original = causal.apply(Hidden(rows)).rows
    changed = causal.apply(Hidden(rows[:cut] + later)).rows
    assert changed[:cut] == original[:cut]


def test_full_attention_does_see_later_tokens() -> None:
    rows = ((0.2, 0.1, -0.3, 0.5), (1.0, 0.0, 0.0, 0.0))
    full = MaskedMultiHeadBlock(block(), "full")
    original = full.apply(Hidden(rows)).rows
    changed = full.apply(Hidden((rows[0], (-2.0, 3.0, 0.0, 1.0)))).rows
    assert original[0] != changed[0]


# The transformer and its readout training step -------------------------------------------------

SEQUENCE = TokenSequence.of([1, 2, 3, 4, 1, 2, 3, 4])


def test_initial_parameters_are_deterministic_from_the_seed() -> None:
    assert transformer(seed=7) == transformer(seed=7)
    assert transformer(seed=7) != transformer(seed=8)
    assert transformer().readout_bias == (0.0,) * 5


def test_transformer_parameters_check_their_shapes() -> None:
    good = transformer()
    with pytest.raises(ShapeMismatchError, match=r"^TransformerParameters.embedding"):
        replace(good, embedding=good.embedding[:4])
    with pytest.raises(ShapeMismatchError, match=r"^TransformerParameters.readout_bias"):
        replace(good, readout_bias=(0.0,))
    with pytest.raises(ShapeMismatchError, match=r"^TransformerParameters.block model width"):
        replace(good, block=block(heads=2, model=6))


def test_tokens_past_the_vocabulary_are_rejected() -> None:
    with pytest.raises(OutOfRangeError, match=r"^token id 5 is out of range: it must be in 0..4$"):
        embed(transformer(), TokenSequence.of([0, 5]))


def test_readout_checks_the_hidden_width() -> None:
    with pytest.raises(ShapeMismatchError, match=r"^readout_logits: expected shape \(1, 4\)"):
        readout_logits(transformer(), Hidden(((1.0, 2.0),)))


def test_next_token_objectives_need_two_tokens() -> None:
    one = TokenSequence.of([1])
    for objective in (next_token_loss, readout_gradient):
        with pytest.raises(EmptyInputError, match=r"needs at least two tokens"):
            objective(transformer(), one)
    with pytest.raises(EmptyInputError, match=r"needs at least two tokens"):
        ReadoutTrainingStep(one, LearningRate(0.1))


def test_logits_of_a_prefix_are_a_prefix_of_the_logits() -> None:
    parameters = transformer()
    whole = next_token_logits(parameters, SEQUENCE)
    prefix = next_token_logits(parameters, TokenSequence(SEQUENCE.tokens[:3]))
    assert prefix == whole[:3]


def test_readout_gradient_validation() -> None:
    with pytest.raises(EmptyInputError, match=r"^ReadoutGradient must not be empty$"):
        ReadoutGradient((), ())
    with pytest.raises(ShapeMismatchError, match=r"^ReadoutGradient.readout"):
        ReadoutGradient(((1.0, 2.0), (3.0,)), (0.0, 0.0))


def test_readout_gradients_match_central_differences() -> None:
    parameters = transformer()
    gradient = readout_gradient(parameters, SEQUENCE)
    h = 1e-5

    def loss_with(readout: Matrix, bias: tuple[float, ...]) -> float:
        changed = replace(parameters, readout=readout, readout_bias=bias)
        return next_token_loss(changed, SEQUENCE).value

    def nudged(values: tuple[float, ...], index: int, delta: float) -> tuple[float, ...]:
        return tuple(v + delta if i == index else v for i, v in enumerate(values))

    readout, bias = parameters.readout, parameters.readout_bias
    for k, row in enumerate(readout):
        for j in range(len(row)):

            def loss_at(delta: float, k: int = k, j: int = j) -> float:
                moved = tuple(nudged(r, j, delta) if i == k else r for i, r in enumerate(readout))
                return loss_with(moved, bias)

            numeric = (loss_at(h) - loss_at(-h)) / (2 * h)
            assert abs(gradient.readout[k][j] - numeric) <= 1e-6
    for j in range(len(bias)):
        numeric = loss_with(readout, nudged(bias, j, h)) - loss_with(readout, nudged(bias, j, -h))
        assert abs(gradient.bias[j] - numeric / (2 * h)) <= 1e-6


def test_a_training_step_advances_the_count_and_moves_only_the_readout() -> None:
    state = TransformerTrainingState(transformer())
    assert state.steps == StepCount(0)
    step = ReadoutTrainingStep(SEQUENCE, LearningRate(0.5))
    after = step.apply(state)
    assert after.steps == StepCount(1)
    assert after.parameters.embedding == state.parameters.embedding
    assert after.parameters.block == state.parameters.block
    assert after.parameters.readout != state.parameters.readout
    gradient = readout_gradient(state.parameters, SEQUENCE)
    assert after.parameters.readout_bias == pytest.approx(
        tuple(-0.5 * g for g in gradient.bias), abs=1e-12
    )


def test_training_steps_count_up_and_lower_the_loss() -> None:
    start = TransformerTrainingState(transformer())
    step = ReadoutTrainingStep(SEQUENCE, LearningRate(0.5))
    end = apply_n_times(step, StepCount(20), start)
    assert end.steps == StepCount(20)
    before = next_token_loss(start.parameters, SEQUENCE)
    after = next_token_loss(end.parameters, SEQUENCE)
    assert after.value < before.value - 0.3
