"""pairing_into_a_product: the pairing <f, g> keeps the type of each arrow's output.

Cross-entropy is an arrow from the product Distribution x TokenId: a prediction and the target it
is scored against. `Pairing(left, right)` feeds one training example to two arrows and puts their
results side by side in a Product, left's first. Its two arrows read the same input but give
different things, here a Distribution and a TokenId, and the Product must keep both types, or
CrossEntropy cannot accept it. As written, Pairing's type can only say "both outputs are one type".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from tiny_ml.category import Compose, Morphism
from tiny_ml.domain import Distribution, Loss, Parameters, Product, TokenId, TrainingExample
from tiny_ml.ml import CrossEntropy, prediction_path

A = TypeVar("A")
B = TypeVar("B")


@dataclass(frozen=True)
class Pairing(Generic[A, B]):
    """<left, right>: one input sent along both arrows, their outputs paired, left's first."""

    left: Morphism[A, B]
    right: Morphism[A, B]
    name: str = "pairing"

    def apply(self, value: A, /) -> Product[B, B]:
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

import math  # noqa: E402
from typing import assert_type  # noqa: E402

from tiny_ml.domain import ModelDimension, VocabSize  # noqa: E402

LN2, LN3 = math.log(2.0), math.log(3.0)
HAND_MODEL = Parameters(
    vocab_size=VocabSize(3),
    model_dimension=ModelDimension(2),
    embedding=((1.0, 0.0), (0.0, 1.0), (1.0, 1.0)),
    lm_head=((LN2, 0.0, 0.0), (0.0, LN3, 0.0)),
    bias=(0.0, 0.0, 0.0),
)
# predictions: after 0 -> (1/2, 1/4, 1/4), after 1 -> (1/5, 3/5, 1/5), after 2 -> (1/3, 1/2, 1/6)


def loss_of(context: int, target: int) -> float:
    example = TrainingExample(TokenId(context), TokenId(target))
    return example_loss_arrow(HAND_MODEL).apply(example).value


def test_loss_is_minus_log_of_the_target_probability() -> None:
    assert math.isclose(loss_of(0, 1), 1.3862943611198906)  # -ln(1/4) = ln 4
    assert math.isclose(loss_of(1, 1), 0.5108256237659907)  # -ln(3/5)
    assert math.isclose(loss_of(2, 0), 1.0986122886681098)  # -ln(1/3) = ln 3


def test_the_pairing_keeps_both_outputs() -> None:
    pair = Pairing(PredictFromContext(HAND_MODEL), TargetOf()).apply(
        TrainingExample(TokenId(2), TokenId(1))
    )
    assert pair.second == TokenId(1)
    assert math.isclose(pair.first.probability_of(TokenId(1)), 0.5)


def _each_output_keeps_its_type() -> None:
    pairing = Pairing(PredictFromContext(HAND_MODEL), TargetOf())
    assert_type(pairing, Pairing[TrainingExample, Distribution, TokenId])
    assert_type(pairing.apply(TrainingExample(TokenId(0), TokenId(1))).second, TokenId)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    swapped = Pairing(TargetOf(), PredictFromContext(HAND_MODEL))
    Compose[TrainingExample, Product[Distribution, TokenId], Loss](swapped, CrossEntropy())  # type: ignore[arg-type]
