"""Shortcut: divide by the RMS and leave the gain out."""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.domain import Matrix
from tiny_ml.errors import EmptyInputError, InvalidScalarError, ShapeMismatchError


def _check_finite(name: str, values: tuple[float, ...]) -> None:
    for v in values:
        if not math.isfinite(v):
            raise InvalidScalarError(f"every entry of {name}", v, "finite")


@dataclass(frozen=True)
class Hidden:
    """One row per token, each d features wide: non-empty, rectangular and finite."""

    rows: Matrix

    def __post_init__(self) -> None:
        if len(self.rows) == 0 or len(self.rows[0]) == 0:
            raise EmptyInputError("Hidden")
        for position, row in enumerate(self.rows):
            if len(row) != len(self.rows[0]):
                raise ShapeMismatchError(
                    f"Hidden row {position}", (len(self.rows[0]),), (len(row),)
                )
            _check_finite("Hidden", row)


@dataclass(frozen=True)
class Gain:
    """g in eq. (4): one learned scale per feature, applied after normalising. There is no bias."""

    values: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.values) == 0:
            raise EmptyInputError("Gain")
        _check_finite("Gain", self.values)


@dataclass(frozen=True)
class RMSNormEpsilon:
    """Added under the square root, so an all-zero token never divides by zero: finite and > 0."""

    value: float = 1e-6

    def __post_init__(self) -> None:
        if not (math.isfinite(self.value) and self.value > 0.0):
            raise InvalidScalarError("RMSNormEpsilon", self.value, "finite and > 0")


def root_mean_square(features: tuple[float, ...], epsilon: RMSNormEpsilon) -> float:
    """RMS(a) = sqrt((1/n) sum_i a_i^2), with epsilon added under the root."""
    return math.sqrt(math.fsum(a * a for a in features) / len(features) + epsilon.value)


def rms_normalise(
    features: tuple[float, ...], gain: Gain, epsilon: RMSNormEpsilon
) -> tuple[float, ...]:
    """Eq. (4) for one token: every feature divided by the token's RMS, times its gain."""
    rms = root_mean_square(features, epsilon)
    return tuple(a / rms for a in features)


@dataclass(frozen=True)
class RMSNorm:
    """Hidden -> Hidden: every token's row normalised on its own, then scaled by the gain."""

    gain: Gain
    epsilon: RMSNormEpsilon = RMSNormEpsilon()
    name: str = "rms_norm"

    def apply(self, hidden: Hidden, /) -> Hidden:
        """Normalise each token (row) with its own statistics."""
        width = len(hidden.rows[0])
        if len(self.gain.values) != width:
            raise ShapeMismatchError("RMSNorm gain", (width,), (len(self.gain.values),))
        return Hidden(tuple(rms_normalise(row, self.gain, self.epsilon) for row in hidden.rows))


# --- checks: do not edit below this line ---

import pytest  # noqa: E402
from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tiny_ml.category import Endomorphism  # noqa: E402

UNIT_GAIN = Gain((1.0, 1.0, 1.0, 1.0))
TINY = RMSNormEpsilon(1e-12)
ONE_TO_FOUR = (0.36514837, 0.73029674, 1.09544512, 1.46059349)


def _one_token(row: tuple[float, ...], gain: Gain = UNIT_GAIN) -> tuple[float, ...]:
    return RMSNorm(gain, TINY).apply(Hidden((row,))).rows[0]


def test_the_root_mean_square_of_one_to_four() -> None:
    # (1 + 4 + 9 + 16) / 4 = 7.5 and sqrt(7.5) = 2.7386128
    rms = root_mean_square((1.0, 2.0, 3.0, 4.0), TINY)
    assert rms == pytest.approx(2.7386128, abs=1e-7), (
        f"RMS(1, 2, 3, 4) = sqrt(30 / 4) = 2.7386128, got {rms}"
    )


def test_one_to_four_is_divided_by_its_rms() -> None:
    # (1, 2, 3, 4) / 2.7386128 = (0.36514837, 0.73029674, 1.09544512, 1.46059349)
    out = _one_token((1.0, 2.0, 3.0, 4.0))
    assert out == pytest.approx(ONE_TO_FOUR, abs=1e-8), (
        f"eq. (4) with unit gain divides (1, 2, 3, 4) by its RMS 2.7386128, got {out}"
    )
    mean = math.fsum(out) / 4
    assert mean == pytest.approx(0.91287093, abs=1e-8), (
        f"the output keeps its offset, mean 2.5 / 2.7386128 = 0.91287093 (not 0), got {mean}"
    )


def test_scaling_a_token_changes_nothing() -> None:
    # (2, 4, 6, 8) has RMS 2 * 2.7386128: the same output
    assert _one_token((2.0, 4.0, 6.0, 8.0)) == pytest.approx(ONE_TO_FOUR, abs=1e-8), (
        "RMSNorm is invariant to re-scaling: twice the token gives the same output"
    )


def test_shifting_a_token_changes_its_output() -> None:
    # (11, 12, 13, 14): mean square 630 / 4 = 157.5, RMS 12.5499004, so
    # (0.87650098, 0.95618289, 1.03586479, 1.11554670): no re-centring, unlike LayerNorm
    out = _one_token((11.0, 12.0, 13.0, 14.0))
    assert out == pytest.approx((0.87650098, 0.95618289, 1.03586479, 1.11554670), abs=1e-8), (
        f"RMSNorm does not subtract the mean: (1, 2, 3, 4) + 10 normalises differently, got {out}"
    )


def test_the_gain_scales_each_feature() -> None:
    # (0.36514837, 0.73029674, 1.09544512, 1.46059349) times (1, 0.5, 2, 0)
    out = _one_token((1.0, 2.0, 3.0, 4.0), Gain((1.0, 0.5, 2.0, 0.0)))
    assert out == pytest.approx((0.36514837, 0.36514837, 2.19089023, 0.0), abs=1e-8), (
        f"the gain g_i multiplies feature i after normalising, got {out}"
    )


def test_every_token_is_normalised_on_its_own() -> None:
    rows = ((1.0, 2.0, 3.0, 4.0), (10.0, 20.0, 30.0, 40.0), (0.0, 0.0, 0.0, 9.0))
    out = RMSNorm(UNIT_GAIN, TINY).apply(Hidden(rows)).rows
    assert out[0] == pytest.approx(ONE_TO_FOUR, abs=1e-8)
    assert out[1] == pytest.approx(ONE_TO_FOUR, abs=1e-8), "token 1 is ten times token 0"
    # (0, 0, 0, 9) has RMS sqrt(81 / 4) = 4.5
    assert out[2] == pytest.approx((0.0, 0.0, 0.0, 2.0), abs=1e-8)


def test_a_zero_token_becomes_zeros_not_a_division_by_zero() -> None:
    assert RMSNorm(UNIT_GAIN).apply(Hidden(((0.0, 0.0, 0.0, 0.0),))).rows == ((0.0,) * 4,)


def test_a_gain_of_the_wrong_width_is_a_shape_mismatch() -> None:
    with pytest.raises(ShapeMismatchError):
        RMSNorm(Gain((1.0, 1.0, 1.0))).apply(Hidden(((1.0, 2.0, 3.0, 4.0),)))


def test_epsilon_must_be_finite_and_positive() -> None:
    for bad in (0.0, -1e-6, math.inf, math.nan):
        with pytest.raises(InvalidScalarError):
            RMSNormEpsilon(bad)


def test_rms_norm_is_an_endomorphism_on_hidden() -> None:
    norm: Endomorphism[Hidden] = RMSNorm(Gain((1.0, 1.0)), TINY)
    # (3, 4): RMS sqrt(25 / 2) = 3.5355339, so (0.84852814, 1.13137085)
    assert norm.apply(Hidden(((3.0, 4.0),))).rows[0] == pytest.approx(
        (0.84852814, 1.13137085), abs=1e-8
    )


_FEATURES = st.lists(st.floats(-10.0, 10.0), min_size=2, max_size=6)


@settings(max_examples=60, derandomize=True, database=None, deadline=None)
@given(features=_FEATURES, scale=st.floats(0.1, 10.0))
def test_unit_gain_gives_root_mean_square_one_at_any_scale(
    features: list[float], scale: float
) -> None:
    row = tuple(features)
    assume(math.fsum(a * a for a in row) / len(row) > 0.01)
    gain = Gain((1.0,) * len(row))
    out = RMSNorm(gain, TINY).apply(Hidden((row, tuple(scale * a for a in row)))).rows
    for position, normalised in enumerate(out):
        mean_square = math.fsum(a * a for a in normalised) / len(normalised)
        assert mean_square == pytest.approx(1.0, abs=1e-6), (
            f"with unit gain every output row has RMS 1, row {position} has {math.sqrt(mean_square)}"
        )
    assert out[1] == pytest.approx(out[0], abs=1e-6), (
        f"a token times {scale} normalises to the same row: RMSNorm is re-scaling invariant"
    )


def _must_stay_rejected(norm: RMSNorm, hidden: Hidden) -> None:
    RMSNorm((1.0, 1.0))  # type: ignore[arg-type]
    RMSNorm(Gain((1.0,)), 1e-6)  # type: ignore[arg-type]
    norm.apply(hidden.rows)  # type: ignore[arg-type]
    _rows: Matrix = norm.apply(hidden)  # type: ignore[assignment]
