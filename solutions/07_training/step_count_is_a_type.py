"""step_count_is_a_type: how many steps to train is a StepCount, never a bare int.

A run is planned in epochs (passes over the data) and executed in optimizer steps, one per
batch. A bare int can be anything: a negative count from a bad config makes `range` run zero
times, so training silently does nothing, and an index or a vocabulary size fits just as well.
A StepCount is a whole number of steps, never negative, held in its own type, and that nothing else can stand in for, which is
why apply_n_times asks for one; the planning function must produce one.
"""

from __future__ import annotations

from tiny_ml.category import StepCount, apply_n_times
from tiny_ml.domain import LearningRate, Parameters, TrainingSet
from tiny_ml.training import TrainStep


def steps_for(epochs: int, batches_per_epoch: int) -> StepCount:
    """How many optimizer steps `epochs` passes over `batches_per_epoch` batches take."""
    return StepCount(epochs * batches_per_epoch)


def train_epochs(
    parameters: Parameters, training_set: TrainingSet, rate: LearningRate, epochs: int
) -> Parameters:
    """Full-batch training for `epochs` passes: the whole set is one batch, so one step a pass."""
    return apply_n_times(TrainStep(training_set, rate), steps_for(epochs, 1), parameters)


# --- checks: do not edit below this line ---

import math  # noqa: E402

import pytest  # noqa: E402

from tiny_ml.category import StepCount  # noqa: E402, F811
from tiny_ml.domain import ModelDimension  # noqa: E402
from tiny_ml.errors import InvalidScalarError  # noqa: E402
from tiny_ml.ml import DatasetWindowing, average_loss  # noqa: E402
from tiny_ml.text import Text, Tokenize, UnknownWordPolicy, Vocabulary  # noqa: E402

# The walkthrough of `python -m tiny_ml`: <unk> one two three four, 7 examples, seed 0, d = 4.
SENTENCE = Text("one two three four one two three four")
VOCABULARY = Vocabulary.from_corpus([SENTENCE], policy=UnknownWordPolicy.MAP_TO_UNKNOWN)
TRAINING_SET = DatasetWindowing().apply(Tokenize(VOCABULARY).apply(SENTENCE))
INITIAL = Parameters.initial(vocab_size=VOCABULARY.size, model_dimension=ModelDimension(4))
RATE = LearningRate(1.0)


def test_a_plan_counts_steps() -> None:
    assert steps_for(4, 20) == StepCount(80), "4 epochs of 20 batches are 80 steps"
    assert steps_for(3, 1) == StepCount(3), "full-batch training takes one step per epoch"
    assert steps_for(0, 20) == StepCount(0), "no epochs, no steps: a valid, empty plan"


def test_a_negative_plan_is_refused() -> None:
    with pytest.raises(InvalidScalarError) as refused:
        steps_for(-1, 20)
    assert refused.value.value == -20, "the refusal names the count that cannot be a StepCount"


def test_three_epochs_are_three_steps() -> None:
    trained = train_epochs(INITIAL, TRAINING_SET, RATE, 3)
    # the walkthrough's losses: 1.5640, 1.4280, 1.3096, 1.1823 after 0, 1, 2, 3 steps
    assert math.isclose(average_loss(trained, TRAINING_SET).value, 1.182266, abs_tol=1e-5)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    _count: int = steps_for(4, 20)  # type: ignore[assignment]
    apply_n_times(TrainStep(TRAINING_SET, RATE), 80, INITIAL)  # type: ignore[arg-type]
