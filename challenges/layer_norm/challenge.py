"""layer_norm: normalise each token's own features, Hidden -> Hidden with a validated epsilon.

Ba, Kiros & Hinton (arXiv 1607.06450): layer normalization takes the mean and variance over
the hidden units of one example, not over the batch, so every token is normalised on its own.
Reducing over the wrong axis is still Hidden -> Hidden, so mypy cannot see it; the checks can.
`LayerNorm.apply` below normalises each column (one feature across the tokens): fix it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tiny_ml.category import Endomorphism
from tiny_ml.domain import Matrix
from tiny_ml.errors import EmptyInputError, InvalidScalarError, ShapeMismatchError


@dataclass(frozen=True)
class Hidden:
    """One row per token, each d features wide: non-empty, rectangular and finite."""

    rows: Matrix

    def __post_init__(self) -> None:
        if len(self.rows) == 0 or len(self.rows[0]) == 0:
            raise EmptyInputError("Hidden")
        copied = tuple(tuple(float(v) for v in row) for row in self.rows)
        for position, row in enumerate(copied):
            if len(row) != len(copied[0]):
                raise ShapeMismatchError(f"Hidden row {position}", (len(copied[0]),), (len(row),))
            for v in row:
                if not math.isfinite(v):
                    raise InvalidScalarError("every entry of Hidden", v, "finite")
        object.__setattr__(self, "rows", copied)


@dataclass(frozen=True)
class LayerNormEpsilon:
    """Added to the variance before the square root, so a constant row never divides by 0: > 0."""

    value: float = 1e-5

    def __post_init__(self) -> None:
        if not (math.isfinite(self.value) and self.value > 0.0):
            raise InvalidScalarError("LayerNormEpsilon", self.value, "finite and > 0")


def normalise(features: tuple[float, ...], epsilon: LayerNormEpsilon) -> tuple[float, ...]:
    """(x - mean) / sqrt(variance + epsilon), the variance divided by the count (biased)."""
    count = len(features)
    mean = math.fsum(features) / count
    variance = math.fsum((x - mean) ** 2 for x in features) / count
    scale = 1.0 / math.sqrt(variance + epsilon.value)
    return tuple((x - mean) * scale for x in features)


@dataclass(frozen=True)
class LayerNorm:
    """Hidden -> Hidden: each token's row to mean 0 and variance 1, whatever the other rows hold."""

    epsilon: LayerNormEpsilon = LayerNormEpsilon()
    name: str = "layer_norm"

    def apply(self, hidden: Hidden, /) -> Hidden:
        """Normalise each feature over the tokens, then put the rows back together."""
        # TODO: layer norm takes its statistics over one token's features (a row), not over
        # one feature across the tokens (a column): that is batch norm's axis.
        width = len(hidden.rows[0])
        columns = tuple(tuple(row[c] for row in hidden.rows) for c in range(width))
        normalised = tuple(normalise(column, self.epsilon) for column in columns)
        rows = range(len(hidden.rows))
        return Hidden(tuple(tuple(column[r] for column in normalised) for r in rows))


# --- checks: do not edit below this line ---


def _mean_and_variance(row: tuple[float, ...]) -> tuple[float, float]:
    mean = math.fsum(row) / len(row)
    return mean, math.fsum((x - mean) ** 2 for x in row) / len(row)


def test_each_row_has_mean_zero_and_variance_one() -> None:
    out = LayerNorm().apply(Hidden(((1.0, 2.0, 3.0, 4.0), (10.0, 20.0, 30.0, 40.0))))
    for position, row in enumerate(out.rows):
        mean, variance = _mean_and_variance(row)
        assert mean == pytest.approx(0.0, abs=1e-9), (
            f"row {position} has mean {mean}: layer norm centres each token's own features"
        )
        assert variance == pytest.approx(1.0, abs=1e-4), (
            f"row {position} has variance {variance}, not ~1: normalise a row over its own features"
        )


def test_a_single_token_is_normalised_on_its_own() -> None:
    out = LayerNorm().apply(Hidden(((2.0, 4.0, 6.0),)))
    assert out.rows[0] == pytest.approx((-1.2247, 0.0, 1.2247), abs=1e-4), (
        "one token needs no batch: its row (2, 4, 6) normalises to about (-1.22, 0, 1.22)"
    )


def test_a_constant_row_becomes_zeros_not_a_division_by_zero() -> None:
    assert LayerNorm().apply(Hidden(((3.0, 3.0),))).rows == ((0.0, 0.0),)


def test_epsilon_must_be_finite_and_positive() -> None:
    for bad in (0.0, -1e-5, math.inf, math.nan):
        with pytest.raises(InvalidScalarError):
            LayerNormEpsilon(bad)


def test_layer_norm_is_an_endomorphism_on_hidden() -> None:
    norm: Endomorphism[Hidden] = LayerNorm(LayerNormEpsilon(1e-6))
    assert norm.apply(Hidden(((1.0, 3.0),))).rows[0] == pytest.approx((-1.0, 1.0), abs=1e-5)


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
    norm = LayerNorm(LayerNormEpsilon(1e-9))
    before = norm.apply(Hidden((tuple(features), tuple(other)))).rows
    moved = tuple(scale * x + shift for x in features)
    after = norm.apply(Hidden((moved, tuple(other)))).rows
    for position in range(2):
        assert after[position] == pytest.approx(before[position], abs=1e-5), (
            f"row 0 times {scale} plus {shift} changed output row {position}: layer norm must "
            "ignore each row's own shift and scale, and one row must not affect another"
        )


def _must_stay_rejected(norm: LayerNorm, hidden: Hidden) -> None:
    LayerNorm(1e-5)  # expect-type-error[arg-type]
    norm.apply(hidden.rows)  # expect-type-error[arg-type]
    _rows: Matrix = norm.apply(hidden)  # expect-type-error[assignment]
