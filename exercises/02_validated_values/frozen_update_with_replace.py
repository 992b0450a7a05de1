"""frozen_update_with_replace: a frozen value is never changed; `replace` builds the updated copy.

A training run is recorded with the config it used, so that its results can be reproduced. A warm
restart reuses that config with a smaller learning rate, and if the restart changed the config in
place, the record of the first run would silently describe a run that never happened. The config
is frozen, so mypy refuses the assignment. At the TODO, build the new config with
`dataclasses.replace(config, learning_rate=...)`, which also runs the validation again.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiny_ml.domain import LearningRate


@dataclass(frozen=True)
class TrainingConfig:
    """Everything a training run needs to be repeated exactly."""

    learning_rate: LearningRate
    steps: int
    seed: int

    def __post_init__(self) -> None:
        if self.steps <= 0:
            raise ValueError(f"a training run needs at least one step, got {self.steps}")


def warm_restart(config: TrainingConfig, factor: float) -> TrainingConfig:
    """The config of a second run: same steps and seed, the learning rate scaled by factor."""
    # TODO: a frozen dataclass cannot be assigned to. Return an updated copy instead.
    config.learning_rate = LearningRate(config.learning_rate.value * factor)
    return config


# --- checks: do not edit below this line ---

import dataclasses  # noqa: E402

from tiny_ml.errors import InvalidLearningRateError  # noqa: E402

FIRST_RUN = TrainingConfig(LearningRate(0.5), steps=80, seed=7)


def test_the_restart_has_the_smaller_rate() -> None:
    second = warm_restart(FIRST_RUN, 0.1)
    assert second.learning_rate == LearningRate(0.05)
    assert (second.steps, second.seed) == (80, 7), "steps and seed carry over unchanged"


def test_the_first_run_is_left_as_it_was() -> None:
    warm_restart(FIRST_RUN, 0.1)
    assert FIRST_RUN.learning_rate == LearningRate(0.5), (
        "the first run's config must not change: build a new config instead of editing it"
    )


def test_the_new_rate_is_validated() -> None:
    try:
        warm_restart(FIRST_RUN, 0.0)
    except InvalidLearningRateError:
        return
    raise AssertionError("a factor of 0 gives a learning rate of 0, which must be refused")


def _must_stay_rejected(config: TrainingConfig) -> None:
    config.learning_rate = LearningRate(0.1)  # expect-type-error[misc]
    dataclasses.replace(config, learning_rate=0.1)  # expect-type-error[arg-type]
    warm_restart(config, LearningRate(0.1))  # expect-type-error[arg-type]
