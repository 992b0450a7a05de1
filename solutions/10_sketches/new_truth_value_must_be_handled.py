"""new_truth_value_must_be_handled: a match over an Enum covers every case, new ones included.

The logic of behaviour glues local safety checks on patches of training steps into one global
verdict. A check used to say TRUE or FALSE; now a patch that is not fully observed yet says
UNKNOWN, and the verdicts form the chain FALSE < UNKNOWN < TRUE. `implication` answers "if the
premise holds, does the conclusion?" as the largest verdict v with (v AND premise) <= conclusion:
TRUE when the premise sits at or below the conclusion, otherwise the conclusion itself. Its match
was written before UNKNOWN existed, and its last case is there to prove that no case is missing.
"""

from __future__ import annotations

from enum import Enum
from typing import assert_never


class Verdict(Enum):
    """What a local check says about a patch of training steps."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"


def implication(premise: Verdict, conclusion: Verdict) -> Verdict:
    """If the premise holds, does the conclusion? Heyting implication on FALSE < UNKNOWN < TRUE."""
    match premise:
        case Verdict.FALSE:
            return Verdict.TRUE
        case Verdict.UNKNOWN:
            return Verdict.FALSE if conclusion is Verdict.FALSE else Verdict.TRUE
        case Verdict.TRUE:
            return conclusion
        case _:
            assert_never(premise)


# --- checks: do not edit below this line ---

import itertools  # noqa: E402

T, U, F = Verdict.TRUE, Verdict.UNKNOWN, Verdict.FALSE
RANK = {F: 0, U: 1, T: 2}


def at_most(a: Verdict, b: Verdict) -> bool:
    return RANK[a] <= RANK[b]


def both(a: Verdict, b: Verdict) -> Verdict:
    return a if RANK[a] <= RANK[b] else b


def test_classical_cases_are_unchanged() -> None:
    # on TRUE and FALSE alone, implication is the classical one
    assert (implication(F, F), implication(F, T)) == (T, T)
    assert (implication(T, F), implication(T, T)) == (F, T)


def test_unknown_premise() -> None:
    # UNKNOWN <= TRUE and UNKNOWN <= UNKNOWN give TRUE; UNKNOWN is not <= FALSE, so FALSE
    assert implication(U, T) == T
    assert implication(U, U) == T
    assert implication(U, F) == F


def test_unknown_conclusion() -> None:
    # FALSE <= UNKNOWN gives TRUE; TRUE is not <= UNKNOWN, so UNKNOWN
    assert implication(F, U) == T
    assert implication(T, U) == U


def test_residual_law_for_every_triple() -> None:
    for c, a, b in itertools.product(Verdict, repeat=3):
        assert at_most(both(c, a), b) == at_most(c, implication(a, b)), (c, a, b)


def _must_stay_rejected(verdict: Verdict) -> None:  # never called: each marked line stays rejected
    match verdict:
        case Verdict.TRUE | Verdict.FALSE:
            pass
        case _:
            assert_never(verdict)  # type: ignore[arg-type]
