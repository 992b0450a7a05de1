"""logits_are_not_probabilities: cross-entropy reads probabilities, so run Softmax first.

The linear readout produces Logits: one raw score per vocabulary entry, any real number, summing to
nothing in particular. Cross-entropy is -log p(target), which only means something for a
Distribution. `CrossEntropy` takes `Product[Distribution, TokenId]`, and the scores below go in
raw. Turn the Logits into a Distribution with `Softmax` before computing the loss.
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
from dataclasses import replace  # noqa: E402

from tiny_ml.domain import Logits, ModelDimension, TokenId, VocabSize  # noqa: E402
from tiny_ml.ml import example_loss  # noqa: E402

PARAMETERS = Parameters.initial(vocab_size=VocabSize(5), model_dimension=ModelDimension(4), seed=3)


def test_loss_of_agrees_with_tiny_ml() -> None:
    for context in range(5):
        example = TrainingExample(TokenId(context), TokenId((context + 1) % 5))
        assert loss_of(PARAMETERS, example) == example_loss(PARAMETERS, example)


def test_uniform_model_costs_log_vocab_size() -> None:
    initial = Parameters.initial(vocab_size=VocabSize(4), model_dimension=ModelDimension(2))
    flat = replace(initial, lm_head=((0.0, 0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 0.0)))
    loss = loss_of(flat, TrainingExample(TokenId(0), TokenId(3)))
    assert math.isclose(loss.value, math.log(4)), "equal scores mean p = 1/4 for every token"


def _must_stay_rejected(logits: Logits, example: TrainingExample) -> Logits:
    CrossEntropy().apply(Product(logits, example.target))  # expect-type-error[arg-type]
    return loss_of(PARAMETERS, example)  # expect-type-error[return-value]
