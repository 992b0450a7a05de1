"""signals_carry_their_space: a signal vector names the space it lives in, as its matrices do.

Sketch 6 draws the model as signal flow: `SignalMatrix[Source, Target]` carries signals from one
space to another, and two matrices compose only when the first one's target space is the second
one's source. The spaces (VocabSpace, ModelSpace, HeadSpace) are phantom types: no value of them
ever exists, they only label. A signal sent through a matrix must be labelled the same way, or a
vector of model width could be fed to a readout expecting one entry per vocabulary word and mypy
would never know. `transmit` already says what it needs; the vector class must be able to say it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Generic, TypeVar

from tiny_ml.errors import ShapeMismatchError
from tiny_ml.sketches import SignalMatrix

Space = TypeVar("Space")
Source = TypeVar("Source")
Target = TypeVar("Target")


@dataclass(frozen=True)
class SignalVector(Generic[Space]):
    """One signal per dimension of a space; which space, only the type can say."""

    values: tuple[float, ...]


def transmit(
    matrix: SignalMatrix[Source, Target], vector: SignalVector[Source]
) -> SignalVector[Target]:
    """The row vector times the matrix: output j sums vector[i] x entries[i][j] over i."""
    if len(vector.values) != matrix.source_size:
        raise ShapeMismatchError("transmit", (matrix.source_size,), (len(vector.values),))
    return SignalVector(
        tuple(
            math.fsum(
                value * row[j] for value, row in zip(vector.values, matrix.entries, strict=True)
            )
            for j in range(matrix.target_size)
        )
    )


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402

import pytest  # noqa: E402

from tiny_ml.sketches import HeadSpace, ModelSpace, VocabSpace  # noqa: E402

EMBED = SignalMatrix[VocabSpace, ModelSpace](((1.0, 0.0), (0.0, 1.0), (1.0, 1.0)))
READOUT = SignalMatrix[ModelSpace, VocabSpace](((1.0, 2.0, 0.0), (0.0, 1.0, 3.0)))
TOKEN_TWO = SignalVector[VocabSpace]((0.0, 0.0, 1.0))


def test_embedding_picks_a_row() -> None:
    # one-hot token 2 selects row 2 of the embedding: (1, 1)
    hidden = transmit(EMBED, TOKEN_TWO)
    assert_type(hidden, SignalVector[ModelSpace])
    assert hidden.values == (1.0, 1.0)


def test_readout_scores_every_word() -> None:
    # (1, 1) x ((1, 2, 0), (0, 1, 3)) = (1 + 0, 2 + 1, 0 + 3) = (1, 3, 3)
    scores = transmit(READOUT, transmit(EMBED, TOKEN_TWO))
    assert_type(scores, SignalVector[VocabSpace])
    assert scores.values == (1.0, 3.0, 3.0)


def test_one_step_through_the_composite_agrees() -> None:
    assert transmit(EMBED.then(READOUT), TOKEN_TWO).values == (1.0, 3.0, 3.0)


def test_wrong_width_is_refused_at_runtime() -> None:
    with pytest.raises(ShapeMismatchError):
        transmit(EMBED, SignalVector[VocabSpace]((1.0, 2.0)))


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    transmit(READOUT, TOKEN_TWO)  # type: ignore[misc]
    hidden = transmit(EMBED, TOKEN_TWO)
    _scores: SignalVector[VocabSpace] = hidden  # type: ignore[assignment]
    transmit(READOUT, SignalVector[HeadSpace]((1.0, 0.0)))  # type: ignore[misc]
