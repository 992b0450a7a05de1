"""Shortcut: weigh tiny_ml's finished hard CrossEntropy of every class by the target's mass."""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.domain import Distribution, Loss, Product, TokenId, VocabSize
from tiny_ml.errors import InvalidScalarError, OutOfRangeError, ShapeMismatchError
from tiny_ml.ml import CrossEntropy

PROBABILITY_FLOOR = 1e-9
"""The smallest p(k) the loss takes the log of: a prediction of exactly 0 costs -log(1e-9)."""


@dataclass(frozen=True)
class SmoothingRate:
    """epsilon in [0, 1]: the share of the target's mass spread evenly over every class."""

    value: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.value) and 0.0 <= self.value <= 1.0):
            raise InvalidScalarError("SmoothingRate", self.value, "in [0, 1]")


def smooth(target: TokenId, rate: SmoothingRate, classes: VocabSize) -> Distribution:
    """q' for one example whose label is `target`; a label outside the K classes is an error."""
    k_classes = classes.value
    if target.index >= k_classes:
        raise OutOfRangeError("token id", target.index, k_classes)
    spread = rate.value / k_classes
    return Distribution(
        tuple(
            (1.0 - rate.value) * (1.0 if k == target.index else 0.0) + spread
            for k in range(k_classes)
        )
    )


def cross_entropy(target: Distribution, prediction: Distribution) -> Loss:
    """H(q', p): how many nats the prediction p costs against the target distribution q'."""
    if len(prediction) != len(target):
        raise ShapeMismatchError("cross_entropy prediction", (len(target),), (len(prediction),))
    hard = CrossEntropy()
    return Loss(
        math.fsum(
            q * hard.apply(Product(prediction, TokenId(k))).value
            for k, q in enumerate(target.probabilities)
            if q > 0.0
        )
    )


# --- checks: do not edit below this line ---

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FOUR = VocabSize(4)
PREDICTION = Distribution((0.1, 0.2, 0.6, 0.1))


def test_the_smoothed_target_of_the_paper() -> None:
    q = smooth(TokenId(2), SmoothingRate(0.1), FOUR)
    assert isinstance(q, Distribution)
    # epsilon / K = 0.1 / 4 = 0.025 everywhere, plus 1 - 0.1 = 0.9 on the label: 0.925
    assert q.probabilities == pytest.approx((0.025, 0.025, 0.925, 0.025), abs=1e-12), (
        f"q' = 0.9 * one_hot(2) + 0.1 / 4 = (0.025, 0.025, 0.925, 0.025), got {q.probabilities}"
    )


def test_no_smoothing_is_the_one_hot_target_and_full_smoothing_is_uniform() -> None:
    assert smooth(TokenId(2), SmoothingRate(0.0), FOUR).probabilities == (0.0, 0.0, 1.0, 0.0)
    uniform = smooth(TokenId(2), SmoothingRate(1.0), FOUR).probabilities
    assert uniform == pytest.approx((0.25, 0.25, 0.25, 0.25)), (
        f"epsilon = 1 leaves only the uniform part, 1 / 4 each, got {uniform}"
    )


def test_the_loss_against_the_smoothed_target() -> None:
    loss = cross_entropy(smooth(TokenId(2), SmoothingRate(0.1), FOUR), PREDICTION)
    # 0.025 * -log 0.1 * 2 + 0.025 * -log 0.2 + 0.925 * -log 0.6
    # = 0.1151293 + 0.0402359 + 0.4725137 = 0.6278789
    assert loss.value == pytest.approx(0.6278789, abs=1e-7), (
        f"H(q', p) for p = (0.1, 0.2, 0.6, 0.1) is 0.6278789, got {loss.value} "
        "(0.5108256 means the loss still reads only the label)"
    )


def test_without_smoothing_the_loss_is_the_hard_cross_entropy() -> None:
    loss = cross_entropy(smooth(TokenId(2), SmoothingRate(0.0), FOUR), PREDICTION)
    # only the label's term is left: -log 0.6 = 0.5108256
    assert loss.value == pytest.approx(0.5108256, abs=1e-7), (
        f"-log 0.6 = 0.5108256, got {loss.value}"
    )


def test_a_uniform_prediction_costs_log_k_whatever_epsilon() -> None:
    uniform = Distribution((0.25, 0.25, 0.25, 0.25))
    for epsilon in (0.0, 0.1, 0.5, 1.0):
        loss = cross_entropy(smooth(TokenId(2), SmoothingRate(epsilon), FOUR), uniform)
        # every term is q'(k) * -log(1/4), and the q'(k) sum to 1: log 4 = 1.3862944
        assert loss.value == pytest.approx(1.3862944, abs=1e-7), (
            f"at epsilon {epsilon} a uniform prediction costs log 4 = 1.3862944, got {loss.value}"
        )


def test_a_certain_prediction_is_free_only_without_smoothing() -> None:
    certain = Distribution((0.0, 0.0, 1.0, 0.0))
    hard = cross_entropy(smooth(TokenId(2), SmoothingRate(0.0), FOUR), certain)
    assert hard.value == 0.0, f"0 * log 0 counts as 0, so the one-hot loss is 0, got {hard.value}"
    soft = cross_entropy(smooth(TokenId(2), SmoothingRate(0.1), FOUR), certain)
    # three classes of mass 0.025 meet p = 0, floored at 1e-9: 0.075 * log(1e9) = 1.5542449
    assert soft.value == pytest.approx(1.5542449, abs=1e-6), (
        f"smoothing makes total certainty cost 0.075 * -log(1e-9) = 1.5542449, got {soft.value}"
    )


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(
    weights=st.lists(st.floats(0.01, 1.0), min_size=2, max_size=6),
    epsilon=st.floats(0.0, 1.0),
    data=st.data(),
)
def test_the_loss_mixes_the_hard_and_the_uniform_losses(
    weights: list[float], epsilon: float, data: st.DataObject
) -> None:
    k = len(weights)
    label = TokenId(data.draw(st.integers(0, k - 1), label="label"))
    total = math.fsum(weights)
    p = Distribution(tuple(w / total for w in weights))
    rate = SmoothingRate(epsilon)
    smoothed = cross_entropy(smooth(label, rate, VocabSize(k)), p).value
    hard = cross_entropy(smooth(label, SmoothingRate(0.0), VocabSize(k)), p).value
    uniform = cross_entropy(Distribution(tuple(1.0 / k for _ in range(k))), p).value
    # section 7: H(q', p) = (1 - epsilon) H(q, p) + epsilon H(u, p)
    assert smoothed == pytest.approx((1.0 - epsilon) * hard + epsilon * uniform, abs=1e-9), (
        f"H(q', p) = {smoothed} is not (1 - {epsilon}) * {hard} + {epsilon} * {uniform}"
    )


def test_a_label_outside_the_classes_and_a_prediction_of_another_size_are_refused() -> None:
    with pytest.raises(OutOfRangeError):
        smooth(TokenId(4), SmoothingRate(0.1), FOUR)
    with pytest.raises(ShapeMismatchError):
        cross_entropy(smooth(TokenId(0), SmoothingRate(0.1), FOUR), Distribution((0.5, 0.5)))
    for bad in (-0.1, 1.5, math.nan):
        with pytest.raises(InvalidScalarError):
            SmoothingRate(bad)


def _must_stay_rejected(rate: SmoothingRate, target: Distribution) -> None:
    smooth(2, rate, FOUR)  # type: ignore[arg-type]
    smooth(TokenId(2), 0.1, FOUR)  # type: ignore[arg-type]
    smooth(TokenId(2), rate, 4)  # type: ignore[arg-type]
    _q: tuple[float, ...] = smooth(TokenId(2), rate, FOUR)  # type: ignore[assignment]
    cross_entropy(TokenId(2), PREDICTION)  # type: ignore[arg-type]
    _loss: float = cross_entropy(target, PREDICTION)  # type: ignore[assignment]
