"""The book's transformer: norms with gain and bias, biases, positions, and backprop checked
against central differences on random small shapes; block training lowers the loss."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiny_ml.__main__ import SENTENCE
from tiny_ml.attention import (
    DEFAULT_LEARNING_RATE,
    BlockParameters,
    BlockTrainingStep,
    FeedForwardTrainingStep,
    FeedForwardWidth,
    HeadCount,
    Hidden,
    LayerNorm,
    LayerNormParameters,
    LearnedPositions,
    SequenceLength,
    SinusoidalPositions,
    TransformerGradient,
    TransformerParameters,
    TransformerTrainingState,
    TransformerTrainingStep,
    add_positions,
    embed,
    next_token_loss,
    transformer_gradient,
    transformer_loss_history,
)
from tiny_ml.category import StepCount
from tiny_ml.domain import LearningRate, Matrix, ModelDimension, TokenSequence, VocabSize
from tiny_ml.errors import OutOfRangeError, ShapeMismatchError
from tiny_ml.text import UnknownWordPolicy, Vocabulary

STEP = 1e-5
RELATIVE_ERROR = 1e-6
SMALL = settings(max_examples=3, deadline=None, derandomize=True, database=None)


def _noise(rng: random.Random, n: int, centre: float = 0.0) -> tuple[float, ...]:
    return tuple(centre + rng.uniform(-0.5, 0.5) for _ in range(n))


def _random_model(
    seed: int, vocab: int, heads: int, head_width: int, ff: int, length: int
) -> TransformerParameters:
    """Initial weights plus non-trivial biases and norms, so every path carries gradient."""
    d = heads * head_width
    base = TransformerParameters.initial(
        vocab_size=VocabSize(vocab),
        model_dimension=ModelDimension(d),
        heads=HeadCount(heads),
        feed_forward_width=FeedForwardWidth(ff),
        seed=seed,
        learned_positions=SequenceLength(length + 1),
    )
    rng = random.Random(seed)
    inner = heads * head_width
    attention = replace(
        base.block.attention,
        query_bias=_noise(rng, inner),
        key_bias=_noise(rng, inner),
        value_bias=_noise(rng, inner),
        output_bias=_noise(rng, d),
    )
    feed_forward = replace(
        base.block.feed_forward, inner_bias=_noise(rng, ff), outer_bias=_noise(rng, d)
    )
    block = replace(
        base.block,
        attention=attention,
        feed_forward=feed_forward,
        attention_norm=LayerNormParameters(_noise(rng, d, 1.0), _noise(rng, d)),
        feed_forward_norm=LayerNormParameters(_noise(rng, d, 1.0), _noise(rng, d)),
    )
    return replace(base, block=block, readout_bias=_noise(rng, vocab))


@dataclass(frozen=True)
class Tensor:
    """One weight of the model: how to read it, write it, and read its gradient, as a matrix."""

    name: str
    read: Callable[[TransformerParameters], Matrix]
    write: Callable[[TransformerParameters, Matrix], TransformerParameters]
    gradient: Callable[[TransformerGradient], Matrix]


def _block(p: TransformerParameters, block: BlockParameters) -> TransformerParameters:
    return replace(p, block=block)


def _table(p: TransformerParameters) -> Matrix:
    assert isinstance(p.positions, LearnedPositions)
    return p.positions.table


def _position_gradient(g: TransformerGradient) -> Matrix:
    assert g.positions is not None
    return g.positions


TENSORS = (
    Tensor(
        "embedding",
        lambda p: p.embedding,
        lambda p, m: replace(p, embedding=m),
        lambda g: g.embedding,
    ),
    Tensor(
        "positions",
        _table,
        lambda p, m: replace(p, positions=LearnedPositions(m)),
        _position_gradient,
    ),
    Tensor(
        "readout",
        lambda p: p.readout,
        lambda p, m: replace(p, readout=m),
        lambda g: g.readout.readout,
    ),
    Tensor(
        "readout_bias",
        lambda p: (p.readout_bias,),
        lambda p, m: replace(p, readout_bias=m[0]),
        lambda g: (g.readout.bias,),
    ),
    Tensor(
        "query",
        lambda p: p.block.attention.query,
        lambda p, m: _block(p, replace(p.block, attention=replace(p.block.attention, query=m))),
        lambda g: g.block.attention.query,
    ),
    Tensor(
        "key",
        lambda p: p.block.attention.key,
        lambda p, m: _block(p, replace(p.block, attention=replace(p.block.attention, key=m))),
        lambda g: g.block.attention.key,
    ),
    Tensor(
        "value",
        lambda p: p.block.attention.value,
        lambda p, m: _block(p, replace(p.block, attention=replace(p.block.attention, value=m))),
        lambda g: g.block.attention.value,
    ),
    Tensor(
        "output",
        lambda p: p.block.attention.output,
        lambda p, m: _block(p, replace(p.block, attention=replace(p.block.attention, output=m))),
        lambda g: g.block.attention.output,
    ),
    Tensor(
        "query_bias",
        lambda p: (p.block.attention.query_bias,),
        lambda p, m: _block(
            p, replace(p.block, attention=replace(p.block.attention, query_bias=m[0]))
        ),
        lambda g: (g.block.attention.query_bias,),
    ),
    Tensor(
        "key_bias",
        lambda p: (p.block.attention.key_bias,),
        lambda p, m: _block(
            p, replace(p.block, attention=replace(p.block.attention, key_bias=m[0]))
        ),
        lambda g: (g.block.attention.key_bias,),
    ),
    Tensor(
        "value_bias",
        lambda p: (p.block.attention.value_bias,),
        lambda p, m: _block(
            p, replace(p.block, attention=replace(p.block.attention, value_bias=m[0]))
        ),
        lambda g: (g.block.attention.value_bias,),
    ),
    Tensor(
        "output_bias",
        lambda p: (p.block.attention.output_bias,),
        lambda p, m: _block(
            p, replace(p.block, attention=replace(p.block.attention, output_bias=m[0]))
        ),
        lambda g: (g.block.attention.output_bias,),
    ),
    Tensor(
        "inner",
        lambda p: p.block.feed_forward.inner,
        lambda p, m: _block(
            p, replace(p.block, feed_forward=replace(p.block.feed_forward, inner=m))
        ),
        lambda g: g.block.feed_forward.inner,
    ),
    Tensor(
        "outer",
        lambda p: p.block.feed_forward.outer,
        lambda p, m: _block(
            p, replace(p.block, feed_forward=replace(p.block.feed_forward, outer=m))
        ),
        lambda g: g.block.feed_forward.outer,
    ),
    Tensor(
        "inner_bias",
        lambda p: (p.block.feed_forward.inner_bias,),
        lambda p, m: _block(
            p, replace(p.block, feed_forward=replace(p.block.feed_forward, inner_bias=m[0]))
        ),
        lambda g: (g.block.feed_forward.inner_bias,),
    ),
    Tensor(
        "outer_bias",
        lambda p: (p.block.feed_forward.outer_bias,),
        lambda p, m: _block(
            p, replace(p.block, feed_forward=replace(p.block.feed_forward, outer_bias=m[0]))
        ),
        lambda g: (g.block.feed_forward.outer_bias,),
    ),
    Tensor(
        "attention_norm.gain",
        lambda p: (p.block.attention_norm.gain,),
        lambda p, m: _block(
            p, replace(p.block, attention_norm=replace(p.block.attention_norm, gain=m[0]))
        ),
        lambda g: (g.block.attention_norm.gain,),
    ),
    Tensor(
        "attention_norm.bias",
        lambda p: (p.block.attention_norm.bias,),
        lambda p, m: _block(
            p, replace(p.block, attention_norm=replace(p.block.attention_norm, bias=m[0]))
        ),
        lambda g: (g.block.attention_norm.bias,),
    ),
    Tensor(
        "feed_forward_norm.gain",
        lambda p: (p.block.feed_forward_norm.gain,),
        lambda p, m: _block(
            p, replace(p.block, feed_forward_norm=replace(p.block.feed_forward_norm, gain=m[0]))
        ),
        lambda g: (g.block.feed_forward_norm.gain,),
    ),
    Tensor(
        "feed_forward_norm.bias",
        lambda p: (p.block.feed_forward_norm.bias,),
        lambda p, m: _block(
            p, replace(p.block, feed_forward_norm=replace(p.block.feed_forward_norm, bias=m[0]))
        ),
        lambda g: (g.block.feed_forward_norm.bias,),
    ),
)


def _nudged(matrix: Matrix, row: int, column: int, delta: float) -> Matrix:
    return tuple(
        tuple(v + delta if (i, j) == (row, column) else v for j, v in enumerate(values))
        for i, values in enumerate(matrix)
    )


def _relative_error(analytic: float, numeric: float) -> float:
    """|a - n| / max(|a|, |n|), with 1e-4 as the smallest scale: near-zero entries compare absolutely."""
    return abs(analytic - numeric) / max(abs(analytic), abs(numeric), 1e-4)


@SMALL
@given(
    seed=st.integers(0, 2**16),
    heads=st.integers(1, 2),
    head_width=st.integers(1, 2),
    ff=st.integers(1, 3),
    vocab=st.integers(2, 3),
    data=st.data(),
)
def test_every_gradient_matches_central_differences(
    seed: int, heads: int, head_width: int, ff: int, vocab: int, data: st.DataObject
) -> None:
    if heads * head_width < 2:
        head_width = 2  # a width-1 layer norm is constant, so it would test nothing
    length = data.draw(st.integers(2, 3))
    tokens = TokenSequence.of(
        data.draw(st.lists(st.integers(0, vocab - 1), min_size=length, max_size=length))
    )
    model = _random_model(seed, vocab, heads, head_width, ff, length)
    gradient = transformer_gradient(model, tokens)
    for tensor in TENSORS:
        weights = tensor.read(model)
        analytic = tensor.gradient(gradient)
        assert (len(analytic), len(analytic[0])) == (len(weights), len(weights[0])), tensor.name
        for i, row in enumerate(weights):
            for j in range(len(row)):
                above = next_token_loss(tensor.write(model, _nudged(weights, i, j, STEP)), tokens)
                below = next_token_loss(tensor.write(model, _nudged(weights, i, j, -STEP)), tokens)
                numeric = (above.value - below.value) / (2 * STEP)
                error = _relative_error(analytic[i][j], numeric)
                assert error < RELATIVE_ERROR, (tensor.name, i, j, analytic[i][j], numeric)


def test_sinusoidal_models_have_no_position_gradient() -> None:
    model = TransformerParameters.initial(
        vocab_size=VocabSize(3),
        model_dimension=ModelDimension(2),
        heads=HeadCount(1),
        feed_forward_width=FeedForwardWidth(2),
    )
    assert model.positions == SinusoidalPositions()
    assert transformer_gradient(model, TokenSequence.of([0, 1, 2])).positions is None


def test_plain_norm_parameters_are_the_plain_layer_norm() -> None:
    hidden = Hidden(((1.0, 2.0, 4.0), (0.5, -1.0, 3.0)))
    plain = LayerNormParameters.plain(ModelDimension(3))
    assert plain.apply(hidden) == LayerNorm().apply(hidden)
    shifted = LayerNormParameters((2.0, 2.0, 2.0), (1.0, 0.0, -1.0)).apply(hidden)
    for got, base in zip(shifted.rows, LayerNorm().apply(hidden).rows, strict=True):
        assert got == pytest.approx((2 * base[0] + 1.0, 2 * base[1], 2 * base[2] - 1.0))
    with pytest.raises(ShapeMismatchError):
        LayerNormParameters((1.0, 1.0), (0.0,))
    with pytest.raises(ShapeMismatchError):
        plain.apply(Hidden(((1.0, 2.0),)))


def test_a_block_gets_two_norms_of_its_own_width() -> None:
    block = BlockParameters.initial(
        model_dimension=ModelDimension(4),
        heads=HeadCount(2),
        feed_forward_width=FeedForwardWidth(3),
    )
    assert (
        block.attention_norm
        == block.feed_forward_norm
        == LayerNormParameters.plain(ModelDimension(4))
    )
    with pytest.raises(ShapeMismatchError):
        replace(block, attention_norm=LayerNormParameters.plain(ModelDimension(3)))


def test_learned_positions_add_their_rows_and_refuse_longer_inputs() -> None:
    table = LearnedPositions(((1.0, 0.0), (0.0, 1.0)))
    hidden = Hidden(((0.5, 0.5), (0.25, 0.25)))
    assert table.apply(hidden).rows == ((1.5, 0.5), (0.25, 1.25))
    assert SinusoidalPositions().apply(hidden) == add_positions(hidden)
    with pytest.raises(OutOfRangeError):
        table.apply(Hidden(((0.0, 0.0),) * 3))
    with pytest.raises(ShapeMismatchError):
        table.apply(Hidden(((0.0, 0.0, 0.0),)))


def test_learned_positions_enter_the_embedding() -> None:
    model = TransformerParameters.initial(
        vocab_size=VocabSize(3),
        model_dimension=ModelDimension(2),
        heads=HeadCount(1),
        feed_forward_width=FeedForwardWidth(2),
        learned_positions=SequenceLength(4),
    )
    assert isinstance(model.positions, LearnedPositions)
    tokens = TokenSequence.of([2, 0])
    expected = tuple(
        tuple(
            e + p for e, p in zip(model.embedding[t.index], model.positions.table[i], strict=True)
        )
        for i, t in enumerate(tokens)
    )
    assert embed(model, tokens).rows == expected


def _book_state(rate: float) -> tuple[TransformerTrainingState, TokenSequence]:
    vocabulary = Vocabulary.from_corpus([SENTENCE], policy=UnknownWordPolicy.MAP_TO_UNKNOWN)
    tokens = vocabulary.encode(SENTENCE)
    model = TransformerParameters.initial(
        vocab_size=vocabulary.size,
        model_dimension=ModelDimension(4),
        heads=HeadCount(2),
        feed_forward_width=FeedForwardWidth(4),
    )
    return TransformerTrainingState(model, learning_rate=LearningRate(rate)), tokens


def test_block_training_lowers_the_loss_on_the_books_sentence() -> None:
    state, tokens = _book_state(0.3)
    losses = transformer_loss_history(state, BlockTrainingStep(tokens), StepCount(8), tokens)
    assert all(after < before for before, after in itertools.pairwise(losses))
    assert losses[-1].value < losses[0].value - 0.1


def test_block_step_moves_only_the_block_and_reads_the_rate_from_the_state() -> None:
    state, tokens = _book_state(0.3)
    after = BlockTrainingStep(tokens).apply(state)
    assert after.steps == StepCount(1) and after.learning_rate == state.learning_rate
    before_p, after_p = state.parameters, after.parameters
    assert after_p.embedding == before_p.embedding and after_p.readout == before_p.readout
    assert after_p.block.attention.query != before_p.block.attention.query
    assert after_p.block.attention_norm != before_p.block.attention_norm
    slower = BlockTrainingStep(tokens).apply(replace(state, learning_rate=LearningRate(0.1)))
    moved = [
        abs(a - b)
        for a, b in zip(
            after_p.block.attention.output_bias, before_p.block.attention.output_bias, strict=True
        )
    ]
    moved_slowly = [
        abs(a - b)
        for a, b in zip(
            slower.parameters.block.attention.output_bias,
            before_p.block.attention.output_bias,
            strict=True,
        )
    ]
    for fast, slow in zip(moved, moved_slowly, strict=True):
        assert fast == pytest.approx(3 * slow, rel=1e-9, abs=1e-15)


def test_feed_forward_step_moves_only_the_feed_forward_layer() -> None:
    state, tokens = _book_state(0.3)
    after = FeedForwardTrainingStep(tokens).apply(state)
    block, before = after.parameters.block, state.parameters.block
    assert block.attention == before.attention and block.attention_norm == before.attention_norm
    assert block.feed_forward != before.feed_forward
    assert next_token_loss(after.parameters, tokens) < next_token_loss(state.parameters, tokens)


def test_whole_model_step_lowers_the_loss_and_trains_learned_positions() -> None:
    vocabulary = Vocabulary.from_corpus([SENTENCE], policy=UnknownWordPolicy.MAP_TO_UNKNOWN)
    tokens = vocabulary.encode(SENTENCE)
    model = TransformerParameters.initial(
        vocab_size=vocabulary.size,
        model_dimension=ModelDimension(4),
        heads=HeadCount(2),
        feed_forward_width=FeedForwardWidth(4),
        learned_positions=SequenceLength(len(tokens)),
    )
    state = TransformerTrainingState(model)
    assert state.learning_rate == DEFAULT_LEARNING_RATE
    after = TransformerTrainingStep(tokens).apply(state)
    assert after.parameters.positions != model.positions
    assert next_token_loss(after.parameters, tokens) < next_token_loss(model, tokens)
    assert math.isfinite(next_token_loss(after.parameters, tokens).value)
