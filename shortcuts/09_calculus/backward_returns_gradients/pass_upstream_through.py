"""Shortcut: return the upstream gradient unchanged, dropping the local derivative 2x."""

from __future__ import annotations

from dataclasses import dataclass

from tiny_ml.calculus import LocalGradient, Scalar


@dataclass(frozen=True)
class SquareOp:
    """x * x: forward squares a Scalar; backward gives d(x*x)/dx = 2x, times the upstream gradient."""

    name: str = "square"

    def forward(self, x: Scalar) -> Scalar:
        """The square."""
        return Scalar(x.value * x.value)

    def backward(self, x: Scalar, upstream: LocalGradient) -> LocalGradient:
        """How the loss moves with x."""
        return upstream


# --- checks: do not edit below this line ---

X = Scalar(3.0)


def test_forward_squares() -> None:
    assert SquareOp().forward(X) == Scalar(9.0)


def test_backward_at_three_is_six() -> None:
    # d(x*x)/dx at 3 = 2 * 3 = 6, upstream 1
    assert SquareOp().backward(X, LocalGradient(1.0)) == LocalGradient(6.0)


def test_backward_scales_with_upstream() -> None:
    # 2 * 3 * 0.5 = 3 and 2 * -1.5 * 4 = -12
    assert SquareOp().backward(X, LocalGradient(0.5)) == LocalGradient(3.0)
    assert SquareOp().backward(Scalar(-1.5), LocalGradient(4.0)) == LocalGradient(-12.0)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    _raw: float = SquareOp().backward(X, LocalGradient(1.0))  # type: ignore[assignment]
    SquareOp().forward(SquareOp().backward(X, LocalGradient(1.0)))  # type: ignore[arg-type]
