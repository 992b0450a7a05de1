"""The chain rule on scalars: MulOp's backward pass, and central differences that confirm it."""

from __future__ import annotations

import pytest

from tiny_ml.calculus import (
    AddOp,
    LocalGradient,
    MulOp,
    Scalar,
    central_difference,
    gradient_matches,
)


def test_mul_forward_is_the_product() -> None:
    assert MulOp().forward(Scalar(2.0), Scalar(3.0)) == Scalar(6.0)


def test_mul_backward_swaps_the_inputs() -> None:
    dx, dy = MulOp().backward(Scalar(2.0), Scalar(3.0), LocalGradient(1.0))
    assert (dx, dy) == (LocalGradient(3.0), LocalGradient(2.0))


def test_mul_backward_scales_by_the_upstream_gradient() -> None:
    dx, dy = MulOp().backward(Scalar(2.0), Scalar(3.0), LocalGradient(5.0))
    assert (dx, dy) == (LocalGradient(15.0), LocalGradient(10.0))


def test_add_passes_the_upstream_gradient_to_both_inputs() -> None:
    assert AddOp().forward(Scalar(2.0), Scalar(3.0)) == Scalar(5.0)
    upstream = LocalGradient(-4.0)
    assert AddOp().backward(Scalar(2.0), Scalar(3.0), upstream) == (upstream, upstream)


def test_values_and_gradients_are_different_types() -> None:
    value: object = Scalar(1.0)
    assert value != LocalGradient(1.0)


def test_central_difference_is_exact_for_a_parabola() -> None:
    # one-sided (f(3.1) - f(3)) / 0.1 would give 6.1; the central difference gives 6
    estimate = central_difference(lambda x: Scalar(x.value * x.value), Scalar(3.0), 0.1)
    assert estimate.value == pytest.approx(6.0, abs=1e-9)


@pytest.mark.parametrize(("x", "y"), [(2.0, 3.0), (-1.5, 0.25), (0.0, 7.0)])
def test_mul_backward_matches_central_differences(x: float, y: float) -> None:
    mul = MulOp()
    dx, dy = mul.backward(Scalar(x), Scalar(y), LocalGradient(1.0))
    assert gradient_matches(lambda s: mul.forward(s, Scalar(y)), Scalar(x), dx)
    assert gradient_matches(lambda s: mul.forward(Scalar(x), s), Scalar(y), dy)


def test_a_swapped_gradient_does_not_match() -> None:
    mul = MulOp()
    _, dy = mul.backward(Scalar(2.0), Scalar(3.0), LocalGradient(1.0))
    assert not gradient_matches(lambda s: mul.forward(s, Scalar(3.0)), Scalar(2.0), dy)


def test_the_chain_rule_through_two_ops() -> None:
    # f(x) = (x * y) + z: df/dx = y, passed back from add through mul
    mul, add = MulOp(), AddOp()
    x, y, z = Scalar(2.0), Scalar(3.0), Scalar(-1.0)

    def f(s: Scalar) -> Scalar:
        return add.forward(mul.forward(s, y), z)

    d_product, _ = add.backward(mul.forward(x, y), z, LocalGradient(1.0))
    dx, _ = mul.backward(x, y, d_product)
    assert dx == LocalGradient(3.0)
    assert gradient_matches(f, x, dx)


def test_matching_is_relative_for_large_gradients() -> None:
    def cube(s: Scalar) -> Scalar:
        return Scalar(s.value**3)

    big = Scalar(1000.0)
    assert gradient_matches(cube, big, LocalGradient(3e6), h=1e-3)
    assert not gradient_matches(cube, big, LocalGradient(3e6 + 100.0), h=1e-3)
