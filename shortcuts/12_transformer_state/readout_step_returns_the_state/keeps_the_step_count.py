"""Shortcut: put the new parameters into the state without counting the step."""

from __future__ import annotations

from dataclasses import dataclass, replace

from tiny_ml.attention import TransformerTrainingState, readout_gradient
from tiny_ml.domain import LearningRate, TokenSequence


@dataclass(frozen=True)
class ReadoutStep:
    """TransformerTrainingState -> TransformerTrainingState: SGD on the readout only."""

    sequence: TokenSequence
    learning_rate: LearningRate
    name: str = "readout_step"

    def apply(self, state: TransformerTrainingState, /) -> TransformerTrainingState:
        """w - rate * g for the readout weights and bias; every other parameter kept as is."""
        parameters = state.parameters
        gradient = readout_gradient(parameters, self.sequence)
        rate = self.learning_rate.value
        readout = tuple(
            tuple(w - rate * g for w, g in zip(w_row, g_row, strict=True))
            for w_row, g_row in zip(parameters.readout, gradient.readout, strict=True)
        )
        bias = tuple(
            b - rate * g for b, g in zip(parameters.readout_bias, gradient.bias, strict=True)
        )
        return replace(state, parameters=replace(parameters, readout=readout, readout_bias=bias))


# --- checks: do not edit below this line ---

import math  # noqa: E402

from tiny_ml.attention import (  # noqa: E402
    FeedForwardWidth,
    HeadCount,
    TransformerParameters,
    next_token_loss,
)
from tiny_ml.category import Endomorphism, StepCount, apply_n_times  # noqa: E402
from tiny_ml.domain import ModelDimension, VocabSize  # noqa: E402

START = TransformerTrainingState(
    TransformerParameters.initial(
        vocab_size=VocabSize(4),
        model_dimension=ModelDimension(4),
        heads=HeadCount(2),
        feed_forward_width=FeedForwardWidth(4),
        seed=0,
    )
)
SEQUENCE = TokenSequence.of([0, 1, 2, 3, 1])
RATE = LearningRate(0.5)


def test_three_steps_count_three() -> None:
    end = apply_n_times(ReadoutStep(SEQUENCE, RATE), StepCount(3), START)
    assert end.steps == StepCount(3), f"three steps were taken, the state says {end.steps.value}"
    assert START.steps == StepCount(0), "the starting state is a value: training leaves it as is"


def test_only_the_readout_moves() -> None:
    end = apply_n_times(ReadoutStep(SEQUENCE, RATE), StepCount(3), START)
    before, after = START.parameters, end.parameters
    assert after.embedding is before.embedding, "the embedding survives a readout step unchanged"
    assert after.block is before.block, "the block survives a readout step unchanged"
    assert after.readout != before.readout, "the readout weights moved"


def test_one_step_is_w_minus_rate_g() -> None:
    one = ReadoutStep(SEQUENCE, RATE).apply(START).parameters
    g = readout_gradient(START.parameters, SEQUENCE)
    # the bias starts at 0, so after one step it is exactly -0.5 * g
    for got, grad in zip(one.readout_bias, g.bias, strict=True):
        assert abs(got - (-0.5 * grad)) < 1e-15, "bias - rate * gradient, downhill"
    # every (p - onehot) row sums to 0, so the bias stays centred at 0
    assert abs(math.fsum(one.readout_bias)) < 1e-12


def test_the_loss_falls() -> None:
    before = next_token_loss(START.parameters, SEQUENCE)
    after = next_token_loss(
        apply_n_times(ReadoutStep(SEQUENCE, RATE), StepCount(3), START).parameters, SEQUENCE
    )
    assert after < before, f"loss went from {before.value:.4f} to {after.value:.4f}"


def _is_an_endomorphism() -> None:
    _step: Endomorphism[TransformerTrainingState] = ReadoutStep(SEQUENCE, RATE)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    _p: TransformerParameters = ReadoutStep(SEQUENCE, RATE).apply(START)  # type: ignore[assignment]
    ReadoutStep(SEQUENCE, 0.5)  # type: ignore[arg-type]
