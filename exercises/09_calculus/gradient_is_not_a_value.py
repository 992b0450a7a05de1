"""gradient_is_not_a_value: what flows backward is a LocalGradient, never a Scalar.

Backpropagation runs two kinds of number through the same operation: forward values (`Scalar`,
"what x is") and gradients (`LocalGradient`, "how much the loss moves when x moves"). Both wrap a
float, and mixing them up gives a model that trains on nonsense without a single exception. The
gradient that arrives from the loss, the upstream gradient, is a gradient: the function below
must accept only that, so nobody can seed the backward pass with a forward value.
"""

from __future__ import annotations

from tiny_ml.calculus import LocalGradient, MulOp, Scalar


def product_gradients(
    x: Scalar, y: Scalar, upstream: Scalar
) -> tuple[LocalGradient, LocalGradient]:
    """How the loss moves with x and with y, for the product x * y that feeds it."""
    return MulOp().backward(x, y, upstream)


# --- checks: do not edit below this line ---

X = Scalar(2.0)
Y = Scalar(3.0)


def test_seed_one_gives_the_partials() -> None:
    # d(xy)/dx = y = 3 and d(xy)/dy = x = 2, times an upstream gradient of 1
    assert product_gradients(X, Y, LocalGradient(1.0)) == (LocalGradient(3.0), LocalGradient(2.0))


def test_upstream_scales_both_partials() -> None:
    # chain rule: 5 * 3 = 15 and 5 * 2 = 10
    assert product_gradients(X, Y, LocalGradient(5.0)) == (
        LocalGradient(15.0),
        LocalGradient(10.0),
    )


def test_negative_upstream_flips_both() -> None:
    # x = -1, y = 4, upstream -0.5: (-0.5 * 4, -0.5 * -1) = (-2, 0.5)
    assert product_gradients(Scalar(-1.0), Scalar(4.0), LocalGradient(-0.5)) == (
        LocalGradient(-2.0),
        LocalGradient(0.5),
    )


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    product_gradients(X, Y, Scalar(1.0))  # type: ignore[arg-type]
    product_gradients(X, LocalGradient(3.0), LocalGradient(1.0))  # type: ignore[arg-type]
