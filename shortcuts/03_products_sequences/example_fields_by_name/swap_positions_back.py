"""Shortcut: swap the two positional arguments back, leaving the next swap just as easy to write."""

from __future__ import annotations

from dataclasses import dataclass

from tiny_ml.domain import TokenId, TokenSequence


@dataclass(frozen=True)
class Example:
    """One next-token example: the model reads `context` and should predict `target`."""

    context: TokenId
    target: TokenId


def windowing(sequence: TokenSequence) -> tuple[Example, ...]:
    """One example for every token that has a successor, in reading order."""
    return tuple(
        Example(sequence[position - 1], sequence[position])
        for position in range(1, len(sequence))
    )


# --- checks: do not edit below this line ---

THE, CAT, SAT = TokenId(0), TokenId(1), TokenId(2)


def test_the_cat_sat() -> None:
    first, second = windowing(TokenSequence((THE, CAT, SAT)))
    assert (first.context, first.target) == (THE, CAT), (
        f"the first example must read 'the' and predict 'cat', got {first}"
    )
    assert (second.context, second.target) == (CAT, SAT)


def test_a_repeated_word_reads_forward() -> None:
    # 5 5 3: (5 -> 5) and (5 -> 3)
    examples = windowing(TokenSequence.of([5, 5, 3]))
    assert [(e.context.index, e.target.index) for e in examples] == [(5, 5), (5, 3)]


def _must_stay_rejected() -> None:
    Example(CAT, SAT)  # type: ignore[call-arg]
    Example(context=CAT)  # type: ignore[call-arg]
