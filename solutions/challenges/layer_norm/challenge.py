"""layer_norm: equations 3 and 4 of layer normalization, with statistics from one token's features.

Ba, Kiros & Hinton (arXiv 1607.06450). Batch normalization takes each hidden unit's statistics
across the cases of a batch; layer normalization takes them across the H hidden units of one
case, so every token is normalised on its own, a batch of one works, and training and inference
compute the same thing. Here one case's summed inputs are a `Features`, and the statistics are a
function of a `Features` alone. Write both equations, and make `LayerNorm.apply` give each token
the statistics of its own features:

    equation 3:  mu = (1/H) * sum of a_i        sigma^2 = (1/H) * sum of (a_i - mu)^2
    equation 4:  h_i = g_i * (a_i - mu) / sigma + b_i,   with sigma = sqrt(sigma^2 + epsilon)

The variance divides by H, not H - 1. The paper's sigma has no epsilon; every implementation adds
one under the square root, so that a constant row normalises to zeros instead of 0 / 0. The gain
g and the bias b hold one entry per hidden unit, shared by every token.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.category import Endomorphism
from tiny_ml.domain import Matrix
from tiny_ml.errors import EmptyInputError, InvalidScalarError, ShapeMismatchError


def _require_finite(name: str, values: tuple[float, ...]) -> None:
    """Refuse an empty tuple or any entry that is not a finite number."""
    if len(values) == 0:
        raise EmptyInputError(name)
    for v in values:
        if not math.isfinite(v):
            raise InvalidScalarError(f"every entry of {name}", v, "finite")


@dataclass(frozen=True)
class Features:
    """The summed inputs a_1..a_H of one layer for one case (one token): H finite floats."""

    values: tuple[float, ...]

    def __post_init__(self) -> None:
        _require_finite("Features", self.values)


@dataclass(frozen=True)
class Hidden:
    """A sequence of tokens, each one case's Features, all of the same width H."""

    tokens: tuple[Features, ...]

    def __post_init__(self) -> None:
        if len(self.tokens) == 0:
            raise EmptyInputError("Hidden")
        width = len(self.tokens[0].values)
        for position, token in enumerate(self.tokens):
            if len(token.values) != width:
                raise ShapeMismatchError(f"Hidden token {position}", (width,), (len(token.values),))

    @property
    def rows(self) -> Matrix:
        """The tokens' features as plain rows, one per token."""
        return tuple(token.values for token in self.tokens)


@dataclass(frozen=True)
class LayerNormEpsilon:
    """Added to sigma^2 under the square root, so a constant row never divides by 0: > 0."""

    value: float = 1e-5

    def __post_init__(self) -> None:
        if not (math.isfinite(self.value) and self.value > 0.0):
            raise InvalidScalarError("LayerNormEpsilon", self.value, "finite and > 0")


@dataclass(frozen=True)
class Gain:
    """g: one learned factor per hidden unit, the same for every token."""

    values: tuple[float, ...]

    def __post_init__(self) -> None:
        _require_finite("Gain", self.values)


@dataclass(frozen=True)
class Bias:
    """b: one learned offset per hidden unit, the same for every token."""

    values: tuple[float, ...]

    def __post_init__(self) -> None:
        _require_finite("Bias", self.values)


@dataclass(frozen=True)
class LayerStatistics:
    """mu and sigma^2 of equation 3, taken over the H features of one case."""

    mean: float
    variance: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.mean) and math.isfinite(self.variance)):
            raise InvalidScalarError("LayerStatistics", (self.mean, self.variance), "finite")
        if self.variance < 0.0:
            raise InvalidScalarError("LayerStatistics.variance", self.variance, ">= 0")


def layer_statistics(features: Features) -> LayerStatistics:
    """Equation 3: the mean and the (biased) variance of one case's features."""
    a = features.values
    mean = math.fsum(a) / len(a)
    variance = math.fsum((a_i - mean) ** 2 for a_i in a) / len(a)
    return LayerStatistics(mean, variance)


@dataclass(frozen=True)
class LayerNorm:
    """Hidden -> Hidden: each token normalised by its own statistics, then g and b per unit."""

    gain: Gain
    bias: Bias
    epsilon: LayerNormEpsilon = LayerNormEpsilon()
    name: str = "layer_norm"

    def __post_init__(self) -> None:
        if len(self.bias.values) != len(self.gain.values):
            raise ShapeMismatchError(
                "LayerNorm bias", (len(self.gain.values),), (len(self.bias.values),)
            )

    def normalise(self, token: Features, statistics: LayerStatistics) -> Features:
        """Equation 4 for one token; a token of another width than g is a ShapeMismatchError."""
        units = len(self.gain.values)
        if len(token.values) != units:
            raise ShapeMismatchError("LayerNorm token", (units,), (len(token.values),))
        sigma = math.sqrt(statistics.variance + self.epsilon.value)
        return Features(
            tuple(
                g * (a - statistics.mean) / sigma + b
                for a, g, b in zip(token.values, self.gain.values, self.bias.values, strict=True)
            )
        )

    def apply(self, hidden: Hidden, /) -> Hidden:
        """Every token through equation 4, with the statistics of equation 3."""
        return Hidden(
            tuple(self.normalise(token, layer_statistics(token)) for token in hidden.tokens)
        )


# --- checks: do not edit below this line ---

import pytest  # noqa: E402
from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _hidden(*rows: tuple[float, ...]) -> Hidden:
    return Hidden(tuple(Features(row) for row in rows))


def _plain(width: int, epsilon: float = 1e-5) -> LayerNorm:
    """g = 1 and b = 0 for every unit: the normalisation alone."""
    return LayerNorm(Gain((1.0,) * width), Bias((0.0,) * width), LayerNormEpsilon(epsilon))


def _mean_and_variance(row: tuple[float, ...]) -> tuple[float, float]:
    mean = math.fsum(row) / len(row)
    return mean, math.fsum((x - mean) ** 2 for x in row) / len(row)


def test_equation_3_takes_the_mean_and_the_biased_variance_of_one_case() -> None:
    stats = layer_statistics(Features((2.0, 4.0, 6.0)))
    # mu = (2 + 4 + 6) / 3 = 4; sigma^2 = (4 + 0 + 4) / 3 = 8/3 (dividing by H - 1 would give 4)
    assert stats.mean == pytest.approx(4.0), f"mu of (2, 4, 6) is 4, got {stats.mean}"
    assert stats.variance == pytest.approx(8.0 / 3.0), (
        f"sigma^2 of (2, 4, 6) is (4 + 0 + 4) / 3 = 2.6666667 (divide by H), got {stats.variance}"
    )
    other = layer_statistics(Features((1.0, 2.0, 3.0, 4.0)))
    # mu = 10 / 4 = 2.5; sigma^2 = (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25
    assert (other.mean, other.variance) == pytest.approx((2.5, 1.25))


def test_each_token_is_normalised_with_its_own_statistics() -> None:
    out = _plain(4).apply(_hidden((1.0, 2.0, 3.0, 4.0), (10.0, 20.0, 30.0, 40.0)))
    # token 0: (a - 2.5) / sqrt(1.25 + 1e-5) = (-1.5, -0.5, 0.5, 1.5) / 1.1180385
    # token 1 is token 0 times 10: the same row, up to epsilon's share (1e-5 against sigma^2 125)
    expected = (-1.3416354, -0.4472118, 0.4472118, 1.3416354)
    for position, row in enumerate(out.rows):
        assert row == pytest.approx(expected, abs=1e-5), (
            f"token {position} normalises to {row}, expected {expected}: layer norm takes mu and "
            "sigma over each token's own features, not over the whole batch"
        )
        mean, variance = _mean_and_variance(row)
        assert mean == pytest.approx(0.0, abs=1e-9), f"row {position} has mean {mean}, not 0"
        assert variance == pytest.approx(1.0, abs=1e-4), f"row {position} has variance {variance}"


def test_a_single_token_needs_no_batch() -> None:
    out = _plain(3).apply(_hidden((2.0, 4.0, 6.0)))
    # (2, 4, 6): mu 4, sigma^2 8/3, so +-2 / sqrt(8/3 + 1e-5) = +-1.2247426
    assert out.rows[0] == pytest.approx((-1.2247426, 0.0, 1.2247426), abs=1e-6), (
        f"one token (2, 4, 6) normalises to about (-1.22, 0, 1.22), got {out.rows[0]}"
    )


def test_equation_4_applies_the_gain_and_the_bias_of_each_unit() -> None:
    norm = LayerNorm(Gain((1.0, 2.0, 0.5)), Bias((0.0, 1.0, -1.0)), LayerNormEpsilon(1e-9))
    out = norm.apply(_hidden((2.0, 4.0, 6.0), (6.0, 4.0, 2.0))).rows
    # normalised (-1.2247449, 0, 1.2247449); times g = (1, 2, 0.5), plus b = (0, 1, -1):
    # (-1.2247449, 0 + 1, 0.6123724 - 1) = (-1.2247449, 1.0, -0.3876276)
    assert out[0] == pytest.approx((-1.2247449, 1.0, -0.3876276), abs=1e-6), (
        f"h_i = g_i * (a_i - mu) / sigma + b_i gives (-1.2247449, 1.0, -0.3876276), got {out[0]}"
    )
    # the reversed token normalises to (1.2247449, 0, -1.2247449): (1.2247449, 1.0, -1.6123724)
    assert out[1] == pytest.approx((1.2247449, 1.0, -1.6123724), abs=1e-6)


def test_epsilon_goes_under_the_square_root() -> None:
    out = _plain(2, epsilon=1.0).apply(_hidden((1.0, 3.0))).rows[0]
    # mu 2, sigma^2 1: (-1, 1) / sqrt(1 + 1) = (-0.7071068, 0.7071068); outside the root: +-0.5
    assert out == pytest.approx((-0.7071068, 0.7071068), abs=1e-6), (
        f"with epsilon 1 the row (1, 3) gives +-1 / sqrt(1 + 1) = +-0.7071068, got {out}"
    )


def test_a_constant_row_becomes_zeros_not_a_division_by_zero() -> None:
    assert _plain(2).apply(_hidden((3.0, 3.0))).rows == ((0.0, 0.0),)


def test_widths_must_agree() -> None:
    with pytest.raises(ShapeMismatchError):
        LayerNorm(Gain((1.0, 1.0)), Bias((0.0, 0.0, 0.0)))
    with pytest.raises(ShapeMismatchError):
        _plain(2).apply(_hidden((1.0, 2.0, 3.0)))
    for bad in (0.0, -1e-5, math.inf, math.nan):
        with pytest.raises(InvalidScalarError):
            LayerNormEpsilon(bad)


_FEATURES = st.lists(st.floats(-10.0, 10.0), min_size=2, max_size=6)


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(
    data=st.data(),
    features=_FEATURES,
    shift=st.floats(-100.0, 100.0),
    scale=st.floats(0.1, 10.0),
)
def test_shifting_or_scaling_one_row_leaves_every_output_unchanged(
    data: st.DataObject, features: list[float], shift: float, scale: float
) -> None:
    width = len(features)
    other = data.draw(st.lists(st.floats(-10.0, 10.0), min_size=width, max_size=width))
    for row in (features, other):
        assume(_mean_and_variance(tuple(row))[1] > 0.1)
    norm: Endomorphism[Hidden] = _plain(width, epsilon=1e-9)
    before = norm.apply(_hidden(tuple(features), tuple(other))).rows
    moved = tuple(scale * x + shift for x in features)
    after = norm.apply(_hidden(moved, tuple(other))).rows
    for position in range(2):
        assert after[position] == pytest.approx(before[position], abs=1e-5), (
            f"row 0 times {scale} plus {shift} changed output row {position}: layer norm must "
            "ignore each row's own shift and scale (section 5.1), and one row must not affect another"
        )


def _must_stay_rejected(norm: LayerNorm, hidden: Hidden, gain: Gain, bias: Bias) -> None:
    layer_statistics(hidden.rows[0])  # type: ignore[arg-type]
    LayerNorm(bias, gain)  # type: ignore[arg-type]
    LayerNorm(gain, bias, 1e-5)  # type: ignore[arg-type]
    norm.apply(hidden.rows)  # type: ignore[arg-type]
    _rows: Matrix = norm.apply(hidden)  # type: ignore[assignment]
