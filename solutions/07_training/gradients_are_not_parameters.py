"""gradients_are_not_parameters: a gradient has the shape of the model, and is not the model.

Weight decay pulls every weight towards zero by descending the penalty half the squared norm
of the weights, whose gradient is each weight's own value. Gradients and Parameters hold the
same tables of the same shapes, but they mean different things: one is a model you can run,
the other a direction to step in. descend takes each in its own place, so the penalty's
gradient must be a Gradients value, built from the weights, not the weights themselves.
"""

from __future__ import annotations

from tiny_ml.domain import LearningRate, Parameters
from tiny_ml.training import Gradients, descend


def penalty_gradients(parameters: Parameters) -> Gradients:
    """d(||w||^2 / 2)/dw = w: the gradient of the weight-decay penalty at these weights."""
    return Gradients(
        parameters.vocab_size,
        parameters.model_dimension,
        embedding=parameters.embedding,
        lm_head=parameters.lm_head,
        bias=parameters.bias,
    )


def weight_decay_step(parameters: Parameters, strength: LearningRate) -> Parameters:
    """One step down the penalty: every weight shrinks by the factor (1 - strength)."""
    return descend(parameters, penalty_gradients(parameters), strength)


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
