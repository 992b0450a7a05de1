"""history_check_never_returns: a helper that always raises is typed so, and callers rely on it.

A checkpoint at step n must hold n + 1 losses: the one before training and one after each step.
A history of any other length is corrupt, and resuming from it would plot, compare or average
the wrong losses. The refusal is written once, in a helper that raises; but as typed, the helper
might just as well return, so mypy sees a path through last_loss that ends without a Loss. The
helper's type must say what it does: it never comes back.
"""

from __future__ import annotations

from typing import NoReturn, TypedDict

from tiny_ml.domain import Loss
from tiny_ml.errors import ShapeMismatchError


class Checkpoint(TypedDict):
    """What a run saves: steps taken, its rate, and the average loss before and after each step."""

    step: int
    learning_rate: float
    losses: list[float]


def corrupt_history(checkpoint: Checkpoint) -> NoReturn:
    """Refuse a checkpoint whose loss history does not have one entry per step, plus one."""
    raise ShapeMismatchError(
        "checkpoint loss history", (checkpoint["step"] + 1,), (len(checkpoint["losses"]),)
    )


def last_loss(checkpoint: Checkpoint) -> Loss:
    """The average loss the saved run had reached; a corrupt history raises ShapeMismatchError."""
    losses = checkpoint["losses"]
    if len(losses) == checkpoint["step"] + 1:
        return Loss(losses[-1])
    corrupt_history(checkpoint)


# --- checks: do not edit below this line ---

import pytest  # noqa: E402

# The walkthrough after two steps at rate 1.0: losses 1.5640, 1.4280, 1.3096.
SAVED: Checkpoint = {"step": 2, "learning_rate": 1.0, "losses": [1.564, 1.428, 1.3096]}
CORRUPT: Checkpoint = {"step": 2, "learning_rate": 1.0, "losses": [1.564, 1.428]}


def test_the_last_loss_is_read() -> None:
    assert last_loss(SAVED) == Loss(1.3096), "two steps in, the third loss is the latest"


def test_a_short_history_is_refused() -> None:
    with pytest.raises(ShapeMismatchError) as refused:
        last_loss(CORRUPT)
    assert (refused.value.expected, refused.value.got) == ((3,), (2,)), (
        "step 2 needs 3 losses; the corrupt checkpoint holds 2"
    )


def test_the_helper_always_raises() -> None:
    with pytest.raises(ShapeMismatchError):
        corrupt_history(SAVED)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    corrupt_history(CORRUPT)
    print("resumed anyway")  # type: ignore[unreachable]
