"""compose_return_type: `first` then `second` is an arrow from first's input to second's output.

Composing `Morphism[A, B]` with `Morphism[B, C]` consumes the middle type B: what comes out is a
`Morphism[A, C]`. The signature of `then` below promises something else, so every pipeline built
with it would claim the wrong output type. Fix the promise, not the body.
"""

from __future__ import annotations

from typing import TypeVar

from tiny_ml.category import Compose, Morphism

A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")


# TODO: what does the composite take, and what does it give back?
def then(first: Morphism[A, B], second: Morphism[B, C]) -> Morphism[A, B]:
    """`second` after `first`, named `first >> second` in the order data flows."""
    composed = Compose(first, second)
    return composed


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402

from tiny_ml.domain import (  # noqa: E402
    Distribution,
    Logits,
    ModelDimension,
    Parameters,
    TokenId,
    Vector,
    VocabSize,
)
from tiny_ml.ml import Embedding, LinearToLogits, Softmax, prediction_path  # noqa: E402

PARAMETERS = Parameters.initial(vocab_size=VocabSize(4), model_dimension=ModelDimension(2), seed=1)


def full_path() -> Morphism[TokenId, Distribution]:
    to_logits = then(Embedding(PARAMETERS), LinearToLogits(PARAMETERS))
    assert_type(to_logits, Morphism[TokenId, Logits])
    return then(to_logits, Softmax())


def test_then_runs_first_then_second() -> None:
    for index in range(4):
        token = TokenId(index)
        assert full_path().apply(token) == prediction_path(PARAMETERS).apply(token)


def test_then_names_the_flow() -> None:
    assert full_path().name == "embedding >> linear_to_logits >> softmax"


def _must_stay_rejected() -> Morphism[TokenId, Vector]:
    return then(Embedding(PARAMETERS), LinearToLogits(PARAMETERS))  # expect-type-error[arg-type]
