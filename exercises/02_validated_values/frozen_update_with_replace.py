"""frozen_update_with_replace: a frozen value is never changed; an update is a new value.

A training run is recorded with the config it used, so that its results can be reproduced. A warm
restart reuses that config with a smaller learning rate. If the restart changed the config in
place, the record of the first run would silently describe a run that never happened, so the
config is frozen. `warm_restart` must give the second run its own config, equal to the first in
everything but the rate, and that config must pass the same validation as any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiny_ml.domain import LearningRate
from tiny_ml.errors import InvalidScalarError


@dataclass(frozen=True)
class TrainingConfig:
    """Everything a training run needs to be repeated exactly."""

    learning_rate: LearningRate
    steps: int
    seed: int

    def __post_init__(self) -> None:
        if self.steps <= 0:
            raise InvalidScalarError("TrainingConfig.steps", self.steps, "a positive int")


def warm_restart(config: TrainingConfig, factor: float) -> TrainingConfig:
    """The config of a second run: same steps and seed, the learning rate scaled by factor."""
    config.learning_rate = LearningRate(config.learning_rate.value * factor)
    return config


# --- checks: do not edit below this line ---

import dataclasses  # noqa: E402

import pytest  # noqa: E402

from tiny_ml.errors import InvalidLearningRateError  # noqa: E402

FIRST_RUN = TrainingConfig(LearningRate(0.5), steps=80, seed=7)


def test_the_restart_has_the_smaller_rate() -> None:
    second = warm_restart(FIRST_RUN, 0.5)
    # 0.5 * 0.5 = 0.25
    assert second == TrainingConfig(LearningRate(0.25), steps=80, seed=7)


def test_the_first_run_is_left_as_it_was() -> None:
    warm_restart(FIRST_RUN, 0.1)
    assert FIRST_RUN == TrainingConfig(LearningRate(0.5), steps=80, seed=7), (
        "the first run's config must not change"
    )


def test_the_new_rate_is_validated() -> None:
    with pytest.raises(InvalidLearningRateError) as caught:
        warm_restart(FIRST_RUN, 0.0)
    assert caught.value.value == 0.0


def _must_stay_rejected(config: TrainingConfig) -> None:
    config.learning_rate = LearningRate(0.1)  # type: ignore[misc]
    dataclasses.replace(config, learning_rate=0.1)  # type: ignore[arg-type]
    warm_restart(config, LearningRate(0.1))  # type: ignore[arg-type]
