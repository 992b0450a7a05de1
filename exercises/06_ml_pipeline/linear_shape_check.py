"""linear_shape_check: a hidden vector must be exactly d wide before the readout multiplies it.

The readout computes logits_j = sum_k hidden_k * head[k][j] + bias_j, with the lm head d x V.
A Vector's type says nothing about its width, and `zip` stops at the shorter input without a word,
so a vector of the wrong width (from another model, or a layer that dropped a feature) gives
plausible but meaningless scores. Check the width first and raise tiny_ml's ShapeMismatchError.
"""

from __future__ import annotations

import math

from tiny_ml.domain import Logits, Parameters, Vector


def linear_to_logits(parameters: Parameters, hidden: Vector) -> Logits:
    """Vector (d) -> Logits (V): hidden times the lm head, plus the bias."""
    head = parameters.lm_head
    # TODO: compare len(hidden) with the model dimension d before multiplying.
    return Logits(
        tuple(
            math.fsum(h * row[j] for h, row in zip(hidden.values, head)) + bias_j
            for j, bias_j in enumerate(parameters.bias)
        )
    )


# --- checks: do not edit below this line ---

import pytest  # noqa: E402

from tiny_ml import errors  # noqa: E402
from tiny_ml.domain import ModelDimension, VocabSize  # noqa: E402
from tiny_ml.ml import LinearToLogits  # noqa: E402

PARAMETERS = Parameters.initial(vocab_size=VocabSize(4), model_dimension=ModelDimension(3), seed=8)


def test_agrees_with_tiny_ml_at_the_right_width() -> None:
    for hidden in (Vector((1.0, 0.0, -1.0)), Vector((0.5, 2.0, 0.25))):
        assert linear_to_logits(PARAMETERS, hidden) == LinearToLogits(PARAMETERS).apply(hidden)


@pytest.mark.parametrize("width", [1, 2, 4, 7])
def test_a_vector_of_the_wrong_width_is_refused(width: int) -> None:
    hidden = Vector(tuple(1.0 for _ in range(width)))
    try:
        logits = linear_to_logits(PARAMETERS, hidden)
    except errors.ShapeMismatchError as error:
        assert (error.expected, error.got) == ((3,), (width,))
    else:
        pytest.fail(
            f"a hidden vector of width {width} reached a readout of width 3 and came out as "
            f"{logits.values}: raise ShapeMismatchError(op, (d,), (len(hidden),))"
        )
