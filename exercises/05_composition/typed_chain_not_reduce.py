"""typed_chain_not_reduce: a chain of stages keeps its types only if every link is typed.

`reduce` over a list of `Morphism[Any, Any]` composes anything with anything: a chain in the wrong
order, or with a stage missing, type-checks just the same, and its result is `Any`, which strict
mypy refuses to hand back as a Distribution. Give `chain3` one type variable per boundary
(A -> B -> C -> D) and compose the three stages directly, so each link must fit the next.
"""

from __future__ import annotations

from functools import reduce
from typing import Any

from tiny_ml.category import Compose, Morphism
from tiny_ml.domain import Distribution, Parameters, TokenId
from tiny_ml.ml import Embedding, LinearToLogits, Softmax


# TODO: replace the Any links with type variables, and reduce with two Compose calls.
def chain3(
    first: Morphism[Any, Any], second: Morphism[Any, Any], third: Morphism[Any, Any]
) -> Morphism[Any, Any]:
    """`first >> second >> third`."""
    return reduce(lambda f, g: Compose(f, g), [first, second, third])


def predict(parameters: Parameters, token: TokenId) -> Distribution:
    """The model's next-token distribution after `token`."""
    pipeline = chain3(Embedding(parameters), LinearToLogits(parameters), Softmax())
    return pipeline.apply(token)


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402

from tiny_ml.domain import ModelDimension, Vector, VocabSize  # noqa: E402
from tiny_ml.ml import prediction_path  # noqa: E402

PARAMETERS = Parameters.initial(vocab_size=VocabSize(4), model_dimension=ModelDimension(3), seed=5)


def test_predict_agrees_with_tiny_ml() -> None:
    for index in range(4):
        token = TokenId(index)
        assert predict(PARAMETERS, token) == prediction_path(PARAMETERS).apply(token)


def test_chain3_names_the_stages_in_order() -> None:
    pipeline = chain3(Embedding(PARAMETERS), LinearToLogits(PARAMETERS), Softmax())
    assert pipeline.name == "embedding >> linear_to_logits >> softmax"


def _keeps_the_end_types() -> None:
    pipeline = chain3(Embedding(PARAMETERS), LinearToLogits(PARAMETERS), Softmax())
    assert_type(pipeline.apply(TokenId(0)), Distribution)


def _must_stay_rejected() -> None:
    chain3(Embedding(PARAMETERS), Softmax(), LinearToLogits(PARAMETERS))  # expect-type-error[misc]
    pipeline = chain3(Embedding(PARAMETERS), LinearToLogits(PARAMETERS), Softmax())
    pipeline.apply(Vector((1.0, 2.0, 3.0)))  # expect-type-error[arg-type]
