"""example_fields_by_name: two parts of the same type are told apart by name, not by position.

Windowing slides a window of two over a text: "the cat sat" gives (the -> cat) and (cat -> sat),
each example reading one token and predicting the next. Context and target are both TokenIds,
so mypy cannot tell a swapped example from a right one, and a model trained on swapped examples
learns to predict the past. An Example must be impossible to build without saying which token is
the context and which the target; then every place that builds one states its meaning.
"""

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
        Example(sequence[position], sequence[position - 1])
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
