"""loss_scores_the_target: the loss asks how likely the next token was, not the one just seen.

A training example pairs a context token with the target that followed it. The model predicts from
the context, and cross-entropy must score that prediction against the target. Both fields are
TokenIds, so scoring against the context type-checks just as well, and trains the model to repeat
its input. Score the target.
"""

from __future__ import annotations

from tiny_ml.domain import Loss, Parameters, Product, TrainingExample
from tiny_ml.ml import CrossEntropy, prediction_path


def next_token_loss(parameters: Parameters, example: TrainingExample) -> Loss:
    """-log p(target | context) under the model."""
    prediction = prediction_path(parameters).apply(example.context)
    return CrossEntropy().apply(Product(prediction, example.target))


# --- checks: do not edit below this line ---

import math  # noqa: E402

from tiny_ml.domain import ModelDimension, TokenId, VocabSize  # noqa: E402
from tiny_ml.ml import example_loss  # noqa: E402

PARAMETERS = Parameters.initial(vocab_size=VocabSize(5), model_dimension=ModelDimension(4), seed=11)


def test_loss_is_minus_log_probability_of_the_target() -> None:
    example = TrainingExample(context=TokenId(1), target=TokenId(3))
    p_target = prediction_path(PARAMETERS).apply(TokenId(1)).probability_of(TokenId(3))
    loss = next_token_loss(PARAMETERS, example)
    assert math.isclose(loss.value, -math.log(p_target)), (
        f"the loss must be -log p(target | context) = {-math.log(p_target):.6f}, "
        f"got {loss.value:.6f}: score the prediction on example.target"
    )


def test_agrees_with_tiny_ml() -> None:
    for context in range(5):
        for target in range(5):
            example = TrainingExample(TokenId(context), TokenId(target))
            assert next_token_loss(PARAMETERS, example) == example_loss(PARAMETERS, example)
