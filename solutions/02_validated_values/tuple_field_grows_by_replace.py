"""tuple_field_grows_by_replace: a tuple field has no append; a new value holds the longer tuple.

A loss history records the loss after every training step. Two runs are compared by their
histories, so a history already handed out must never change: it is frozen and holds a tuple.
A tuple has no `append`, and that is the point. At the TODO, return a new LossHistory whose tuple
is the old one plus the new loss (`(*old, loss)` or `old + (loss,)`), for instance through
`dataclasses.replace`; the old history stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tiny_ml.domain import Loss


@dataclass(frozen=True)
class LossHistory:
    """The loss after each training step, oldest first: extended by new values, never edited."""

    losses: tuple[Loss, ...] = ()

    def improved(self) -> bool:
        """Whether the last loss is below the first: did training help at all?"""
        return len(self.losses) >= 2 and self.losses[-1] < self.losses[0]


def record(history: LossHistory, loss: Loss) -> LossHistory:
    """The history with one more step at its end."""
    return replace(history, losses=(*history.losses, loss))


# --- checks: do not edit below this line ---


def test_losses_are_recorded_in_order() -> None:
    history = record(record(LossHistory(), Loss(2.0)), Loss(1.5))
    assert history.losses == (Loss(2.0), Loss(1.5))
    assert history.improved()


def test_an_earlier_history_is_left_as_it_was() -> None:
    start = record(LossHistory(), Loss(2.0))
    record(start, Loss(1.0))
    assert start.losses == (Loss(2.0),), "recording a new loss must not change an older history"


def _must_stay_rejected(history: LossHistory) -> None:
    history.losses.append(Loss(1.0))  # expect-type-error[attr-defined]
    record(history, 1.0)  # expect-type-error[arg-type]
