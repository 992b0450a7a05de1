"""bound_keeps_the_stage_type: a helper for every named stage hands back the very stage it got.

`traced` writes a stage's name into a trace and returns the stage, so a pipeline can be logged while
it is built. It must accept every kind of stage (an Embedding, a Softmax, a stage of your own), and
all it reads is the name. What it returns must still be the kind of stage that came in, with its own
`apply`, or nothing after it can run the stage. Typed with the `Named` Protocol, every stage comes
back as a bare Named, whose only member is its name.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from tiny_ml.domain import Distribution, Logits
from tiny_ml.ml import Softmax


class Named(Protocol):
    """Anything with a name that a trace can show."""

    @property
    def name(self) -> str:
        """The name the trace records."""
        ...


S = TypeVar("S", bound=Named)


def traced(stage: S, trace: list[str]) -> S:
    """Record the stage's name at the end of the trace and hand the stage back."""
    trace.append(stage.name)
    return stage


def predict(logits: Logits, trace: list[str]) -> Distribution:
    """The probabilities the scores stand for, with the softmax recorded in the trace."""
    softmax: Softmax = traced(Softmax(), trace)
    return softmax.apply(logits)


# --- checks: do not edit below this line ---

import math  # noqa: E402
from typing import assert_type  # noqa: E402

from tiny_ml.category import Identity  # noqa: E402


def test_predict_records_the_softmax() -> None:
    trace: list[str] = []
    low, high = predict(Logits((0.0, math.log(3.0))), trace).probabilities
    # softmax(0, ln 3) = (1, 3) / (1 + 3) = (0.25, 0.75)
    assert math.isclose(low, 0.25) and math.isclose(high, 0.75)
    assert trace == ["softmax"]


def test_traced_hands_back_the_same_stage() -> None:
    trace = ["softmax"]
    stage = Identity[Logits]()
    assert traced(stage, trace) is stage, "traced returns the stage it was given, not a copy"
    assert trace == ["softmax", "identity"], "each traced stage adds its name at the end"


def _callers_keep_the_stage_type(trace: list[str]) -> None:
    assert_type(traced(Softmax(), trace), Softmax)
    assert_type(traced(Identity[Logits](), trace), Identity[Logits])


def _must_stay_rejected(trace: list[str]) -> None:  # never called: mypy must keep rejecting it
    traced(0.5, trace)  # type: ignore[type-var]
