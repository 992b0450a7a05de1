"""Shortcut: add epsilon under the square root, sqrt(vhat + epsilon)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tiny_ml.category import Endomorphism, StepCount, apply_n_times
from tiny_ml.domain import LearningRate
from tiny_ml.errors import InvalidScalarError, ShapeMismatchError


def _require_finite(name: str, values: Sequence[float]) -> None:
    """Refuse any entry that is not a finite number."""
    for v in values:
        if not math.isfinite(v):
            raise InvalidScalarError(f"every entry of {name}", v, "finite")


@dataclass(frozen=True)
class Parameters:
    """The weights theta that Adam moves, as one flat vector of finite floats."""

    values: tuple[float, ...]

    def __post_init__(self) -> None:
        _require_finite("Parameters", self.values)


@dataclass(frozen=True)
class Gradient:
    """g_t: d(objective)/d(parameters) at the current parameters, one finite entry each."""

    values: tuple[float, ...]

    def __post_init__(self) -> None:
        _require_finite("Gradient", self.values)


@dataclass(frozen=True)
class DecayRate:
    """beta1 or beta2, in [0, 1): at 1.0 the bias correction 1 - beta^t would divide by zero."""

    value: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.value) and 0.0 <= self.value < 1.0):
            raise InvalidScalarError("DecayRate", self.value, "in [0, 1)")


@dataclass(frozen=True)
class AdamEpsilon:
    """Added to sqrt(vhat_t) so a zero second moment never divides by zero: finite and > 0."""

    value: float = 1e-8

    def __post_init__(self) -> None:
        if not (math.isfinite(self.value) and self.value > 0.0):
            raise InvalidScalarError("AdamEpsilon", self.value, "finite and > 0")


@dataclass(frozen=True)
class AdamConfig:
    """alpha, beta1, beta2 and epsilon of Algorithm 1: the paper's defaults but for alpha."""

    learning_rate: LearningRate
    beta1: DecayRate = DecayRate(0.9)
    beta2: DecayRate = DecayRate(0.999)
    epsilon: AdamEpsilon = AdamEpsilon()


@dataclass(frozen=True)
class AdamModelState:
    """What Adam carries from step to step: theta, both moments and the step count t."""

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
        _require_finite("first_moment", self.first_moment)
        _require_finite("second_moment", self.second_moment)
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
    """One iteration of Algorithm 1 from `state`, with g_t taken at its parameters."""
    if len(gradient.values) != state.dimension:
        raise ShapeMismatchError(
            "adam_update gradient", (state.dimension,), (len(gradient.values),)
        )
    t = state.step.value + 1
    beta1, beta2 = config.beta1.value, config.beta2.value
    rate, epsilon = config.learning_rate.value, config.epsilon.value
    m = tuple(
        beta1 * m_i + (1.0 - beta1) * g
        for m_i, g in zip(state.first_moment, gradient.values, strict=True)
    )
    v = tuple(
        beta2 * v_i + (1.0 - beta2) * g * g
        for v_i, g in zip(state.second_moment, gradient.values, strict=True)
    )
    m_correction, v_correction = 1.0 - beta1**t, 1.0 - beta2**t
    theta = tuple(
        p - rate * (m_i / m_correction) / (math.sqrt(v_i / v_correction + epsilon))
        for p, m_i, v_i in zip(state.parameters.values, m, v, strict=True)
    )
    return AdamModelState(Parameters(theta), m, v, StepCount(t))


@dataclass(frozen=True)
class AdamStep:
    """AdamModelState -> AdamModelState: take g_t at the current parameters, then update."""

    gradient_of: Callable[[Parameters], Gradient]
    config: AdamConfig
    name: str = "adam_step"

    def apply(self, state: AdamModelState, /) -> AdamModelState:
        """Algorithm 1's loop body, as an arrow that apply_n_times can iterate."""
        return adam_update(state, self.gradient_of(state.parameters), self.config)


# --- checks: do not edit below this line ---

import pytest  # noqa: E402

START = Parameters((1.0, -1.0))
GRADIENT = Gradient((0.5, -0.25))


def _config(epsilon: float = 1e-8) -> AdamConfig:
    return AdamConfig(LearningRate(0.1), DecayRate(0.9), DecayRate(0.999), AdamEpsilon(epsilon))


def _constant_gradient(_: Parameters) -> Gradient:
    return GRADIENT


def test_one_step_matches_algorithm_1() -> None:
    after = adam_update(AdamModelState.start(START), GRADIENT, _config())
    # m_1 = 0.9 * 0 + 0.1 * g = (0.05, -0.025); v_1 = 0.999 * 0 + 0.001 * g^2 = (0.00025, 0.0000625)
    assert after.first_moment == pytest.approx((0.05, -0.025), rel=1e-12), (
        f"m_1 = (1 - beta1) * g_1 = 0.1 * (0.5, -0.25), got {after.first_moment}"
    )
    assert after.second_moment == pytest.approx((0.00025, 0.0000625), rel=1e-12), (
        f"v_1 = (1 - beta2) * g_1^2 = 0.001 * (0.25, 0.0625), got {after.second_moment}"
    )
    assert after.step == StepCount(1), f"one update advances t from 0 to 1, got {after.step}"
    # mhat_1 = 0.05 / (1 - 0.9) = 0.5, vhat_1 = 0.00025 / (1 - 0.999) = 0.25, sqrt = 0.5:
    # theta_1 = 1 - 0.1 * 0.5 / (0.5 + 1e-8) = 1 - 0.099999998 = 0.900000002
    # and -1 + 0.1 * 0.25 / (0.25 + 1e-8) = -1 + 0.099999996 = -0.900000004
    assert after.parameters.values == pytest.approx((0.900000002, -0.900000004), abs=1e-12), (
        "theta_1 = theta_0 - alpha * mhat_1 / (sqrt(vhat_1) + epsilon) = 0.900000002 in the first "
        f"coordinate, got {after.parameters.values} (0.9000000632 means epsilon was added to "
        "sqrt(v_1) before the bias correction)"
    )


def test_epsilon_is_added_after_the_square_root_of_the_corrected_moment() -> None:
    after = adam_update(AdamModelState.start(START), GRADIENT, _config(epsilon=0.5))
    # theta_1 = 1 - 0.1 * 0.5 / (sqrt(0.25) + 0.5) = 1 - 0.05 = 0.95
    # and -1 + 0.1 * 0.25 / (sqrt(0.0625) + 0.5) = -1 + 0.025 / 0.75 = -0.9666667
    assert after.parameters.values == pytest.approx((0.95, -0.9666667), abs=1e-7), (
        "with epsilon 0.5 one step gives 1 - 0.1 * 0.5 / (0.5 + 0.5) = 0.95: epsilon is added to "
        f"sqrt(vhat_t), after the bias correction, got {after.parameters.values}"
    )


def test_a_zero_gradient_still_moves_theta_through_the_first_moment() -> None:
    one = adam_update(AdamModelState.start(Parameters((1.0,))), Gradient((1.0,)), _config())
    two = adam_update(one, Gradient((0.0,)), _config())
    # t = 1: m_1 = 0.1, v_1 = 0.001, mhat = vhat = 1, theta_1 = 1 - 0.1 = 0.9
    # t = 2: m_2 = 0.9 * 0.1 = 0.09, v_2 = 0.999 * 0.001 = 0.000999,
    # mhat_2 = 0.09 / (1 - 0.81) = 0.4736842, vhat_2 = 0.000999 / (1 - 0.998001) = 0.4997499,
    # theta_2 = 0.9 - 0.1 * 0.4736842 / sqrt(0.4997499) = 0.9 - 0.0670058 = 0.8329942
    assert two.first_moment == pytest.approx((0.09,), rel=1e-12), (
        f"m_2 = beta1 * m_1 + 0.1 * 0 = 0.9 * 0.1: the first moment carries over, got {two.first_moment}"
    )
    assert two.second_moment == pytest.approx((0.000999,), rel=1e-12), (
        f"v_2 = beta2 * v_1 = 0.999 * 0.001, got {two.second_moment}"
    )
    assert two.step == StepCount(2), f"two updates advance t to 2, got {two.step}"
    assert two.parameters.values == pytest.approx((0.8329942,), abs=1e-7), (
        "at t = 2 the corrected moments are 0.4736842 and 0.4997499, so theta moves 0.0670058 "
        f"to 0.8329942 although g_2 = 0, got {two.parameters.values}"
    )


def test_a_constant_gradient_moves_every_coordinate_by_alpha() -> None:
    step: Endomorphism[AdamModelState] = AdamStep(_constant_gradient, _config())
    start = AdamModelState.start(START)
    after = apply_n_times(step, StepCount(3), start)
    # g constant: m_t = (1 - 0.9^t) g and v_t = (1 - 0.999^t) g^2, so mhat_t = g, vhat_t = g^2
    # and every step moves each coordinate by 0.1 * |g| / |g| = 0.1 (section 2.1)
    assert after.step == StepCount(3), f"three updates advance t to 3, got {after.step}"
    assert after.parameters.values == pytest.approx((0.7, -0.7), abs=1e-6), (
        "with bias correction a constant gradient moves each coordinate by alpha = 0.1 at every "
        f"step: expected (0.7, -0.7) after three, got {after.parameters.values}"
    )
    dimensions = (len(after.parameters.values), len(after.first_moment), len(after.second_moment))
    assert dimensions == (2, 2, 2), f"parameters, m and v must all stay 2 wide, got {dimensions}"
    assert start == AdamModelState.start(START), "an update returns a new state; its input stays"


def test_a_gradient_of_the_wrong_length_is_a_shape_mismatch() -> None:
    with pytest.raises(ShapeMismatchError):
        adam_update(AdamModelState.start(START), Gradient((0.5,)), _config())


def test_a_decay_rate_of_one_is_rejected() -> None:
    with pytest.raises(InvalidScalarError):
        DecayRate(1.0)


def _must_stay_rejected(state: AdamModelState, gradient: Gradient, config: AdamConfig) -> None:
    step = AdamStep(_constant_gradient, config)
    _on_parameters: Endomorphism[Parameters] = step  # type: ignore[assignment]
    _theta: Parameters = adam_update(state, gradient, config)  # type: ignore[assignment]
    adam_update(state.parameters, gradient, config)  # type: ignore[arg-type]
    adam_update(state, state.parameters, config)  # type: ignore[arg-type]
    AdamModelState(state.parameters, (0.0,), (0.0,), 1)  # type: ignore[arg-type]
    AdamConfig(0.1)  # type: ignore[arg-type]
