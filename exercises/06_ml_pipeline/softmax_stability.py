"""softmax_stability: softmax gives probabilities for any finite scores, however large.

softmax(x)_i = exp(x_i) / sum_j exp(x_j). A model whose scores have grown large, such as
(1000, 1001), must still predict (0.269, 0.731), but exp(1000) does not fit in a float, and very
negative scores make every exp underflow to 0 and the sum with them. The result must not depend on
where the scores sit, only on how far apart they are: softmax(x + c) = softmax(x) for any number c,
because the factor exp(c) cancels between the numerator and the sum.
"""

from __future__ import annotations

import math

from tiny_ml.domain import Distribution, Logits


def softmax(logits: Logits) -> Distribution:
    """Logits -> Distribution: the probabilities the scores stand for."""
    exps = tuple(math.exp(v) for v in logits.values)
    total = math.fsum(exps)
    return Distribution(tuple(e / total for e in exps))


# --- checks: do not edit below this line ---

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def stable_softmax(logits: Logits) -> Distribution:
    try:
        return softmax(logits)
    except (OverflowError, ZeroDivisionError) as error:
        problem = type(error).__name__
    pytest.fail(f"softmax must stay finite for any finite logits, here {logits.values} ({problem})")


def test_softmax_at_1000_and_1001() -> None:
    low, high = stable_softmax(Logits((1000.0, 1001.0))).probabilities
    # as for (0, 1): (1, e) / (1 + e) = (0.2689414213699951, 0.7310585786300049)
    assert math.isclose(low, 0.2689414213699951) and math.isclose(high, 0.7310585786300049)


def test_softmax_far_below_zero() -> None:
    low, high = stable_softmax(Logits((-2000.0, -2000.0 + math.log(3.0)))).probabilities
    # as for (0, ln 3): (1, 3) / 4
    assert math.isclose(low, 0.25) and math.isclose(high, 0.75)


def test_softmax_of_equal_scores_is_uniform() -> None:
    assert stable_softmax(Logits((-5.0, -5.0, -5.0, -5.0))).probabilities == (0.25,) * 4


@settings(derandomize=True, database=None, deadline=None, max_examples=100)
@given(st.lists(st.floats(-50.0, 50.0), min_size=1, max_size=8), st.floats(-1e4, 1e4))
def test_shifting_every_score_changes_nothing(values: list[float], shift: float) -> None:
    near_zero = stable_softmax(Logits(tuple(values))).probabilities
    shifted = stable_softmax(Logits(tuple(v + shift for v in values))).probabilities
    assert all(
        math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)
        for a, b in zip(near_zero, shifted, strict=True)
    ), "softmax(x + c) must equal softmax(x)"
