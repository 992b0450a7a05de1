"""The chain rule on scalars: forward values, backward gradients, and a finite-difference check."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from tiny_ml.errors import InvalidScalarError

FINITE_DIFFERENCE_STEP = 1e-5
"""The h of a central difference: small enough for O(h^2) error, large enough to beat rounding."""

GRADIENT_TOLERANCE = 1e-6
"""How far an analytic gradient may sit from its central difference and still match."""


def _finite(name: str, value: float) -> float:
    if not math.isfinite(value):
        raise InvalidScalarError(name, value, "finite")
    return value


def _positive(name: str, value: float) -> float:
    if not math.isfinite(value) or value <= 0.0:
        raise InvalidScalarError(name, value, "finite and > 0")
    return value


@dataclass(frozen=True)
class Scalar:
    """A finite value flowing forward through an operation; not a gradient."""

    value: float

    def __post_init__(self) -> None:
        _finite("Scalar", self.value)


@dataclass(frozen=True)
class LocalGradient:
    """A finite derivative flowing backward (d output / d input); not a forward value."""

    value: float

    def __post_init__(self) -> None:
        _finite("LocalGradient", self.value)


@dataclass(frozen=True)
class MulOp:
    """x * y: forward takes Scalars, backward returns LocalGradients, in the order (x, y)."""

    name: str = "mul"

    def forward(self, x: Scalar, y: Scalar) -> Scalar:
        """The product."""
        return Scalar(x.value * y.value)

    def backward(
        self, x: Scalar, y: Scalar, upstream: LocalGradient
    ) -> tuple[LocalGradient, LocalGradient]:
        """d(xy)/dx = y and d(xy)/dy = x, each scaled by the upstream gradient (chain rule)."""
        return LocalGradient(upstream.value * y.value), LocalGradient(upstream.value * x.value)


@dataclass(frozen=True)
class AddOp:
    """x + y: forward takes Scalars, backward passes the upstream gradient to both inputs."""

    name: str = "add"

    def forward(self, x: Scalar, y: Scalar) -> Scalar:
        """The sum."""
        return Scalar(x.value + y.value)

    def backward(
        self, x: Scalar, y: Scalar, upstream: LocalGradient
    ) -> tuple[LocalGradient, LocalGradient]:
        """d(x+y)/dx = d(x+y)/dy = 1, times the upstream gradient."""
        return upstream, upstream


def central_difference(
    function: Callable[[Scalar], Scalar], x: Scalar, h: float = FINITE_DIFFERENCE_STEP
) -> LocalGradient:
    """(f(x+h) - f(x-h)) / 2h, the symmetric estimate of f'(x); h must be finite and > 0."""
    step = _positive("the finite-difference step h", h)
    above = function(Scalar(x.value + step)).value
    below = function(Scalar(x.value - step)).value
    return LocalGradient((above - below) / (2.0 * step))


def gradient_matches(
    function: Callable[[Scalar], Scalar],
    x: Scalar,
    analytic: LocalGradient,
    *,
    h: float = FINITE_DIFFERENCE_STEP,
    tolerance: float = GRADIENT_TOLERANCE,
) -> bool:
    """Analytic and central-difference gradients agree: absolutely near 0, relatively beyond."""
    bound = _positive("the gradient tolerance", tolerance)
    numeric = central_difference(function, x, h).value
    return abs(analytic.value - numeric) <= bound * max(1.0, abs(numeric))
