"""windowing_pairs_in_order: each example reads a token and predicts the one that follows it.

Dataset windowing slides a window of two over the text: "the cat sat" gives (the -> cat) and
(cat -> sat), context first, target second, in reading order. Context and target are both
TokenIds, so mypy cannot see which is which: a model trained on reversed pairs learns to predict
the past, and every type still checks. The tests compare with tiny_ml's own DatasetWindowing.
Fix the example built at the TODO.
"""

from __future__ import annotations

from tiny_ml.domain import TokenSequence, TrainingExample, TrainingSet
from tiny_ml.errors import EmptyInputError


def windowing(sequence: TokenSequence) -> TrainingSet:
    """TokenSequence -> TrainingSet: one example for every token that has a successor."""
    if len(sequence) < 2:
        raise EmptyInputError("a training set (windowing needs at least two tokens)")
    examples: list[TrainingExample] = []
    for position in range(1, len(sequence)):
        examples.append(TrainingExample(sequence[position - 1], sequence[position]))
    return TrainingSet(tuple(examples))


# --- checks: do not edit below this line ---

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tiny_ml.domain import TokenId  # noqa: E402
from tiny_ml.ml import DatasetWindowing  # noqa: E402

THE, CAT, SAT = TokenId(0), TokenId(1), TokenId(2)


def test_the_cat_sat() -> None:
    first, second = windowing(TokenSequence((THE, CAT, SAT))).examples
    assert (first.context, first.target) == (THE, CAT), (
        f"the first example must read 'the' and predict 'cat', got {first}"
    )
    assert (second.context, second.target) == (CAT, SAT)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=2, max_size=12))
def test_windowing_agrees_with_tiny_ml(indices: list[int]) -> None:
    sequence = TokenSequence.of(indices)
    mine = windowing(sequence).examples
    assert len(mine) == len(indices) - 1, "n tokens give n - 1 examples"
    assert mine == DatasetWindowing().apply(sequence).examples, (
        "example i must read token i and predict token i + 1"
    )
