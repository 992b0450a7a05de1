"""pairing_into_a_product: the pairing <f, g> lands in the product in the order it was given.

Cross-entropy is an arrow from the product Distribution x TokenId: a prediction and the target it
is scored against, in that order. `Pairing(left, right)` feeds one example to two arrows and puts
their results side by side, `Product[left's output, right's output]`, so the order of the
arguments is the order of the product. Pair the prediction with the target the way CrossEntropy
reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from tiny_ml.category import Compose, Morphism
from tiny_ml.domain import Distribution, Loss, Parameters, Product, TokenId, TrainingExample
from tiny_ml.ml import CrossEntropy, prediction_path

A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")


@dataclass(frozen=True)
class Pairing(Generic[A, B, C]):
    """<left, right>: A -> B x C, the same input sent along both arrows."""

    left: Morphism[A, B]
    right: Morphism[A, C]
    name: str = "pairing"

    def apply(self, value: A, /) -> Product[B, C]:
        return Product(self.left.apply(value), self.right.apply(value))


@dataclass(frozen=True)
class PredictFromContext:
    """TrainingExample -> Distribution: the model's guess, seeing only the context token."""

    parameters: Parameters
    name: str = "predict_from_context"

    def apply(self, example: TrainingExample, /) -> Distribution:
        return prediction_path(self.parameters).apply(example.context)


@dataclass(frozen=True)
class TargetOf:
    """TrainingExample -> TokenId: the token that really came next."""

    name: str = "target_of"

    def apply(self, example: TrainingExample, /) -> TokenId:
        return example.target


def example_loss_arrow(parameters: Parameters) -> Morphism[TrainingExample, Loss]:
    """TrainingExample -> Distribution x TokenId -> Loss."""
    guess_and_target = Pairing(PredictFromContext(parameters), TargetOf())
    return Compose[TrainingExample, Product[Distribution, TokenId], Loss](
        guess_and_target, CrossEntropy()
    )


# --- checks: do not edit below this line ---

from tiny_ml.domain import ModelDimension, VocabSize  # noqa: E402
from tiny_ml.ml import example_loss  # noqa: E402

PARAMETERS = Parameters.initial(vocab_size=VocabSize(4), model_dimension=ModelDimension(3), seed=7)


def test_example_loss_arrow_agrees_with_tiny_ml() -> None:
    for context in range(4):
        for target in range(4):
            example = TrainingExample(TokenId(context), TokenId(target))
            assert example_loss_arrow(PARAMETERS).apply(example) == example_loss(
                PARAMETERS, example
            )


def _must_stay_rejected() -> Morphism[TrainingExample, Product[Distribution, TokenId]]:
    return Pairing(TargetOf(), PredictFromContext(PARAMETERS))  # expect-type-error[arg-type]


def _the_arrow_ends_in_a_loss() -> Morphism[TrainingExample, Distribution]:
    return example_loss_arrow(PARAMETERS)  # expect-type-error[return-value]
