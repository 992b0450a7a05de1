"""embedding_into_softmax: two arrows compose only when the first's output is the second's input.

`Compose(first, second)` exists only for a `Morphism[A, B]` followed by a `Morphism[B, C]`: one
middle type B that the first arrow produces and the second reads. Embedding is TokenId -> Vector and
Softmax is Logits -> Distribution, so no B fits both, and mypy says so in its own words: "Cannot
infer value of type parameter". A hidden vector is not a row of scores: the model reads one score
per vocabulary entry out of it (hidden times the lm head, plus the bias) before any softmax.
"""

from __future__ import annotations

from tiny_ml.category import Compose, Morphism
from tiny_ml.domain import Distribution, Parameters, TokenId
from tiny_ml.ml import Embedding, Softmax


def predict_next(parameters: Parameters) -> Morphism[TokenId, Distribution]:
    """TokenId -> ... -> Distribution: the model's guess at the token that comes next."""
    return Compose(Embedding(parameters), Softmax())


# --- checks: do not edit below this line ---

import math  # noqa: E402

from tiny_ml.domain import Logits, ModelDimension, VocabSize  # noqa: E402

LN2, LN3 = math.log(2.0), math.log(3.0)
HAND_MODEL = Parameters(
    vocab_size=VocabSize(3),
    model_dimension=ModelDimension(2),
    embedding=((1.0, 0.0), (0.0, 1.0), (1.0, 1.0)),
    lm_head=((LN2, 0.0, 0.0), (0.0, LN3, 0.0)),
    bias=(0.0, 0.0, 0.0),
)
# token 0: hidden (1, 0) -> logits (ln 2, 0, 0)    -> (2, 1, 1) / 4 = (0.5, 0.25, 0.25)
# token 1: hidden (0, 1) -> logits (0, ln 3, 0)    -> (1, 3, 1) / 5 = (0.2, 0.6, 0.2)
# token 2: hidden (1, 1) -> logits (ln 2, ln 3, 0) -> (2, 3, 1) / 6 = (1/3, 1/2, 1/6)
EXPECTED = {
    0: (0.5, 0.25, 0.25),
    1: (0.2, 0.6, 0.2),
    2: (0.3333333333333333, 0.5, 0.16666666666666666),
}


def test_predict_next_gives_the_hand_worked_probabilities() -> None:
    for index, expected in EXPECTED.items():
        got = predict_next(HAND_MODEL).apply(TokenId(index)).probabilities
        assert all(math.isclose(g, e) for g, e in zip(got, expected, strict=True)), (
            f"after token {index} the model predicts {expected}, got {got}"
        )


def test_predict_next_runs_three_stages() -> None:
    assert predict_next(HAND_MODEL).name == "embedding >> linear_to_logits >> softmax"


def _must_stay_rejected() -> Morphism[TokenId, Logits]:  # never called: mypy must keep rejecting
    Compose(Embedding(HAND_MODEL), Softmax())  # type: ignore[misc]
    return predict_next(HAND_MODEL)  # type: ignore[return-value]
