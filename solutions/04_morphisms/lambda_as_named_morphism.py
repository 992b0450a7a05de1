"""lambda_as_named_morphism: a bare lambda is a function, not an arrow of the pipeline.

CLIP_SCORES must be a stage like any other: a Morphism[Logits, Logits] called "clip_scores", so it
can be composed with the softmax and shows up by name in a trace. A lambda has no name and no
`apply`, and its parameter has no declared type, so mypy cannot check what flows into it. tiny_ml
has a way to turn a plain, typed function into a named arrow; the clipping rule itself is right.
"""

from __future__ import annotations

from tiny_ml.category import FunctionMorphism, Morphism
from tiny_ml.domain import Logits

SCORE_LIMIT = 10.0
"""No score above this reaches the softmax: a guard against a runaway logit."""


def clip_scores(logits: Logits) -> Logits:
    """Logits -> Logits: every score above SCORE_LIMIT brought down to it."""
    return Logits(tuple(min(v, SCORE_LIMIT) for v in logits.values))


CLIP_SCORES = FunctionMorphism("clip_scores", clip_scores)


def run_stage(stage: Morphism[Logits, Logits], logits: Logits) -> Logits:
    """Send scores through one Logits -> Logits stage."""
    return stage.apply(logits)


def clipped(logits: Logits) -> Logits:
    """The scores with every value above SCORE_LIMIT brought down to it."""
    return run_stage(CLIP_SCORES, logits)


# --- checks: do not edit below this line ---

from tiny_ml.category import Compose, FunctionMorphism  # noqa: E402
from tiny_ml.domain import Distribution, Vector  # noqa: E402
from tiny_ml.ml import Softmax  # noqa: E402


def test_clip_scores_is_named() -> None:
    assert CLIP_SCORES.name == "clip_scores"


def test_clipped_caps_large_scores_only() -> None:
    assert clipped(Logits((3.0, 12.0, -20.0))) == Logits((3.0, 10.0, -20.0))


def test_clip_scores_composes() -> None:
    pipeline = Compose[Logits, Logits, Distribution](CLIP_SCORES, Softmax())
    assert pipeline.name == "clip_scores >> softmax"
    assert pipeline.apply(Logits((10.0, 50.0))).probabilities == (0.5, 0.5)


def _is_a_named_function_morphism() -> FunctionMorphism[Logits, Logits]:
    return CLIP_SCORES


def _must_stay_rejected() -> Morphism[Vector, Logits]:
    run_stage(CLIP_SCORES, Vector((1.0,)))  # type: ignore[arg-type]
    return CLIP_SCORES  # type: ignore[return-value]
