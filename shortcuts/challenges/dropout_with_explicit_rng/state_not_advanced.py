"""Shortcut: draw from the given state but return that same state, not the one after the draws."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Literal

from tiny_ml.errors import InvalidScalarError

Mode = Literal["train", "eval"]
"""Dropout's two regimes: drop and rescale while training, pass everything through at inference."""


@dataclass(frozen=True)
class Activations:
    """The outputs a_1..a_n of one layer: finite floats."""

    values: tuple[float, ...]

    def __post_init__(self) -> None:
        for v in self.values:
            if not math.isfinite(v):
                raise InvalidScalarError("every entry of Activations", v, "finite")


@dataclass(frozen=True)
class DropoutRate:
    """p, the probability of dropping a unit, in [0, 1): at 1 nothing survives to rescale."""

    value: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.value) and 0.0 <= self.value < 1.0):
            raise InvalidScalarError("DropoutRate", self.value, "in [0, 1)")


@dataclass(frozen=True)
class RngState:
    """Where a random.Random generator stands: the same state always yields the same draws."""

    internal: tuple[object, ...] = field(repr=False)

    @classmethod
    def seeded(cls, seed: int) -> RngState:
        """The state random.Random(seed) starts from."""
        return cls(random.Random(seed).getstate())

    def uniforms(self, count: int) -> tuple[tuple[float, ...], RngState]:
        """The next `count` numbers in [0, 1) and the state after them; this state is unchanged."""
        generator = random.Random()
        generator.setstate(self.internal)
        draws = tuple(generator.random() for _ in range(count))
        return draws, RngState(generator.getstate())


def dropout(
    x: Activations, rate: DropoutRate, rng: RngState, mode: Mode
) -> tuple[Activations, RngState]:
    """Training: drop each unit with probability p and rescale the rest. Eval: the identity."""
    if mode == "eval":
        return x, rng
    draws, after = rng.uniforms(len(x.values))
    scale = 1.0 / (1.0 - rate.value)
    kept = tuple(0.0 if u < rate.value else a * scale for a, u in zip(x.values, draws, strict=True))
    return Activations(kept), rng


# --- checks: do not edit below this line ---

import pytest  # noqa: E402

ONES = Activations((1.0, 1.0, 1.0, 1.0))
HALF = DropoutRate(0.5)


def test_a_seeded_state_drops_the_units_its_draws_say() -> None:
    out, after = dropout(ONES, HALF, RngState.seeded(0), "train")
    # random.Random(0) draws 0.8444, 0.7580, 0.4206, 0.2589: units 2 and 3 fall below p = 0.5
    # and are dropped; units 0 and 1 are kept as 1 / (1 - 0.5) = 2
    assert out.values == (2.0, 2.0, 0.0, 0.0), (
        f"with Random(0) and p = 0.5 the outputs are (2, 2, 0, 0), got {out.values}"
    )
    again, _ = dropout(ONES, HALF, after, "train")
    # the next draws are 0.5113, 0.4049, 0.7838, 0.3033: units 1 and 3 are dropped
    assert again.values == (2.0, 0.0, 2.0, 0.0), (
        f"the returned state continues the stream: expected (2, 0, 2, 0), got {again.values}"
    )


def test_the_same_state_drops_the_same_units() -> None:
    state = RngState.seeded(7)
    x = Activations(tuple(float(i) for i in range(1, 9)))
    first = dropout(x, HALF, state, "train")
    second = dropout(x, HALF, state, "train")
    assert first == second, "one state, one mask: dropout must draw only from the state it is given"
    assert first[1] != state, "a training pass draws, so the state it returns has moved on"


def test_the_kept_units_are_divided_by_one_minus_p() -> None:
    out, _ = dropout(
        Activations((7.0, 7.0, 7.0, 7.0)), DropoutRate(0.3), RngState.seeded(0), "train"
    )
    # draws 0.8444, 0.7580, 0.4206, 0.2589: only the last is below 0.3; 7 / (1 - 0.3) = 10
    assert out.values == pytest.approx((10.0, 10.0, 10.0, 0.0)), (
        f"kept units are a / (1 - p) = 7 / 0.7 = 10: expected (10, 10, 10, 0), got {out.values}"
    )


def test_eval_mode_is_the_identity_and_draws_nothing() -> None:
    state = RngState.seeded(0)
    x = Activations((1.5, -2.0, 3.0))
    out, after = dropout(x, HALF, state, "eval")
    assert out == x, f"at inference every unit is kept as it is, got {out.values}"
    assert after == state, "eval draws nothing, so it hands back the state it was given"


def test_a_rate_of_zero_keeps_everything_while_training() -> None:
    x = Activations((1.5, -2.0, 3.0))
    out, _ = dropout(x, DropoutRate(0.0), RngState.seeded(3), "train")
    assert out == x, f"p = 0 drops nothing and divides by 1 - 0 = 1, got {out.values}"


def test_the_expected_output_equals_the_input() -> None:
    out, _ = dropout(Activations((1.0,) * 10_000), HALF, RngState.seeded(1), "train")
    mean = math.fsum(out.values) / len(out.values)
    # each unit is 2 with probability 1/2 and 0 otherwise: expectation 1; 10,000 draws put the
    # mean within 0.01 of it about two times in three and within 0.02 nineteen times in twenty
    assert mean == pytest.approx(1.0, rel=0.02), (
        f"inverted dropout keeps the mean activation at 1, got {mean} (0.5 means no 1 / (1 - p))"
    )


def test_dropout_leaves_the_global_random_stream_alone() -> None:
    random.seed(5)
    expected = random.random()
    random.seed(5)
    dropout(ONES, HALF, RngState.seeded(0), "train")
    assert random.random() == expected, "dropout drew from the global random module"


def test_a_rate_outside_zero_to_one_is_refused() -> None:
    for bad in (1.0, -0.1, math.nan):
        with pytest.raises(InvalidScalarError):
            DropoutRate(bad)


def _must_stay_rejected(x: Activations, rate: DropoutRate, rng: RngState) -> None:
    dropout(x, rate, rng, True)  # type: ignore[arg-type]
    dropout(x, rate, rng, "test")  # type: ignore[arg-type]
    dropout(x, 0.5, rng, "train")  # type: ignore[arg-type]
    dropout(x, rate, 0, "train")  # type: ignore[arg-type]
    _out: Activations = dropout(x, rate, rng, "train")  # type: ignore[assignment]
