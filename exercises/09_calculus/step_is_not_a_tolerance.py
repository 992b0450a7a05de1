"""step_is_not_a_tolerance: Annotated metadata is for runtime readers; mypy sees only the type.

A gradient check takes two small positive numbers: h, the step of the central difference, and the
tolerance the two gradients may differ by. Swapped, a check with h = 1e-6 and tolerance = 1e-5
still runs and passes gradients it should refuse. Each alias below carries its valid range as
`Annotated` metadata, which `gradient_agrees` reads at runtime to refuse a value out of range.
But mypy reads only the first argument of `Annotated`, and here both are plain floats, so it lets
a step stand in for a tolerance. Keep the ranges, and make the step and the tolerance two types.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, get_args

from tiny_ml.calculus import LocalGradient, Scalar
from tiny_ml.errors import InvalidScalarError


@dataclass(frozen=True)
class Within:
    """Metadata: the closed range [low, high] that a value of the annotated type must lie in."""

    low: float
    high: float


FiniteStep = Annotated[float, Within(1e-8, 1e-2)]
"""The h of a central difference, in the input's own units."""

Tolerance = Annotated[float, Within(1e-12, 1e-3)]
"""How far an analytic gradient may sit from its central difference and still match."""


def range_of(alias: object) -> Within:
    """The Within metadata that an Annotated alias carries."""
    for metadata in get_args(alias)[1:]:
        if isinstance(metadata, Within):
            return metadata
    raise LookupError(f"{alias!r} carries no Within metadata")


def gradient_agrees(
    function: Callable[[Scalar], Scalar],
    x: Scalar,
    analytic: LocalGradient,
    *,
    h: FiniteStep,
    tolerance: Tolerance,
) -> bool:
    """The analytic gradient is within `tolerance` of the central difference with step h."""
    for name, value, alias in (("h", h, FiniteStep), ("tolerance", tolerance, Tolerance)):
        bounds = range_of(alias)
        if not bounds.low <= value <= bounds.high:
            raise InvalidScalarError(name, value, f"in [{bounds.low}, {bounds.high}]")
    above = function(Scalar(x.value + h)).value
    below = function(Scalar(x.value - h)).value
    return abs(analytic.value - (above - below) / (2.0 * h)) <= tolerance


# --- checks: do not edit below this line ---

import pytest  # noqa: E402

STEP = FiniteStep(1e-5)
TOLERANCE = Tolerance(1e-6)
X = Scalar(1.0)


def cube(x: Scalar) -> Scalar:
    return Scalar(x.value**3)


def test_the_right_gradient_agrees() -> None:
    # d(x^3)/dx at 1 = 3; the central difference misses it by about 1e-10 <= 1e-6
    assert gradient_agrees(cube, X, LocalGradient(3.0), h=STEP, tolerance=TOLERANCE)


def test_a_wrong_gradient_is_refused() -> None:
    # 3.0001 is 1e-4 away from the slope: more than 1e-6
    assert not gradient_agrees(cube, X, LocalGradient(3.0001), h=STEP, tolerance=TOLERANCE)


def test_the_ranges_stay_on_the_types() -> None:
    assert range_of(FiniteStep) == Within(1e-8, 1e-2)
    assert range_of(Tolerance) == Within(1e-12, 1e-3)


def test_a_step_out_of_range_is_refused() -> None:
    with pytest.raises(InvalidScalarError) as raised:
        gradient_agrees(cube, X, LocalGradient(3.0), h=FiniteStep(0.5), tolerance=TOLERANCE)
    assert raised.value.name == "h"
    assert raised.value.value == 0.5


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    gradient_agrees(cube, X, LocalGradient(3.0), h=TOLERANCE, tolerance=STEP)  # type: ignore[arg-type]
    gradient_agrees(cube, X, LocalGradient(3.0), h=STEP, tolerance=STEP)  # type: ignore[arg-type]
    gradient_agrees(cube, X, LocalGradient(3.0), h=1e-5, tolerance=TOLERANCE)  # type: ignore[arg-type]
