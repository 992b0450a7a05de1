"""composition_order: two Logits -> Logits stages compose both ways, and mean different things.

When every stage is an endomorphism on Logits, composing them in one order or the other type-checks
just the same: the types cannot see the order, only the values can. The sampler's scores are
(logit + bias) / t: the readout's bias belongs to the scores, and the temperature t then scales the
finished scores, bias included. A bias that escapes the temperature stays as sharp at t = 100 as at
t = 1, and the sampler can no longer be flattened.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiny_ml.category import Compose, Morphism
from tiny_ml.domain import Logits


@dataclass(frozen=True)
class AddBias:
    """Logits -> Logits: adds one bias per vocabulary entry."""

    bias: tuple[float, ...]
    name: str = "add_bias"

    def apply(self, logits: Logits, /) -> Logits:
        return Logits(tuple(v + b for v, b in zip(logits.values, self.bias, strict=True)))


@dataclass(frozen=True)
class Temperature:
    """Logits -> Logits: divides every score by t > 0."""

    t: float
    name: str = "temperature"

    def apply(self, logits: Logits, /) -> Logits:
        return Logits(tuple(v / self.t for v in logits.values))


def sampling_scores(bias: tuple[float, ...], t: float) -> Morphism[Logits, Logits]:
    """The scores the sampler draws from: (logit + bias) / t."""
    return Compose(Temperature(t), AddBias(bias))


# --- checks: do not edit below this line ---

import math  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def test_bias_is_added_before_the_temperature() -> None:
    scores = sampling_scores((1.0, 0.0), 2.0).apply(Logits((2.0, 4.0))).values
    assert scores == (1.5, 2.0), (
        f"expected (logit + bias) / t = (1.5, 2.0), got {scores}: add the bias, then divide by t"
    )


def test_the_stage_names_read_in_data_order() -> None:
    assert sampling_scores((0.0,), 1.0).name == "add_bias >> temperature"


def test_the_scores_are_made_by_the_two_stages() -> None:
    pipeline = sampling_scores((1.0, 0.0), 2.0)
    assert isinstance(pipeline, Compose), "the sampler is a composite of the two stages"
    assert isinstance(pipeline.first, AddBias) and isinstance(pipeline.second, Temperature)


@settings(derandomize=True, database=None, deadline=None, max_examples=60)
@given(
    st.lists(st.tuples(st.floats(-50.0, 50.0), st.floats(-5.0, 5.0)), min_size=1, max_size=6),
    st.floats(0.25, 4.0),
)
def test_scores_follow_the_formula(pairs: list[tuple[float, float]], t: float) -> None:
    logits = Logits(tuple(v for v, _ in pairs))
    bias = tuple(b for _, b in pairs)
    got = sampling_scores(bias, t).apply(logits).values
    want = tuple((v + b) / t for v, b in pairs)
    close = (math.isclose(g, w, rel_tol=1e-9, abs_tol=1e-9) for g, w in zip(got, want, strict=True))
    assert all(close), "sampling scores must be (logit + bias) / t: bias first, then temperature"
