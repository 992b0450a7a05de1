"""windowing_needs_two_tokens: a stream shorter than two tokens has no example, and says so.

Each training example pairs a token with the next one, so a stream of n tokens gives n - 1
examples, and a stream of one token gives none. Returned quietly, that empty list travels on
until the average loss divides by its length, zero, with no word about the real cause. At the
TODO, refuse a stream with fewer than two tokens by raising tiny_ml.errors.EmptyInputError, with
a `what` that says a training set needs at least two tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from tiny_ml.domain import TokenId, TrainingExample
from tiny_ml.errors import EmptyInputError


def next_token_pairs(stream: Sequence[TokenId]) -> list[TrainingExample]:
    """Every (token, next token) example of a stream, in reading order."""
    if len(stream) < 2:
        raise EmptyInputError("a training set (windowing needs at least two tokens)")
    return [TrainingExample(context, target) for context, target in pairwise(stream)]


# --- checks: do not edit below this line ---

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _refusal(stream: Sequence[TokenId]) -> Exception | None:
    try:
        next_token_pairs(stream)
    except Exception as error:
        return error
    return None


def test_two_tokens_give_one_example() -> None:
    assert next_token_pairs([TokenId(3), TokenId(1)]) == [TrainingExample(TokenId(3), TokenId(1))]


def test_fewer_than_two_tokens_are_refused() -> None:
    for stream in ([], [TokenId(4)]):
        error = _refusal(stream)
        assert isinstance(error, EmptyInputError), (
            f"next_token_pairs({stream}) has no example to give: it must raise "
            f"EmptyInputError, got {error!r}"
        )
        assert "two tokens" in str(error), (
            f"the error should say that at least two tokens are needed, got {error}"
        )


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=2, max_size=12))
def test_n_tokens_give_n_minus_one_chained_examples(indices: list[int]) -> None:
    stream = [TokenId(i) for i in indices]
    examples = next_token_pairs(stream)
    assert len(examples) == len(stream) - 1
    for i in range(len(examples) - 1):
        assert examples[i].target == examples[i + 1].context, (
            "each target is the next example's context"
        )
