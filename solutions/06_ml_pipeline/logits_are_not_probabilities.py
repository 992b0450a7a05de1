"""logits_are_not_probabilities: cross-entropy reads probabilities, never raw scores.

The linear readout produces Logits: one raw score per vocabulary entry, any real number, summing to
nothing in particular. Cross-entropy is -log p(target), which only means something when p comes
from a Distribution: non-negative numbers that sum to 1. `CrossEntropy` reads a
Product[Distribution, TokenId], and the scores go in raw. The loss of an example is how surprised
the model's prediction after the context is by the target.
"""

from __future__ import annotations

from tiny_ml.domain import Loss, Parameters, Product, TrainingExample
from tiny_ml.ml import CrossEntropy, Embedding, LinearToLogits, Softmax


def loss_of(parameters: Parameters, example: TrainingExample) -> Loss:
    """How surprised the model is by the example's target, given its context."""
    hidden = Embedding(parameters).apply(example.context)
    logits = LinearToLogits(parameters).apply(hidden)
    prediction = Softmax().apply(logits)
    return CrossEntropy().apply(Product(prediction, example.target))


# --- checks: do not edit below this line ---

import math  # noqa: E402

from tiny_ml.domain import Logits, ModelDimension, TokenId, VocabSize  # noqa: E402

LN2, LN3 = math.log(2.0), math.log(3.0)
HAND_MODEL = Parameters(
    vocab_size=VocabSize(3),
    model_dimension=ModelDimension(2),
    embedding=((1.0, 0.0), (0.0, 1.0), (1.0, 1.0)),
    lm_head=((LN2, 0.0, 0.0), (0.0, LN3, 0.0)),
    bias=(0.0, 0.0, 0.0),
)
# token 0: logits (ln 2, 0, 0)    -> p = (2, 1, 1) / 4
# token 1: logits (0, ln 3, 0)    -> p = (1, 3, 1) / 5
# token 2: logits (ln 2, ln 3, 0) -> p = (2, 3, 1) / 6


def loss_after(context: int, target: int) -> float:
    return loss_of(HAND_MODEL, TrainingExample(TokenId(context), TokenId(target))).value


def test_loss_is_minus_log_of_the_softmax_probability() -> None:
    assert math.isclose(loss_after(0, 1), 1.3862943611198906)  # -ln(1/4) = ln 4
    assert math.isclose(loss_after(1, 1), 0.5108256237659907)  # -ln(3/5)
    assert math.isclose(loss_after(2, 0), 1.0986122886681098)  # -ln(2/6) = ln 3
    assert math.isclose(loss_after(2, 2), 1.791759469228055)  # -ln(1/6) = ln 6


def test_equal_scores_cost_log_vocab_size() -> None:
    flat = Parameters(
        vocab_size=VocabSize(4),
        model_dimension=ModelDimension(1),
        embedding=((1.0,), (2.0,), (3.0,), (4.0,)),
        lm_head=((0.5, 0.5, 0.5, 0.5),),
        bias=(0.0, 0.0, 0.0, 0.0),
    )
    loss = loss_of(flat, TrainingExample(TokenId(3), TokenId(0)))
    # logits (2, 2, 2, 2): p = 1/4 for every token, -ln(1/4) = ln 4
    assert math.isclose(loss.value, 1.3862943611198906), "equal scores give p = 1/4 to each token"


def _must_stay_rejected(logits: Logits, example: TrainingExample) -> Logits:  # never called
    CrossEntropy().apply(Product(logits, example.target))  # type: ignore[arg-type]
    return loss_of(HAND_MODEL, example)  # type: ignore[return-value]
