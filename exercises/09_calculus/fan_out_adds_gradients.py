"""fan_out_adds_gradients: a value used twice collects one gradient from each use.

In x * x or x + x the same x feeds both inputs of the operation, so the backward pass sends two
gradients back to it, one per path. The chain rule says the loss moves with x through both paths
at once: x's gradient is their sum. A model that reuses a weight (tied embeddings, a residual
connection) learns wrongly if one path is dropped. `self_applied_gradient` must hand back the one
gradient that x has, whichever of the two operations is applied.
"""

from __future__ import annotations

from tiny_ml.calculus import AddOp, LocalGradient, MulOp, Scalar


def self_applied_gradient(op: MulOp | AddOp, x: Scalar, upstream: LocalGradient) -> LocalGradient:
    """How the loss moves with x when x feeds both inputs of `op`."""
    return op.backward(x, x, upstream)


# --- checks: do not edit below this line ---

ONE = LocalGradient(1.0)


def test_x_times_x_at_three_is_six() -> None:
    # d(x*x)/dx = 2x: at 3 the two paths give 3 + 3 = 6
    assert self_applied_gradient(MulOp(), Scalar(3.0), ONE) == LocalGradient(6.0)


def test_x_plus_x_is_two() -> None:
    # d(x+x)/dx = 2 at any x: 1 + 1; upstream 5 gives 10
    assert self_applied_gradient(AddOp(), Scalar(3.0), ONE) == LocalGradient(2.0)
    assert self_applied_gradient(AddOp(), Scalar(-7.0), LocalGradient(5.0)) == LocalGradient(10.0)


def test_upstream_scales_the_sum() -> None:
    # x = -2, upstream 0.5: 0.5 * -2 + 0.5 * -2 = -2
    assert self_applied_gradient(MulOp(), Scalar(-2.0), LocalGradient(0.5)) == LocalGradient(-2.0)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    _both: tuple[LocalGradient, LocalGradient] = self_applied_gradient(  # type: ignore[assignment]
        MulOp(), Scalar(3.0), ONE
    )
