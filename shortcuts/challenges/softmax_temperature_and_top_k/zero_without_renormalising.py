"""Shortcut: zero the outcomes outside the top k and leave the kept mass as it was."""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.domain import Distribution, Logits
from tiny_ml.errors import InvalidScalarError


@dataclass(frozen=True)
class Temperature:
    """T in eq. (1): finite and > 0. Large T flattens the distribution, small T sharpens it."""

    value: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.value) and self.value > 0.0):
            raise InvalidScalarError("Temperature", self.value, "finite and > 0")


@dataclass(frozen=True)
class TopK:
    """How many of the most probable outcomes top-k sampling keeps: an int >= 1."""

    value: int

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or self.value < 1:
            raise InvalidScalarError("TopK", self.value, "an int >= 1")


def soften(logits: Logits, temperature: Temperature) -> Distribution:
    """Hinton et al. eq. (1): the softmax of z / T, with no overflow for large logits."""
    scaled = tuple(z / temperature.value for z in logits.values)
    largest = max(scaled)
    exps = tuple(math.exp(s - largest) for s in scaled)
    total = math.fsum(exps)
    return Distribution(tuple(e / total for e in exps))


def plain_softmax(logits: Logits) -> Distribution:
    """T = 1: the ordinary softmax, the distribution the model was trained to predict."""
    return soften(logits, Temperature(1.0))


def top_k(distribution: Distribution, k: TopK) -> Distribution:
    """Fan et al.'s top-k: keep the k most probable outcomes, zero the others, renormalise.

    Exactly k outcomes keep their mass, even where probabilities tie; a k larger than the
    number of outcomes is an InvalidScalarError.
    """
    probabilities = distribution.probabilities
    if k.value > len(probabilities):
        raise InvalidScalarError("TopK", k.value, f"<= {len(probabilities)}, the outcome count")
    ranked = sorted(range(len(probabilities)), key=lambda i: probabilities[i], reverse=True)
    kept = frozenset(ranked[: k.value])
    return Distribution(tuple(p if i in kept else 0.0 for i, p in enumerate(probabilities)))


def next_token_distribution(logits: Logits, temperature: Temperature, k: TopK) -> Distribution:
    """What a decoder samples from: soften the scores by T, then keep the k most likely."""
    return top_k(soften(logits, temperature), k)


# --- checks: do not edit below this line ---

import pytest  # noqa: E402
from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

LOGITS = Logits((1.0, 2.0, 3.0))


def _entropy(distribution: Distribution) -> float:
    return -math.fsum(p * math.log(p) for p in distribution.probabilities if p > 0.0)


def test_temperature_one_is_the_plain_softmax() -> None:
    # (e^1, e^2, e^3) / (e^1 + e^2 + e^3) = (0.09003057, 0.24472847, 0.66524096)
    softened = soften(LOGITS, Temperature(1.0)).probabilities
    assert softened == pytest.approx((0.09003057, 0.24472847, 0.66524096), abs=1e-8), (
        f"at T = 1, eq. (1) is the plain softmax of (1, 2, 3), got {softened}"
    )
    assert plain_softmax(LOGITS) == soften(LOGITS, Temperature(1.0))


def test_temperature_two_softens_and_one_half_sharpens() -> None:
    # T = 2 divides the logits to (0.5, 1, 1.5): (0.18632372, 0.30719589, 0.50648039)
    # T = 0.5 divides them to (2, 4, 6): (0.01587624, 0.11731043, 0.86681333)
    hot = soften(LOGITS, Temperature(2.0)).probabilities
    assert hot == pytest.approx((0.18632372, 0.30719589, 0.50648039), abs=1e-8), (
        f"T = 2 divides the logits by 2 and softens the distribution, got {hot}"
    )
    cold = soften(LOGITS, Temperature(0.5)).probabilities
    assert cold == pytest.approx((0.01587624, 0.11731043, 0.86681333), abs=1e-8), (
        f"T = 0.5 divides the logits by 0.5 and sharpens the distribution, got {cold}"
    )


def test_entropy_rises_with_the_temperature() -> None:
    # in nats: T 0.5 -> 0.44105744, T 1 -> 0.83239558, T 2 -> 1.02019134
    entropies = [_entropy(soften(LOGITS, Temperature(t))) for t in (0.5, 1.0, 2.0)]
    assert entropies == pytest.approx([0.44105744, 0.83239558, 1.02019134], abs=1e-8), (
        f"the entropies at T = 0.5, 1, 2 must be 0.441 < 0.832 < 1.020, got {entropies}"
    )


def test_large_logits_do_not_overflow() -> None:
    # T = 0.5 makes (1000, 1001) into (2000, 2002): (1, e^2) / (1 + e^2) = (0.11920292, 0.88079708)
    softened = soften(Logits((1000.0, 1001.0)), Temperature(0.5)).probabilities
    assert softened == pytest.approx((0.11920292, 0.88079708), abs=1e-8)


_LOGIT_LISTS = st.lists(st.floats(-10.0, 10.0), min_size=2, max_size=6, unique=True)


@settings(max_examples=80, derandomize=True, database=None, deadline=None)
@given(_LOGIT_LISTS, st.floats(0.1, 10.0), st.floats(0.1, 10.0))
def test_the_argmax_never_moves_and_the_entropy_never_falls(
    values: list[float], first: float, second: float
) -> None:
    ordered = sorted(values)
    assume(ordered[-1] - ordered[-2] > 1e-3)
    low, high = sorted((first, second))
    cold = soften(Logits(tuple(values)), Temperature(low))
    hot = soften(Logits(tuple(values)), Temperature(high))
    best = values.index(max(values))
    for distribution in (cold, hot):
        probabilities = distribution.probabilities
        assert probabilities.index(max(probabilities)) == best, (
            "dividing every logit by the same T > 0 keeps their order: the argmax stays put"
        )
    assert _entropy(cold) <= _entropy(hot) + 1e-9, (
        f"a higher temperature never lowers the entropy: T {low} gave {_entropy(cold)}, "
        f"T {high} gave {_entropy(hot)}"
    )


def test_top_two_keeps_the_two_likeliest_renormalised() -> None:
    # drop 0.09003057; 0.24472847 / 0.90996943 and 0.66524096 / 0.90996943 = 0.26894142, 0.73105858
    kept = top_k(plain_softmax(LOGITS), TopK(2)).probabilities
    assert kept == pytest.approx((0.0, 0.26894142, 0.73105858), abs=1e-8), (
        f"top-2 of (0.090, 0.245, 0.665) zeroes the smallest and renormalises, got {kept}"
    )
    assert next_token_distribution(LOGITS, Temperature(1.0), TopK(2)).probabilities == kept


def test_top_k_keeps_exactly_k_outcomes_even_on_ties() -> None:
    kept = top_k(Distribution((0.25, 0.25, 0.25, 0.25)), TopK(2)).probabilities
    nonzero = [p for p in kept if p > 0.0]
    assert len(nonzero) == 2, f"top-2 of four equal outcomes keeps exactly two, got {kept}"
    assert nonzero == pytest.approx([0.5, 0.5]), "the two kept outcomes share the mass equally"


def test_top_k_over_every_outcome_changes_nothing() -> None:
    whole = top_k(plain_softmax(LOGITS), TopK(3)).probabilities
    assert whole == pytest.approx(plain_softmax(LOGITS).probabilities, abs=1e-12)


@settings(max_examples=80, derandomize=True, database=None, deadline=None)
@given(_LOGIT_LISTS, st.data())
def test_top_k_keeps_the_k_largest_in_proportion(values: list[float], data: st.DataObject) -> None:
    k = data.draw(st.integers(1, len(values)))
    before = plain_softmax(Logits(tuple(values))).probabilities
    after = top_k(Distribution(before), TopK(k)).probabilities
    kept = [i for i, p in enumerate(after) if p > 0.0]
    dropped = [i for i, p in enumerate(after) if p == 0.0]
    assert len(kept) == k, f"top-{k} must keep exactly {k} outcomes, kept {len(kept)}"
    if dropped:
        assert min(before[i] for i in kept) >= max(before[i] for i in dropped), (
            "top-k keeps the most probable outcomes"
        )
    total = math.fsum(before[i] for i in kept)
    for i in kept:
        assert after[i] == pytest.approx(before[i] / total, rel=1e-9), (
            "the kept outcomes are renormalised in proportion to their old mass"
        )


def test_a_temperature_must_be_finite_and_positive() -> None:
    for bad in (0.0, -1.0, math.inf, math.nan):
        with pytest.raises(InvalidScalarError):
            Temperature(bad)


def test_k_must_be_at_least_one_and_at_most_the_outcomes() -> None:
    with pytest.raises(InvalidScalarError):
        TopK(0)
    with pytest.raises(InvalidScalarError) as raised:
        top_k(plain_softmax(LOGITS), TopK(4))
    assert raised.value.value == 4, "the error names the k that does not fit"


def _must_stay_rejected(logits: Logits, distribution: Distribution) -> None:
    soften(logits, 0.5)  # type: ignore[arg-type]
    soften(logits, TopK(2))  # type: ignore[arg-type]
    top_k(distribution, 2)  # type: ignore[arg-type]
    top_k(distribution, Temperature(2.0))  # type: ignore[arg-type]
    _scores: Logits = soften(logits, Temperature(2.0))  # type: ignore[assignment]
