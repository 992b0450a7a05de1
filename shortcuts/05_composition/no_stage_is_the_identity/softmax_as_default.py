"""Shortcut: fill the empty slot with some stage at hand instead of the identity."""

from __future__ import annotations

from tiny_ml.category import Compose, Morphism
from tiny_ml.domain import Distribution, Logits
from tiny_ml.ml import Softmax


def rewrite_stage(stage: Morphism[Logits, Logits] | None) -> Morphism[Logits, Logits]:
    """The stage to run before the softmax: the one given, or the arrow that changes nothing."""
    if stage is None:
        return Softmax()
    return stage


def sampler(stage: Morphism[Logits, Logits] | None) -> Morphism[Logits, Distribution]:
    """Logits -> Distribution: the optional rewrite, then the softmax."""
    return Compose(rewrite_stage(stage), Softmax())


# --- checks: do not edit below this line ---

import math  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tiny_ml.category import FunctionMorphism  # noqa: E402


def halve(logits: Logits) -> Logits:
    return Logits(tuple(v / 2.0 for v in logits.values))


def top_score(logits: Logits) -> float:
    return max(logits.values)


HALVE = FunctionMorphism("halve", halve)
TOP_SCORE = FunctionMorphism("top_score", top_score)
scores = st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=8).map(lambda v: Logits(tuple(v)))


def test_no_stage_hands_back_the_very_scores() -> None:
    logits = Logits((3.0, -1.0))
    assert rewrite_stage(None).apply(logits) is logits, "the identity returns its input itself"


def test_a_given_stage_is_used_as_it_is() -> None:
    assert rewrite_stage(HALVE) is HALVE


def test_sampler_without_a_stage_is_the_softmax() -> None:
    low, high = sampler(None).apply(Logits((0.0, math.log(3.0)))).probabilities
    # softmax(0, ln 3) = (1, 3) / 4 = (0.25, 0.75)
    assert math.isclose(low, 0.25) and math.isclose(high, 0.75)


def test_sampler_with_a_stage_runs_it_first() -> None:
    low, high = sampler(HALVE).apply(Logits((0.0, 2.0 * math.log(3.0)))).probabilities
    # halved: (0, ln 3) -> (0.25, 0.75)
    assert math.isclose(low, 0.25) and math.isclose(high, 0.75)


@settings(derandomize=True, database=None, deadline=None, max_examples=60)
@given(scores)
def test_identity_law_on_both_sides(logits: Logits) -> None:
    none = rewrite_stage(None)
    assert Compose(none, TOP_SCORE).apply(logits) == TOP_SCORE.apply(logits), (
        "left identity law: no stage, then f, must equal f"
    )
    assert Compose(HALVE, none).apply(logits) == HALVE.apply(logits), (
        "right identity law: f, then no stage, must equal f"
    )


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    rewrite_stage(TOP_SCORE)  # type: ignore[arg-type]
    sampler(None).apply(Distribution((0.5, 0.5)))  # type: ignore[arg-type]
