"""adam: an Adam update is AdamModelState -> AdamModelState, not Parameters -> Parameters.

Kingma & Ba (arXiv 1412.6980), Algorithm 1: every step reads and writes the first moment m,
the second moment v and the step count t, not only the parameters. The update below computes
the new moments and then drops them, so its output cannot be fed back in as the next input.
Make `adam_update` return the whole new state, with the step count advanced by one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pytest

from tiny_ml.category import Endomorphism, StepCount, apply_n_times
from tiny_ml.domain import LearningRate
from tiny_ml.errors import InvalidScalarError, ShapeMismatchError


def _finite(name: str, values: Sequence[float]) -> tuple[float, ...]:
    """Copy values into a tuple of floats, refusing any entry that is not finite."""
    copied = tuple(float(v) for v in values)
    for v in copied:
        if not math.isfinite(v):
            raise InvalidScalarError(f"every entry of {name}", v, "finite")
    return copied


@dataclass(frozen=True)
class Parameters:
    """The weights Adam moves, as one flat vector of finite floats."""

    values: tuple[float, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _finite("Parameters", self.values))


@dataclass(frozen=True)
class Gradient:
    """d(objective)/d(parameters) at the current parameters: one finite entry per parameter."""

    values: tuple[float, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _finite("Gradient", self.values))


@dataclass(frozen=True)
class DecayRate:
    """beta1 or beta2, in [0, 1): at 1.0 the bias correction 1 - beta^t would divide by zero."""

    value: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.value) and 0.0 <= self.value < 1.0):
            raise InvalidScalarError("DecayRate", self.value, "in [0, 1)")


@dataclass(frozen=True)
class AdamEpsilon:
    """Added to sqrt(v_hat) so a zero second moment never divides by zero: finite and > 0."""

    value: float = 1e-8

    def __post_init__(self) -> None:
        if not (math.isfinite(self.value) and self.value > 0.0):
            raise InvalidScalarError("AdamEpsilon", self.value, "finite and > 0")


@dataclass(frozen=True)
class AdamConfig:
    """The hyper-parameters of Algorithm 1; the paper's defaults except the learning rate."""

    learning_rate: LearningRate
    beta1: DecayRate = DecayRate(0.9)
    beta2: DecayRate = DecayRate(0.999)
    epsilon: AdamEpsilon = AdamEpsilon()


@dataclass(frozen=True)
class AdamModelState:
    """What Adam carries from step to step: parameters, both moments and the step count t."""

    parameters: Parameters
    first_moment: tuple[float, ...]
    second_moment: tuple[float, ...]
    step: StepCount

    def __post_init__(self) -> None:
        expected = (len(self.parameters.values),)
        for name, part in (
            ("first_moment", self.first_moment),
            ("second_moment", self.second_moment),
        ):
            if (len(part),) != expected:
                raise ShapeMismatchError(f"AdamModelState.{name}", expected, (len(part),))
        object.__setattr__(self, "first_moment", _finite("first_moment", self.first_moment))
        object.__setattr__(self, "second_moment", _finite("second_moment", self.second_moment))
        for v in self.second_moment:
            if v < 0.0:
                raise InvalidScalarError("every entry of second_moment", v, ">= 0")

    @classmethod
    def start(cls, parameters: Parameters) -> AdamModelState:
        """Algorithm 1's initialisation: m_0 = 0, v_0 = 0, t = 0."""
        zeros = tuple(0.0 for _ in parameters.values)
        return cls(parameters, zeros, zeros, StepCount(0))

    @property
    def dimension(self) -> int:
        """How many parameters, and so how many entries each moment holds."""
        return len(self.parameters.values)


def adam_update(state: AdamModelState, gradient: Gradient, config: AdamConfig) -> AdamModelState:
    """One step of Algorithm 1: new moments, bias correction, new parameters, t + 1."""
    if len(gradient.values) != state.dimension:
        raise ShapeMismatchError(
            "adam_update gradient", (state.dimension,), (len(gradient.values),)
        )
    t = state.step.value + 1
    beta1, beta2 = config.beta1.value, config.beta2.value
    pairs = zip(state.first_moment, gradient.values, strict=True)
    m = tuple(beta1 * m_i + (1.0 - beta1) * g for m_i, g in pairs)
    squares = zip(state.second_moment, gradient.values, strict=True)
    v = tuple(beta2 * v_i + (1.0 - beta2) * g * g for v_i, g in squares)
    m_correction = 1.0 - beta1**t
    v_correction = 1.0 - beta2**t
    rate, eps = config.learning_rate.value, config.epsilon.value
    theta = tuple(
        p - rate * (m_i / m_correction) / (math.sqrt(v_i / v_correction) + eps)
        for p, m_i, v_i in zip(state.parameters.values, m, v, strict=True)
    )
    return AdamModelState(Parameters(theta), m, v, StepCount(t))


@dataclass(frozen=True)
class AdamStep:
    """AdamModelState -> AdamModelState: read the gradient at the current parameters, update."""

    gradient_of: Callable[[Parameters], Gradient]
    config: AdamConfig
    name: str = "adam_step"

    def apply(self, state: AdamModelState, /) -> AdamModelState:
        """Algorithm 1's loop body: g_t at theta_{t-1}, then one update."""
        return adam_update(state, self.gradient_of(state.parameters), self.config)


# --- checks: do not edit below this line ---

START = Parameters((1.0, -1.0))
GRADIENT = Gradient((0.5, -0.25))


def _config() -> AdamConfig:
    return AdamConfig(LearningRate(0.1), DecayRate(0.9), DecayRate(0.999), AdamEpsilon(1e-8))


def _constant_gradient(_: Parameters) -> Gradient:
    return GRADIENT


def test_one_step_matches_algorithm_1() -> None:
    after = AdamStep(_constant_gradient, _config()).apply(AdamModelState.start(START))
    assert after.parameters.values == pytest.approx((0.9, -0.9), abs=1e-6), (
        "one step moves each coordinate by lr * m_hat / (sqrt(v_hat) + eps) = 0.1 against "
        f"the gradient's sign: expected (0.9, -0.9), got {after.parameters.values}"
    )
    assert after.first_moment[0] == pytest.approx(0.05, rel=1e-9), (
        f"first moment m_1 = (1 - beta1) * g = 0.1 * 0.5 = 0.05, got {after.first_moment[0]}"
    )
    assert after.second_moment[0] == pytest.approx(0.00025, rel=1e-9), (
        f"second moment v_1 = (1 - beta2) * g^2 = 0.001 * 0.25, got {after.second_moment[0]}"
    )
    assert after.step == StepCount(1), f"one update advances t from 0 to 1, got {after.step}"


def test_two_steps_keep_every_part_the_same_dimension() -> None:
    step: Endomorphism[AdamModelState] = AdamStep(_constant_gradient, _config())
    start = AdamModelState.start(START)
    after = apply_n_times(step, StepCount(2), start)
    assert after.step == StepCount(2), f"two updates advance t to 2, got {after.step}"
    dimensions = (len(after.parameters.values), len(after.first_moment), len(after.second_moment))
    assert dimensions == (2, 2, 2), f"parameters, m and v must all stay 2 wide, got {dimensions}"
    assert after.parameters.values == pytest.approx((0.8, -0.8), abs=1e-6), (
        "with bias correction at t = 2, a constant gradient moves each coordinate 0.1 again: "
        f"expected (0.8, -0.8), got {after.parameters.values}"
    )
    assert start == AdamModelState.start(START), "an update returns a new state; its input stays"


def test_a_gradient_of_the_wrong_length_is_a_shape_mismatch() -> None:
    with pytest.raises(ShapeMismatchError):
        adam_update(AdamModelState.start(START), Gradient((0.5,)), _config())


def test_a_decay_rate_of_one_is_rejected() -> None:
    with pytest.raises(InvalidScalarError):
        DecayRate(1.0)


def _must_stay_rejected(state: AdamModelState, gradient: Gradient, config: AdamConfig) -> None:
    step = AdamStep(_constant_gradient, config)
    _on_parameters: Endomorphism[Parameters] = step  # expect-type-error[assignment]
    adam_update(state.parameters, gradient, config)  # expect-type-error[arg-type]
    adam_update(state, state.parameters, config)  # expect-type-error[arg-type]
    AdamConfig(0.1)  # expect-type-error[arg-type]
