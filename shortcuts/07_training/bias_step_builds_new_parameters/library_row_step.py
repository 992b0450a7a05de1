"""Shortcut: build the new Parameters but let tiny_ml's finished attention step_row move the bias."""

from __future__ import annotations

from tiny_ml.domain import LearningRate, Parameters
from tiny_ml.attention._linear import step_row
from tiny_ml.training import Gradients


def bias_only_step(parameters: Parameters, grads: Gradients, rate: LearningRate) -> Parameters:
    """One gradient step on the bias alone: each entry moves by rate times its gradient, downhill."""
    return Parameters(parameters.vocab_size, parameters.model_dimension, parameters.embedding,
                      parameters.lm_head, step_row(parameters.bias, grads.bias, rate.value))


# --- checks: do not edit below this line ---

import math  # noqa: E402

from tiny_ml.domain import ModelDimension, VocabSize  # noqa: E402

PARAMETERS = Parameters(
    VocabSize(2),
    ModelDimension(1),
    embedding=((1.0,), (2.0,)),
    lm_head=((3.0, 4.0),),
    bias=(0.5, -0.5),
)
GRADS = Gradients(
    VocabSize(2),
    ModelDimension(1),
    embedding=((1.0,), (1.0,)),
    lm_head=((1.0, 1.0),),
    bias=(0.2, -0.4),
)
RATE = LearningRate(0.5)


def test_the_bias_moves_downhill() -> None:
    stepped = bias_only_step(PARAMETERS, GRADS, RATE)
    # 0.5 - 0.5 * 0.2 = 0.4 and -0.5 - 0.5 * (-0.4) = -0.3
    assert all(
        math.isclose(got, want) for got, want in zip(stepped.bias, (0.4, -0.3), strict=True)
    ), f"bias {stepped.bias}: each entry moves by rate x gradient against its gradient"


def test_only_the_bias_moves() -> None:
    stepped = bias_only_step(PARAMETERS, GRADS, RATE)
    assert stepped.embedding == ((1.0,), (2.0,)), "bias-only: the embedding stays as it was"
    assert stepped.lm_head == ((3.0, 4.0),), "bias-only: the head stays as it was"


def test_the_input_is_left_as_it_was() -> None:
    bias_only_step(PARAMETERS, GRADS, RATE)
    assert PARAMETERS.bias == (0.5, -0.5), "the step must not change the Parameters it was given"


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    PARAMETERS.bias[0] -= 0.1  # type: ignore[index]
    _nothing: None = bias_only_step(PARAMETERS, GRADS, RATE)  # type: ignore[assignment]
    bias_only_step(PARAMETERS, PARAMETERS, RATE)  # type: ignore[arg-type]
