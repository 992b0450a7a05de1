"""compose_return_type: `first` then `second` is an arrow from first's input to second's output.

Composing an arrow A -> B with an arrow B -> C uses the middle type B up inside the composite: what
comes out reads what the first stage reads and gives what the second stage gives. `then` is the
generic helper every pipeline of the course could be built with, so its signature is a promise about
all of them, and the promise it makes now is wrong for every one. The body is right.
"""

from __future__ import annotations

from typing import TypeVar

from tiny_ml.category import Compose, Morphism

A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")


def then(first: Morphism[A, B], second: Morphism[B, C]) -> Morphism[A, C]:
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
