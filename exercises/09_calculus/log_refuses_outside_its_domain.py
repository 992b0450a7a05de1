"""log_refuses_outside_its_domain: a helper that always raises must say it never returns.

log x and its derivative 1/x exist only for x > 0; cross-entropy takes the log of a probability,
so a zero there must stop training loudly. LogOp sends every input outside its domain to one
helper, which raises. mypy reads the helper's signature, not its body: as written, the signature
promises that the helper comes back, so mypy thinks forward and backward can run off their end
without returning anything. Make the signature tell the truth.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.calculus import LocalGradient, Scalar
from tiny_ml.errors import InvalidScalarError


def outside_domain(op: str, x: Scalar) -> None:
    """Refuse an input that the operation `op` is not defined at."""
    raise InvalidScalarError(f"{op} input", x.value, "> 0")


@dataclass(frozen=True)
class LogOp:
    """log x for x > 0, with d(log x)/dx = 1/x."""

    name: str = "log"

    def forward(self, x: Scalar) -> Scalar:
        if x.value > 0.0:
            return Scalar(math.log(x.value))
        outside_domain(self.name, x)

    def backward(self, x: Scalar, upstream: LocalGradient) -> LocalGradient:
        if x.value > 0.0:
            return LocalGradient(upstream.value / x.value)
        outside_domain(self.name, x)


# --- checks: do not edit below this line ---

import pytest  # noqa: E402


def test_log_of_e_is_one() -> None:
    assert LogOp().forward(Scalar(math.e)).value == pytest.approx(1.0, abs=1e-15)


def test_backward_is_upstream_over_x() -> None:
    # 1 / 2 = 0.5, and 2 / 4 = 0.5
    assert LogOp().backward(Scalar(2.0), LocalGradient(1.0)) == LocalGradient(0.5)
    assert LogOp().backward(Scalar(4.0), LocalGradient(2.0)) == LocalGradient(0.5)


def test_zero_is_refused_by_name() -> None:
    with pytest.raises(InvalidScalarError) as raised:
        LogOp().forward(Scalar(0.0))
    assert raised.value.name == "log input"
    assert raised.value.value == 0.0


def test_negative_is_refused_backward_too() -> None:
    with pytest.raises(InvalidScalarError) as raised:
        LogOp().backward(Scalar(-1.0), LocalGradient(1.0))
    assert raised.value.name == "log input"
    assert raised.value.value == -1.0


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    outside_domain("log", Scalar(0.0))
    LogOp().forward(Scalar(1.0))  # type: ignore[unreachable]
