"""identity_law: composing with the identity must change nothing, on either side.

The identity arrow is the unit of composition: Compose(identity, f) == f == Compose(f, identity),
for every f and every input. `KeepScores` is the pipeline's do-nothing stage on Logits, but it
subtracts the largest score "because the softmax cannot see a shift". The next stage is not always
a softmax: a stage that reads the scores themselves sees the difference. Make it the identity.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiny_ml.domain import Logits


@dataclass(frozen=True)
class KeepScores:
    """Logits -> Logits: the identity on scores, used where a stage is optional."""

    name: str = "keep_scores"

    def apply(self, logits: Logits, /) -> Logits:
        # TODO: an identity returns its input as it came in.
        top = max(logits.values)
        return Logits(tuple(v - top for v in logits.values))


# --- checks: do not edit below this line ---

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tiny_ml.category import Compose, FunctionMorphism, Identity  # noqa: E402
from tiny_ml.domain import Vector  # noqa: E402

scores = st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=8).map(lambda v: Logits(tuple(v)))
vectors = st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=8).map(lambda v: Vector(tuple(v)))


def top_score(logits: Logits) -> float:
    return max(logits.values)


def as_scores(hidden: Vector) -> Logits:
    return Logits(tuple(2.0 * v for v in hidden.values))


@settings(max_examples=80, deadline=None)
@given(scores)
def test_keep_scores_is_the_identity(logits: Logits) -> None:
    assert KeepScores().apply(logits) == Identity[Logits]().apply(logits) == logits, (
        "the identity on Logits must return the scores unchanged"
    )


@settings(max_examples=80, deadline=None)
@given(scores)
def test_left_identity_law(logits: Logits) -> None:
    read = FunctionMorphism("top_score", top_score)
    assert Compose(KeepScores(), read).apply(logits) == read.apply(logits), (
        "left identity law: Compose(identity, f) must equal f"
    )


@settings(max_examples=80, deadline=None)
@given(vectors)
def test_right_identity_law(hidden: Vector) -> None:
    stage = FunctionMorphism("as_scores", as_scores)
    assert Compose(stage, KeepScores()).apply(hidden) == stage.apply(hidden), (
        "right identity law: Compose(f, identity) must equal f"
    )
