"""narrowing_with_typeis: a named check on the training phase tells mypy what it found.

A run is either untrained (just its initial parameters) or trained (a training state and the
loss it reached). Code branches on that with one named predicate, reused wherever phases are
sorted, rather than spelling the test out each time. A predicate that returns a plain bool tells
mypy nothing, so neither branch may touch the fields of the phase it is in; the predicate's
return type can say what True means and, just as much, what False means.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from typing_extensions import TypeIs

from tiny_ml.attention import TransformerParameters, TransformerTrainingState
from tiny_ml.domain import Loss


@dataclass(frozen=True)
class Untrained:
    """A run before its first step: only the initial parameters."""

    parameters: TransformerParameters


@dataclass(frozen=True)
class Trained:
    """A run after training: its state and the loss it reached."""

    state: TransformerTrainingState
    loss: Loss


TrainingPhase = Untrained | Trained


def is_trained(phase: TrainingPhase) -> TypeIs[Trained]:
    """True exactly for a trained run."""
    return isinstance(phase, Trained)


def current_parameters(phase: TrainingPhase) -> TransformerParameters:
    """The parameters a run would predict with now."""
    if is_trained(phase):
        return phase.state.parameters
    return phase.parameters


def best_loss(phases: Sequence[TrainingPhase]) -> Loss | None:
    """The lowest loss any trained run reached; None when no run has trained yet."""
    losses = [phase.loss for phase in phases if is_trained(phase)]
    return min(losses) if losses else None


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402

from tiny_ml.attention import FeedForwardWidth, HeadCount  # noqa: E402
from tiny_ml.category import StepCount  # noqa: E402
from tiny_ml.domain import ModelDimension, VocabSize  # noqa: E402


def _parameters(seed: int) -> TransformerParameters:
    return TransformerParameters.initial(
        vocab_size=VocabSize(3),
        model_dimension=ModelDimension(2),
        heads=HeadCount(1),
        feed_forward_width=FeedForwardWidth(2),
        seed=seed,
    )


FRESH, LATER = _parameters(0), _parameters(1)
UNTRAINED = Untrained(FRESH)
TRAINED = Trained(TransformerTrainingState(LATER, StepCount(4)), Loss(0.75))


def test_each_phase_gives_its_parameters() -> None:
    assert current_parameters(UNTRAINED) is FRESH
    assert current_parameters(TRAINED) is LATER


def test_best_loss_reads_only_trained_runs() -> None:
    better = Trained(TransformerTrainingState(FRESH, StepCount(9)), Loss(0.5))
    assert best_loss([UNTRAINED, TRAINED, better]) == Loss(0.5)
    assert best_loss([UNTRAINED]) is None


def test_the_predicate_answers_by_phase() -> None:
    assert is_trained(TRAINED) and not is_trained(UNTRAINED)


def _narrows_both_branches(phase: TrainingPhase) -> None:
    if is_trained(phase):
        assert_type(phase, Trained)
    else:
        assert_type(phase, Untrained)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    is_trained(Loss(1.0))  # type: ignore[arg-type]
