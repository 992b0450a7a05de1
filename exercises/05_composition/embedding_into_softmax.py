"""embedding_into_softmax: two arrows compose only when the first's output is the second's input.

`Compose(first, second)` exists only for `Morphism[A, B]` followed by `Morphism[B, C]`. Embedding
is TokenId -> Vector and Softmax is Logits -> Distribution: no single B fits both, and mypy says so
in its own words, "Cannot infer value of type parameter", naming the middle type parameter B. A
hidden vector is not a row of scores: the linear readout (LinearToLogits) turns one into the other.
Put it between the two stages.
"""

from __future__ import annotations

from tiny_ml.category import Compose, Morphism
from tiny_ml.domain import Distribution, Parameters, TokenId
from tiny_ml.ml import Embedding, Softmax


def predict_next(parameters: Parameters) -> Morphism[TokenId, Distribution]:
    """TokenId -> ... -> Distribution: the model's guess at the token that comes next."""
    # TODO: which stage turns Embedding's output into Softmax's input?
    return Compose(Embedding(parameters), Softmax())


# --- checks: do not edit below this line ---

from tiny_ml.domain import Logits, ModelDimension, VocabSize  # noqa: E402
from tiny_ml.ml import prediction_path  # noqa: E402

PARAMETERS = Parameters.initial(vocab_size=VocabSize(5), model_dimension=ModelDimension(3), seed=4)


def test_predict_next_agrees_with_tiny_ml() -> None:
    for index in range(5):
        token = TokenId(index)
        expected = prediction_path(PARAMETERS).apply(token)
        assert predict_next(PARAMETERS).apply(token) == expected


def test_predict_next_runs_three_stages() -> None:
    assert predict_next(PARAMETERS).name == "embedding >> linear_to_logits >> softmax"


def _must_stay_rejected() -> Morphism[TokenId, Logits]:
    Compose(Embedding(PARAMETERS), Softmax())  # expect-type-error[misc]
    return predict_next(PARAMETERS)  # expect-type-error[return-value]
