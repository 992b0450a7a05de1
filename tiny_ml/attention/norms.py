"""Layer norm with a learned gain and bias per feature, as transformers use it.

The plain `LayerNorm` fixes every row to mean 0 and variance 1; the gain and bias let training
undo that where the next layer wants another scale or offset. Gain 1 and bias 0 is the plain one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.attention.layers import LayerNormEpsilon
from tiny_ml.attention.sequences import Hidden
from tiny_ml.domain import ModelDimension, check_matrix
from tiny_ml.errors import EmptyInputError, ShapeMismatchError


def _normalised_row(row: tuple[float, ...], epsilon: LayerNormEpsilon) -> tuple[float, ...]:
    """(x - mean) / sqrt(variance + epsilon), the variance divided by the width (biased)."""
    width = len(row)
    mean = math.fsum(row) / width
    variance = math.fsum((v - mean) ** 2 for v in row) / width
    scale = 1.0 / math.sqrt(variance + epsilon.value)
    return tuple((v - mean) * scale for v in row)


_EPSILON = LayerNormEpsilon()


@dataclass(frozen=True)
class LayerNormParameters:
    """Hidden -> Hidden: gain * normalised(x) + bias, one gain and one bias per feature."""

    gain: tuple[float, ...]
    bias: tuple[float, ...]
    epsilon: LayerNormEpsilon = _EPSILON
    name: str = "layer_norm"

    def __post_init__(self) -> None:
        if len(self.gain) == 0:
            raise EmptyInputError("LayerNormParameters.gain")
        width = len(self.gain)
        check_matrix("LayerNormParameters.gain", (self.gain,), 1, width)
        check_matrix("LayerNormParameters.bias", (self.bias,), 1, width)

    @classmethod
    def plain(
        cls, model_dimension: ModelDimension, epsilon: LayerNormEpsilon = _EPSILON
    ) -> LayerNormParameters:
        """Gain 1 and bias 0: exactly the plain LayerNorm, where training starts."""
        d = model_dimension.value
        return cls((1.0,) * d, (0.0,) * d, epsilon)

    @property
    def model_dimension(self) -> ModelDimension:
        """The width of the rows this norm reads."""
        return ModelDimension(len(self.gain))

    def apply(self, hidden: Hidden, /) -> Hidden:
        """Normalise each row, then scale by the gain and shift by the bias, feature by feature."""
        if hidden.width != len(self.gain):
            raise ShapeMismatchError(
                "layer_norm", (hidden.length.value, len(self.gain)), hidden.shape
            )
        return Hidden(
            tuple(
                tuple(
                    g * v + b
                    for g, v, b in zip(
                        self.gain, _normalised_row(row, self.epsilon), self.bias, strict=True
                    )
                )
                for row in hidden.rows
            )
        )
