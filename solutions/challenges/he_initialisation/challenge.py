"""he_initialisation: a layer's fan-in and fan-out are two types, and He's variance reads the fan-in.

He et al. (arXiv 1502.01852), section 2.2: a ReLU layer passes the variance of its responses on
unchanged when its weights have variance 2 / n_l, where n_l is how many inputs each unit sums (its
fan-in). Glorot & Bengio's uniform ("Xavier") rule instead averages the fan-in with the fan-out.
Most code holds both as plain ints, so they swap silently; here they are FanIn and FanOut. Write
both rules and the Xavier sampler, and make He's rule read the side of the layer the paper means.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from tiny_ml.domain import Matrix, check_matrix
from tiny_ml.errors import InvalidScalarError


@dataclass(frozen=True)
class FanIn:
    """How many inputs each unit of a layer sums over (n_l in He et al.): an int >= 1."""

    value: int

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or self.value < 1:
            raise InvalidScalarError("FanIn", self.value, "an int >= 1")


@dataclass(frozen=True)
class FanOut:
    """How many units a layer feeds (its outputs, the fan-in of the layer above): an int >= 1."""

    value: int

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or self.value < 1:
            raise InvalidScalarError("FanOut", self.value, "an int >= 1")


@dataclass(frozen=True)
class LayerShape:
    """A dense layer y = W x with fan_in inputs and fan_out outputs."""

    fan_in: FanIn
    fan_out: FanOut


@dataclass(frozen=True)
class Weights:
    """The initial W of one layer: fan_out rows (one per unit), each fan_in finite weights wide."""

    shape: LayerShape
    rows: Matrix

    def __post_init__(self) -> None:
        check_matrix("Weights", self.rows, self.shape.fan_out.value, self.shape.fan_in.value)


def sample_weights(shape: LayerShape, draw: Callable[[], float]) -> Weights:
    """Fill W row by row, one independent draw for every weight."""
    rows = tuple(
        tuple(draw() for _ in range(shape.fan_in.value)) for _ in range(shape.fan_out.value)
    )
    return Weights(shape, rows)


def he_standard_deviation(fan_in: FanIn) -> float:
    """He et al. eq. (10): (1/2) n_l Var[w_l] = 1, so the weights' standard deviation is sqrt(2 / n_l).

    The 1/2 is ReLU's: it zeroes the negative half of a symmetric response, halving its second
    moment, and the factor 2 gives that back. The sum runs over a unit's n_l inputs: its fan-in.
    """
    return math.sqrt(2.0 / fan_in.value)


def xavier_bound(fan_in: FanIn, fan_out: FanOut) -> float:
    """Glorot & Bengio eq. (16): W ~ U[-b, b] with b = sqrt(6) / sqrt(fan-in + fan-out).

    U[-b, b] has variance b^2 / 3, so this is their eq. (12), Var[W] = 2 / (fan-in + fan-out): a
    compromise between keeping the forward signal (fan-in) and the backward one (fan-out).
    """
    return math.sqrt(6.0 / (fan_in.value + fan_out.value))


def he_normal(shape: LayerShape, rng: random.Random) -> Weights:
    """He initialisation of one ReLU layer: every weight from N(0, std^2), std from eq. (10)."""
    std = he_standard_deviation(shape.fan_in)
    return sample_weights(shape, lambda: rng.gauss(0.0, std))


def xavier_uniform(shape: LayerShape, rng: random.Random) -> Weights:
    """Glorot & Bengio's normalised initialisation: every weight from U[-b, b], b from eq. (16)."""
    bound = xavier_bound(shape.fan_in, shape.fan_out)
    return sample_weights(shape, lambda: rng.uniform(-bound, bound))


# --- checks: do not edit below this line ---

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _all_weights(weights: Weights) -> list[float]:
    return [w for row in weights.rows for w in row]


def _mean_and_variance(values: list[float]) -> tuple[float, float]:
    mean = math.fsum(values) / len(values)
    return mean, math.fsum((v - mean) ** 2 for v in values) / len(values)


def test_he_standard_deviation_is_root_two_over_fan_in() -> None:
    # sqrt(2 / 8) = sqrt(0.25) = 0.5 and sqrt(2 / 50) = sqrt(0.04) = 0.2
    assert he_standard_deviation(FanIn(8)) == pytest.approx(0.5, rel=1e-12), (
        "He et al. eq. (10): std = sqrt(2 / fan-in), so a fan-in of 8 gives 0.5"
    )
    assert he_standard_deviation(FanIn(50)) == pytest.approx(0.2, rel=1e-12), (
        "He et al. eq. (10): std = sqrt(2 / fan-in), so a fan-in of 50 gives 0.2"
    )


def test_a_three_to_five_layer_reads_its_fan_in() -> None:
    # 3 inputs, 5 outputs: sqrt(2 / 3) = 0.8164966; its fan-out would give sqrt(2 / 5) = 0.6324555
    shape = LayerShape(FanIn(3), FanOut(5))
    assert he_standard_deviation(shape.fan_in) == pytest.approx(0.8164966, abs=1e-7), (
        "a layer with 3 inputs has He std sqrt(2 / 3) = 0.8164966"
    )
    weights = he_normal(shape, random.Random(0))
    assert len(weights.rows) == 5 and all(len(row) == 3 for row in weights.rows), (
        "W of a 3-in, 5-out layer has 5 rows (one per unit) of 3 weights"
    )


@settings(max_examples=60, derandomize=True, database=None, deadline=None)
@given(st.integers(1, 100_000))
def test_he_variance_times_fan_in_is_two(fan_in: int) -> None:
    std = he_standard_deviation(FanIn(fan_in))
    assert std * std * fan_in == pytest.approx(2.0, rel=1e-12), (
        f"He et al. eq. (10): n_l Var[w] must be 2, got {std * std * fan_in} at fan-in {fan_in}"
    )


def test_xavier_bound_for_four_and_four_and_for_three_and_five() -> None:
    # sqrt(6 / (4 + 4)) = sqrt(0.75) = 0.8660254; 3 + 5 is also 8: the same bound, variance
    # 0.75 / 3 = 0.25 = 2 / 8
    for fan_in, fan_out in ((4, 4), (3, 5), (5, 3)):
        bound = xavier_bound(FanIn(fan_in), FanOut(fan_out))
        assert bound == pytest.approx(0.8660254, abs=1e-7), (
            f"Glorot & Bengio eq. (16): b = sqrt(6 / ({fan_in} + {fan_out})) = 0.8660254, got {bound}"
        )
    # sqrt(6 / (1 + 2)) = sqrt(2) = 1.4142136
    assert xavier_bound(FanIn(1), FanOut(2)) == pytest.approx(1.4142136, abs=1e-7)


@settings(max_examples=60, derandomize=True, database=None, deadline=None)
@given(st.integers(1, 10_000), st.integers(1, 10_000))
def test_xavier_variance_is_two_over_fan_in_plus_fan_out(fan_in: int, fan_out: int) -> None:
    bound = xavier_bound(FanIn(fan_in), FanOut(fan_out))
    assert bound * bound / 3.0 == pytest.approx(2.0 / (fan_in + fan_out), rel=1e-12), (
        "U[-b, b] has variance b^2 / 3, which eq. (12) sets to 2 / (fan-in + fan-out)"
    )


def test_he_samples_have_variance_two_over_fan_in() -> None:
    # 2500 units of fan-in 8: 20,000 draws from N(0, 0.25); the fan-out would give 2 / 2500
    weights = he_normal(LayerShape(FanIn(8), FanOut(2500)), random.Random(0))
    mean, variance = _mean_and_variance(_all_weights(weights))
    assert abs(variance - 0.25) <= 0.03 * 0.25, (
        f"20,000 He weights at fan-in 8 must have variance 2 / 8 = 0.25 within 3%, got {variance}"
    )
    assert abs(mean) <= 0.02, f"He weights are centred on 0, got a sample mean of {mean}"


def test_xavier_samples_stay_in_the_bound_with_variance_two_over_the_fans() -> None:
    # fan-in 4, fan-out 5000: b = sqrt(6 / 5004), variance 2 / 5004 = 0.00039968
    shape = LayerShape(FanIn(4), FanOut(5000))
    bound = math.sqrt(6.0 / 5004.0)
    values = _all_weights(xavier_uniform(shape, random.Random(0)))
    assert len(values) == 20_000 and all(abs(v) <= bound for v in values), (
        "every Xavier weight lies in [-b, b]"
    )
    _, variance = _mean_and_variance(values)
    assert abs(variance - 2.0 / 5004.0) <= 0.03 * 2.0 / 5004.0, (
        f"Xavier weights must have variance 2 / (4 + 5000) within 3%, got {variance}"
    )


def test_the_same_generator_state_gives_the_same_weights() -> None:
    shape = LayerShape(FanIn(3), FanOut(2))
    for initialise in (he_normal, xavier_uniform):
        first = initialise(shape, random.Random(7))
        assert first == initialise(shape, random.Random(7)), (
            "the weights come from the generator passed in, so the same seed gives the same W"
        )
        assert first != initialise(shape, random.Random(8)), "another seed gives another W"


def test_a_fan_of_zero_is_refused() -> None:
    with pytest.raises(InvalidScalarError):
        FanIn(0)
    with pytest.raises(InvalidScalarError):
        FanOut(0)


def _must_stay_rejected(shape: LayerShape) -> None:
    he_standard_deviation(shape.fan_out)  # type: ignore[arg-type]
    he_standard_deviation(8)  # type: ignore[arg-type]
    xavier_bound(shape.fan_out, shape.fan_in)  # type: ignore[arg-type]
    LayerShape(FanOut(5), FanIn(3))  # type: ignore[arg-type]
