"""hyperparameters_are_final: an experiment's settings are fixed once, and nothing rebinds them.

An experiment is reproducible only if every run reads the same learning rate and step count.
Module-level names can be rebound from anywhere (a `global` statement in a helper is enough), and
then the next run, in another test or another notebook cell, trains with a rate nobody wrote
down. The checks ask mypy to refuse any rebinding of the two hyperparameters; the fine-tuning
run needs a smaller rate of its own, without touching the experiment's.
"""

from __future__ import annotations

from tiny_ml.category import StepCount
from tiny_ml.domain import LearningRate, Parameters, TrainingSet
from tiny_ml.training import train

LEARNING_RATE = LearningRate(1.0)
"""The step size of the experiment's main run."""

STEPS = StepCount(80)
"""How many steps the main run takes."""

FINE_TUNE_STEPS = StepCount(5)
"""How many steps the short fine-tuning run takes."""


def main_run(parameters: Parameters, training_set: TrainingSet) -> Parameters:
    """The experiment: STEPS full-batch steps at LEARNING_RATE."""
    return train(parameters, training_set, LEARNING_RATE, STEPS)


def fine_tune(parameters: Parameters, training_set: TrainingSet) -> Parameters:
    """A short second run at a tenth of the main run's rate; the same input gives the same model."""
    global LEARNING_RATE
    LEARNING_RATE = LearningRate(LEARNING_RATE.value / 10)
    return train(parameters, training_set, LEARNING_RATE, FINE_TUNE_STEPS)


# --- checks: do not edit below this line ---

import math  # noqa: E402

from tiny_ml.domain import ModelDimension  # noqa: E402
from tiny_ml.ml import DatasetWindowing, average_loss  # noqa: E402
from tiny_ml.text import Text, Tokenize, UnknownWordPolicy, Vocabulary  # noqa: E402

# The walkthrough of `python -m tiny_ml`: <unk> one two three four, 7 examples, seed 0, d = 4.
SENTENCE = Text("one two three four one two three four")
VOCABULARY = Vocabulary.from_corpus([SENTENCE], policy=UnknownWordPolicy.MAP_TO_UNKNOWN)
TRAINING_SET = DatasetWindowing().apply(Tokenize(VOCABULARY).apply(SENTENCE))
INITIAL = Parameters.initial(vocab_size=VOCABULARY.size, model_dimension=ModelDimension(4))


def test_fine_tuning_is_repeatable() -> None:
    first = fine_tune(INITIAL, TRAINING_SET)
    second = fine_tune(INITIAL, TRAINING_SET)
    loss = average_loss(first, TRAINING_SET).value
    # 5 steps at rate 0.1 take the walkthrough's 1.5640 to 1.4951 (at 0.01 it would be 1.5568)
    assert math.isclose(loss, 1.4951064, abs_tol=1e-6), f"fine-tuned loss {loss:.7f}"
    assert second == first, "fine-tuning the same model twice must give the same model"


def test_the_experiment_keeps_its_settings() -> None:
    fine_tune(INITIAL, TRAINING_SET)
    assert LEARNING_RATE == LearningRate(1.0), "fine-tuning must not change the main run's rate"
    loss = average_loss(main_run(INITIAL, TRAINING_SET), TRAINING_SET).value
    # the walkthrough's table: 1.5640 at step 0 falls to 0.0048 after 80 steps at rate 1.0
    assert math.isclose(loss, 0.0047861, abs_tol=1e-6), f"main run's loss {loss:.7f}"


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    global LEARNING_RATE, STEPS
    LEARNING_RATE = LearningRate(0.5)  # type: ignore[misc]
    STEPS = StepCount(1)  # type: ignore[misc]
