"""The domain constructors accept every valid value, keep it exactly, and stay immutable."""

from __future__ import annotations

import dataclasses
import math

import pytest

from tiny_ml.domain import (
    PROBABILITY_TOLERANCE,
    Distribution,
    LearningRate,
    Logits,
    Loss,
    ModelDimension,
    Parameters,
    Product,
    TokenId,
    TokenSequence,
    TrainingExample,
    TrainingSet,
    Vector,
    VocabSize,
)


def test_token_ids_compare_by_index() -> None:
    assert TokenId(0).index == 0
    assert TokenId(2) == TokenId(2)
    assert TokenId(1) < TokenId(2)


def test_token_sequence_reads_like_a_tuple() -> None:
    sequence = TokenSequence.of([3, 1, 4])
    assert sequence.tokens == (TokenId(3), TokenId(1), TokenId(4))
    assert len(sequence) == 3
    assert list(sequence) == [TokenId(3), TokenId(1), TokenId(4)]
    assert sequence[0] == TokenId(3)
    assert sequence[1:] == (TokenId(1), TokenId(4))


def test_vectors_and_logits_are_stored_as_float_tuples() -> None:
    vector = Vector((1.0, 2.5))
    assert vector.values == (1.0, 2.5)
    assert len(vector) == 2
    assert Logits((-3.0, 0.0, 7.0)).values == (-3.0, 0.0, 7.0)


def test_equal_numbers_in_different_roles_are_different_values() -> None:
    vector: object = Vector((1.0,))
    size: object = VocabSize(4)
    assert vector != Logits((1.0,))
    assert size != ModelDimension(4)


def test_distribution_accepts_rounding_within_tolerance() -> None:
    nearly_one = (0.5, 0.5 + PROBABILITY_TOLERANCE / 2)
    assert Distribution(nearly_one).probabilities == nearly_one
    assert Distribution((0.0, 1.0)).probability_of(TokenId(1)) == 1.0
    assert len(Distribution((0.25, 0.25, 0.5))) == 3


def test_scalar_quantities_keep_their_values() -> None:
    assert Loss(0.0).value == 0.0
    assert Loss(0.5) < Loss(1.5)
    assert LearningRate(0.1).value == 0.1
    assert VocabSize(5).value == 5
    assert ModelDimension(1).value == 1


def test_product_keeps_its_order() -> None:
    pair = Product(TokenId(1), Loss(2.0))
    assert pair.first == TokenId(1)
    assert pair.second == Loss(2.0)


def test_training_example_is_a_product_of_context_and_target() -> None:
    example = TrainingExample(TokenId(1), TokenId(2))
    assert example.as_product() == Product(TokenId(1), TokenId(2))
    training_set = TrainingSet((example, example))
    assert len(training_set) == 2
    assert list(training_set) == [example, example]


def test_initial_parameters_have_the_promised_shapes() -> None:
    parameters = Parameters.initial(vocab_size=VocabSize(5), model_dimension=ModelDimension(3))
    assert len(parameters.embedding) == 5
    assert all(len(row) == 3 for row in parameters.embedding)
    assert len(parameters.lm_head) == 3
    assert all(len(row) == 5 for row in parameters.lm_head)
    assert parameters.bias == (0.0,) * 5
    bound = 1.0 / math.sqrt(3)
    assert all(abs(w) <= bound for row in parameters.embedding for w in row)


def test_initial_parameters_are_deterministic_per_seed() -> None:
    def initial(seed: int) -> Parameters:
        return Parameters.initial(
            vocab_size=VocabSize(4), model_dimension=ModelDimension(2), seed=seed
        )

    assert initial(7) == initial(7)
    assert initial(7) != initial(8)


def test_embedding_row_is_the_tokens_vector() -> None:
    parameters = Parameters.initial(vocab_size=VocabSize(3), model_dimension=ModelDimension(2))
    assert parameters.embedding_row(TokenId(2)) == Vector(parameters.embedding[2])


def test_values_are_frozen() -> None:
    loss = Loss(1.0)
    field = "value"
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(loss, field, 0.0)
    assert dataclasses.replace(loss, value=0.5) == Loss(0.5)
    assert loss == Loss(1.0)
