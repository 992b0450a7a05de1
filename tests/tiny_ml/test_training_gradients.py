"""TrainStep's gradients are exact (central differences agree entry by entry) and lower the loss."""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable
from typing import Literal

import pytest

from tiny_ml.calculus import Scalar, central_difference
from tiny_ml.category import Endomorphism, StepCount
from tiny_ml.domain import (
    LearningRate,
    Loss,
    Matrix,
    ModelDimension,
    Parameters,
    TokenSequence,
    TrainingSet,
    VocabSize,
)
from tiny_ml.ml import PROBABILITY_FLOOR, DatasetWindowing, average_loss
from tiny_ml.training import Gradients, TrainStep, descend, gradients, loss_history, train

Part = Literal["embedding", "lm_head", "bias"]
FOUR_TOKENS = DatasetWindowing().apply(TokenSequence.of([1, 2, 3, 4, 1, 2, 3, 4]))
"""The issue's training text, 1 2 3 4 1 2 3 4: seven examples over ids 1..4."""


def _initial(v: int = 5, d: int = 4, seed: int = 0) -> Parameters:
    return Parameters.initial(vocab_size=VocabSize(v), model_dimension=ModelDimension(d), seed=seed)


def _replace_entry(rows: Matrix, row: int, col: int, value: float) -> Matrix:
    return tuple(
        tuple(value if (i, j) == (row, col) else w for j, w in enumerate(r))
        for i, r in enumerate(rows)
    )


def _with_entry(parameters: Parameters, part: Part, row: int, col: int, value: float) -> Parameters:
    if part == "embedding":
        return dataclasses.replace(
            parameters, embedding=_replace_entry(parameters.embedding, row, col, value)
        )
    if part == "lm_head":
        return dataclasses.replace(
            parameters, lm_head=_replace_entry(parameters.lm_head, row, col, value)
        )
    (bias,) = _replace_entry((parameters.bias,), row, col, value)
    return dataclasses.replace(parameters, bias=bias)


def _entries(parameters: Parameters) -> list[tuple[Part, int, int, float]]:
    parts: tuple[tuple[Part, Matrix], ...] = (
        ("embedding", parameters.embedding),
        ("lm_head", parameters.lm_head),
        ("bias", (parameters.bias,)),
    )
    return [
        (part, i, j, w)
        for part, rows in parts
        for i, row in enumerate(rows)
        for j, w in enumerate(row)
    ]


def _gradient_entry(grads: Gradients, part: Part, row: int, col: int) -> float:
    if part == "embedding":
        return grads.embedding[row][col]
    if part == "lm_head":
        return grads.lm_head[row][col]
    return grads.bias[col]


def _loss_along(
    parameters: Parameters, training_set: TrainingSet, part: Part, row: int, col: int
) -> Callable[[Scalar], Scalar]:
    """The average loss as a function of one parameter entry, the others held fixed."""

    def loss(entry: Scalar) -> Scalar:
        moved = _with_entry(parameters, part, row, col, entry.value)
        return Scalar(average_loss(moved, training_set).value)

    return loss


@pytest.mark.parametrize(
    ("parameters", "training_set"),
    [
        pytest.param(_initial(), FOUR_TOKENS, id="1 2 3 4 1 2 3 4"),
        pytest.param(
            _initial(4, 3, seed=11),
            DatasetWindowing().apply(TokenSequence.of([0, 2, 0, 3, 3, 1, 0])),
            id="repeated contexts",
        ),
        pytest.param(
            train(_initial(), FOUR_TOKENS, LearningRate(1.0), StepCount(5)),
            FOUR_TOKENS,
            id="after five steps",
        ),
    ],
)
def test_every_gradient_entry_matches_a_central_difference(
    parameters: Parameters, training_set: TrainingSet
) -> None:
    grads = gradients(parameters, training_set)
    entries = _entries(parameters)
    assert len(entries) == 2 * parameters.vocab_size.value * parameters.model_dimension.value + (
        parameters.vocab_size.value
    )
    for part, row, col, value in entries:
        numeric = central_difference(
            _loss_along(parameters, training_set, part, row, col), Scalar(value), 1e-5
        )
        analytic = _gradient_entry(grads, part, row, col)
        assert abs(analytic - numeric.value) <= 1e-6, (part, row, col)


def test_rows_of_tokens_never_seen_as_context_get_no_gradient() -> None:
    grads = gradients(_initial(), FOUR_TOKENS)
    assert grads.embedding[0] == (0.0, 0.0, 0.0, 0.0)
    assert any(g != 0.0 for g in grads.embedding[1])


def test_where_the_clamp_holds_the_loss_is_flat_and_the_gradient_zero() -> None:
    hopeless = Parameters(
        VocabSize(2),
        ModelDimension(1),
        embedding=((1.0,), (1.0,)),
        lm_head=((0.0, 0.0),),
        bias=(0.0, -40.0),
    )
    training_set = DatasetWindowing().apply(TokenSequence.of([0, 1]))
    assert average_loss(hopeless, training_set) == Loss(-math.log(PROBABILITY_FLOOR))
    grads = gradients(hopeless, training_set)
    assert grads.embedding == ((0.0,), (0.0,))
    assert grads.lm_head == ((0.0, 0.0),)
    assert grads.bias == (0.0, 0.0)


def test_gradients_are_averaged_over_the_batch() -> None:
    doubled = TrainingSet(FOUR_TOKENS.examples * 2)
    once = gradients(_initial(), FOUR_TOKENS)
    twice = gradients(_initial(), doubled)
    for part, row, col, _ in _entries(_initial()):
        assert math.isclose(
            _gradient_entry(once, part, row, col),
            _gradient_entry(twice, part, row, col),
            rel_tol=1e-12,
            abs_tol=1e-15,
        )


def test_descend_moves_each_entry_against_its_gradient() -> None:
    parameters = _initial(2, 1)
    grads = Gradients(VocabSize(2), ModelDimension(1), ((1.0,), (-2.0,)), ((0.5, 0.0),), (3.0, 1.0))
    moved = descend(parameters, grads, LearningRate(0.1))
    assert moved.embedding == (
        (parameters.embedding[0][0] - 0.1,),
        (parameters.embedding[1][0] + 0.2,),
    )
    assert moved.lm_head == ((parameters.lm_head[0][0] - 0.05, parameters.lm_head[0][1]),)
    assert moved.bias == (-0.1 * 3.0, -0.1 * 1.0)


def test_train_step_is_an_endomorphism_that_leaves_its_input_alone() -> None:
    before = _initial()
    snapshot = dataclasses.replace(before)
    step: Endomorphism[Parameters] = TrainStep(FOUR_TOKENS, LearningRate(1.0))
    after = step.apply(before)
    assert before == snapshot
    assert after != before
    assert step.name == "train_step"


def test_eighty_steps_at_rate_one_lower_the_loss() -> None:
    parameters = _initial(v=5, d=4, seed=0)
    before = average_loss(parameters, FOUR_TOKENS)
    trained = train(parameters, FOUR_TOKENS, LearningRate(1.0), StepCount(80))
    after = average_loss(trained, FOUR_TOKENS)
    assert after < before
    assert before.value > 1.0
    assert after.value < 0.01


def test_loss_history_records_every_step() -> None:
    parameters = _initial()
    history = loss_history(parameters, FOUR_TOKENS, LearningRate(1.0), StepCount(80))
    assert len(history) == 81
    assert history[0] == average_loss(parameters, FOUR_TOKENS)
    trained = train(parameters, FOUR_TOKENS, LearningRate(1.0), StepCount(80))
    assert history[-1] == average_loss(trained, FOUR_TOKENS)
    assert all(later <= earlier for earlier, later in itertools.pairwise(history))


def test_zero_steps_change_nothing() -> None:
    parameters = _initial()
    assert train(parameters, FOUR_TOKENS, LearningRate(1.0), StepCount(0)) == parameters
