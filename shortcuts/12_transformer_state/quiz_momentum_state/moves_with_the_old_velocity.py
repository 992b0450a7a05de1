"""Shortcut: move the parameters with the previous velocity, then update the velocity."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Self

from tiny_ml.category import StepCount
from tiny_ml.domain import LearningRate, Vector
from tiny_ml.errors import InvalidScalarError, ShapeMismatchError


@dataclass(frozen=True)
class Momentum:
    """The decay factor mu of the velocity: a finite float in [0, 1)."""

    value: float

    def __post_init__(self) -> None:
        if not math.isfinite(self.value) or not 0.0 <= self.value < 1.0:
            raise InvalidScalarError("Momentum", self.value, "finite and in [0, 1)")


@dataclass(frozen=True)
class MomentumState:
    """Parameters, velocity of the same width, and the number of steps taken: a frozen value."""

    parameters: Vector
    velocity: Vector
    step: StepCount

    def __post_init__(self) -> None:
        if len(self.velocity) != len(self.parameters):
            raise ShapeMismatchError(
                "MomentumState velocity", (len(self.parameters),), (len(self.velocity),)
            )

    def advanced(self, parameters: Vector, velocity: Vector) -> Self:
        """The next state: new parameters and velocity, one more step, other fields kept."""
        return replace(
            self, parameters=parameters, velocity=velocity, step=StepCount(self.step.value + 1)
        )


@dataclass(frozen=True)
class MomentumStep:
    """MomentumState -> MomentumState: v <- mu v + g(theta), then theta <- theta - rate v."""

    gradient: Callable[[Vector], Vector]
    learning_rate: LearningRate
    momentum: Momentum
    name: str = "momentum_step"

    def apply(self, state: MomentumState, /) -> MomentumState:
        """One step of gradient descent with momentum; the given state stays as it was."""
        mu, rate = self.momentum.value, self.learning_rate.value
        gradient = self.gradient(state.parameters)
        velocity = Vector(
            tuple(mu * v + g for v, g in zip(state.velocity.values, gradient.values, strict=True))
        )
        parameters = Vector(
            tuple(
                theta - rate * v
                for theta, v in zip(state.parameters.values, state.velocity.values, strict=True)
            )
        )
        return state.advanced(parameters, velocity)


# --- checks: do not edit below this line ---

import math  # noqa: E402, F811
from dataclasses import FrozenInstanceError, dataclass  # noqa: E402
from typing import assert_type  # noqa: E402

import pytest  # noqa: E402

from tiny_ml.category import Endomorphism, apply_n_times  # noqa: E402


def _slope_one(theta: Vector) -> Vector:
    """The gradient of f(theta) = theta: 1 everywhere."""
    return Vector(tuple(1.0 for _ in theta.values))


def _bowl(theta: Vector) -> Vector:
    """The gradient of f(theta) = theta^2 / 2: theta itself."""
    return theta


ZERO = Vector((0.0,))
ONE = Vector((1.0,))
START = MomentumState(parameters=ZERO, velocity=ZERO, step=StepCount(0))
RATE = LearningRate(0.1)
SLOPE_STEP = MomentumStep(gradient=_slope_one, learning_rate=RATE, momentum=Momentum(0.9))


@dataclass(frozen=True)
class LabelledMomentumState(MomentumState):
    """A state kind written after MomentumState: advancing it must keep kind and label."""

    label: str = "run"


def _after(step: MomentumStep, start: MomentumState, n: int) -> tuple[float, float]:
    state = apply_n_times(step, StepCount(n), start)
    assert state.step == StepCount(n), f"{n} steps taken, the state says {state.step.value}"
    return state.velocity.values[0], state.parameters.values[0]


def test_three_steps_on_a_constant_slope() -> None:
    # g = 1, rate 0.1, mu 0.9, theta0 = 0, v0 = 0:
    # v1 = 0.9 * 0 + 1 = 1,      theta1 = 0 - 0.1 * 1 = -0.1
    # v2 = 0.9 * 1 + 1 = 1.9,    theta2 = -0.1 - 0.19 = -0.29
    # v3 = 0.9 * 1.9 + 1 = 2.71, theta3 = -0.29 - 0.271 = -0.561
    for n, (v, theta) in enumerate(((1.0, -0.1), (1.9, -0.29), (2.71, -0.561)), start=1):
        got_v, got_theta = _after(SLOPE_STEP, START, n)
        assert abs(got_v - v) < 1e-12, f"velocity after step {n}: {got_v}, expected {v}"
        assert abs(got_theta - theta) < 1e-12, (
            f"theta after step {n}: {got_theta}, expected {theta}"
        )


def test_momentum_on_a_bowl() -> None:
    # g = theta, rate 0.1, mu 0.9, theta0 = 1: v 1, 1.8, 2.34 and theta 0.9, 0.72, 0.486
    step = MomentumStep(gradient=_bowl, learning_rate=RATE, momentum=Momentum(0.9))
    start = MomentumState(parameters=ONE, velocity=ZERO, step=StepCount(0))
    for n, (v, theta) in enumerate(((1.0, 0.9), (1.8, 0.72), (2.34, 0.486)), start=1):
        got_v, got_theta = _after(step, start, n)
        assert abs(got_v - v) < 1e-12 and abs(got_theta - theta) < 1e-12, (
            f"step {n}: got v {got_v}, theta {got_theta}; expected {v}, {theta}"
        )


def test_zero_momentum_is_plain_descent() -> None:
    # mu 0: theta <- theta - 0.1 theta = 0.9 theta: 0.9, 0.81, 0.729
    step = MomentumStep(gradient=_bowl, learning_rate=RATE, momentum=Momentum(0.0))
    start = MomentumState(parameters=ONE, velocity=ZERO, step=StepCount(0))
    for n, theta in enumerate((0.9, 0.81, 0.729), start=1):
        assert abs(_after(step, start, n)[1] - theta) < 1e-12


@pytest.mark.parametrize("bad", [1.0, 1.5, -0.1, math.nan, math.inf])
def test_momentum_lies_in_zero_to_one(bad: float) -> None:
    with pytest.raises(InvalidScalarError):
        Momentum(bad)
    assert Momentum(0.0).value == 0.0 and Momentum(0.99).value == 0.99


def test_velocity_matches_the_parameters() -> None:
    with pytest.raises(ShapeMismatchError):
        MomentumState(parameters=Vector((0.0, 0.0)), velocity=ZERO, step=StepCount(0))


def test_states_are_frozen_values() -> None:
    with pytest.raises(FrozenInstanceError):
        START.step = StepCount(1)  # type: ignore[misc]
    SLOPE_STEP.apply(START)
    assert START == MomentumState(parameters=ZERO, velocity=ZERO, step=StepCount(0))


def test_advanced_keeps_the_kind_of_state() -> None:
    labelled = LabelledMomentumState(parameters=ZERO, velocity=ZERO, step=StepCount(0), label="a")
    after = apply_n_times(SLOPE_STEP, StepCount(2), labelled)
    assert isinstance(after, LabelledMomentumState) and after.label == "a"
    assert after.step == StepCount(2)


def _types_carry_the_design() -> None:
    _step: Endomorphism[MomentumState] = SLOPE_STEP
    labelled = LabelledMomentumState(parameters=ZERO, velocity=ZERO, step=StepCount(0))
    assert_type(labelled.advanced(ONE, ONE), LabelledMomentumState)
    assert_type(SLOPE_STEP.apply(START), MomentumState)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    MomentumStep(gradient=_slope_one, learning_rate=0.1, momentum=Momentum(0.9))  # type: ignore[arg-type]
    MomentumStep(gradient=_slope_one, learning_rate=RATE, momentum=0.9)  # type: ignore[arg-type]
    _theta: Vector = SLOPE_STEP.apply(START)  # type: ignore[assignment]
    MomentumState(parameters=(0.0,), velocity=ZERO, step=StepCount(0))  # type: ignore[arg-type]
