"""central_not_one_sided: check a gradient with the symmetric difference, not a one-sided one.

A hand-written backward pass is trusted only after it agrees with a numeric estimate of the
slope. The estimate below steps h to one side of x only, and its error shrinks like h: at
h = 1e-5 it misses the slope of x^3 at 1 by about 3e-5, far outside the 1e-6 that a gradient
check allows, so a correct backward would be reported wrong. Stepping h to both sides cancels
the first-order error, leaving one that shrinks like h^2. Both estimates have the same type, so
only their values can tell them apart: the checks pin them.
"""

from __future__ import annotations

from collections.abc import Callable

from tiny_ml.calculus import LocalGradient, Scalar


def slope_estimate(function: Callable[[Scalar], Scalar], x: Scalar, h: float) -> LocalGradient:
    """f'(x) estimated from values of f a distance h from x, with an error of order h^2."""
    above = function(Scalar(x.value + h)).value
    below = function(Scalar(x.value - h)).value
    return LocalGradient((above - below) / (2.0 * h))


# --- checks: do not edit below this line ---

import pytest  # noqa: E402


def cube(x: Scalar) -> Scalar:
    return Scalar(x.value**3)


def square(x: Scalar) -> Scalar:
    return Scalar(x.value * x.value)


def test_cube_at_one_within_gradient_tolerance() -> None:
    # f'(1) = 3; central error h^2 = 1e-10 (one-sided: 3h = 3.0e-5, refused)
    estimate = slope_estimate(cube, Scalar(1.0), 1e-5)
    assert abs(estimate.value - 3.0) <= 1e-6, f"off by {abs(estimate.value - 3.0):.1e}, not <= 1e-6"


def test_square_is_exact_for_any_step() -> None:
    # ((1.5)^2 - (0.5)^2) / (2 * 0.5) = (2.25 - 0.25) / 1 = 2 = f'(1); one-sided gives 2.5
    assert slope_estimate(square, Scalar(1.0), 0.5).value == pytest.approx(2.0, abs=1e-12)


def test_cube_at_two_with_a_wide_step() -> None:
    # ((2.1)^3 - (1.9)^3) / 0.2 = 3 * 2^2 + 0.1^2 = 12.01; one-sided gives 12.61
    assert slope_estimate(cube, Scalar(2.0), 0.1).value == pytest.approx(12.01, abs=1e-9)
