"""softmax_stability: subtract the largest score before exp, or large logits overflow.

softmax(x)_i = exp(x_i) / sum_j exp(x_j). Written as is, exp(1000) does not fit in a float, so a
model whose scores have grown large crashes instead of predicting. Softmax does not change when the
same number is subtracted from every score, so subtract the largest one first: every exponent is
then <= 0, the largest term is exactly 1, and the sum can neither overflow nor vanish. The types
cannot see this; the checks can.
"""

from __future__ import annotations

import math

from tiny_ml.domain import Distribution, Logits


def softmax(logits: Logits) -> Distribution:
    """Logits -> Distribution: the probabilities the scores stand for."""
    # TODO: shift the scores so that the largest exponent is 0.
    exps = tuple(math.exp(v) for v in logits.values)
    total = math.fsum(exps)
    return Distribution(tuple(e / total for e in exps))


# --- checks: do not edit below this line ---

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tiny_ml.ml import Softmax  # noqa: E402


def stable_softmax(logits: Logits) -> Distribution:
    try:
        return softmax(logits)
    except (OverflowError, ZeroDivisionError) as error:
        problem = f"{type(error).__name__}: {error}"
    pytest.fail(f"softmax must stay finite for any logits, here {logits.values} ({problem})")


def test_softmax_at_1000_and_1001() -> None:
    low, high = stable_softmax(Logits((1000.0, 1001.0))).probabilities
    assert math.isclose(low, 1.0 / (1.0 + math.e)) and math.isclose(high, math.e / (1.0 + math.e))


def test_softmax_of_equal_scores_is_uniform() -> None:
    assert stable_softmax(Logits((-5.0, -5.0, -5.0, -5.0))).probabilities == (0.25,) * 4


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(-1e4, 1e4), min_size=1, max_size=8))
def test_softmax_agrees_with_tiny_ml(values: list[float]) -> None:
    logits = Logits(tuple(values))
    mine = stable_softmax(logits).probabilities
    reference = Softmax().apply(logits).probabilities
    assert all(math.isclose(a, b, abs_tol=1e-12) for a, b in zip(mine, reference, strict=True))
