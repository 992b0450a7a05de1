"""Shortcut: carry the result type with a TypeVar but let any arguments through."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from tiny_ml.attention import Hidden, TransformerParameters, final_hidden
from tiny_ml.domain import TokenSequence

R = TypeVar("R")


def cached(stage: Callable[..., R]) -> Callable[..., R]:
    """The same stage, computed once for each distinct set of (hashable) arguments."""
    results: dict[tuple[tuple[object, ...], tuple[tuple[str, object], ...]], R] = {}

    @functools.wraps(stage)
    def remembered(*args: object, **kwargs: object) -> R:
        key = (args, tuple(kwargs.items()))
        if key not in results:
            results[key] = stage(*args, **kwargs)
        return results[key]

    return remembered


@cached
def block_output(parameters: TransformerParameters, tokens: TokenSequence) -> Hidden:
    """The causal block's hidden rows for a token sequence."""
    return final_hidden(parameters, tokens)


def last_position(parameters: TransformerParameters, tokens: TokenSequence) -> tuple[float, ...]:
    """The hidden row of the last position: the one that predicts what comes next."""
    hidden: Hidden = block_output(parameters, tokens)
    return hidden.rows[-1]


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402

from tiny_ml.attention import FeedForwardWidth, HeadCount  # noqa: E402
from tiny_ml.domain import ModelDimension, VocabSize  # noqa: E402

CALLS: list[int] = []


@cached
def scaled(value: int, *, factor: int = 2) -> int:
    CALLS.append(value)
    return value * factor


PARAMETERS = TransformerParameters.initial(
    vocab_size=VocabSize(4),
    model_dimension=ModelDimension(4),
    heads=HeadCount(2),
    feed_forward_width=FeedForwardWidth(4),
)
TOKENS = TokenSequence.of([0, 1, 2])


def test_each_input_is_computed_once() -> None:
    CALLS.clear()
    assert scaled(3) == 6 and scaled(3) == 6, "3 * 2 = 6, both times"
    assert scaled(3, factor=3) == 9, "another keyword is another input: 3 * 3 = 9"
    assert CALLS == [3, 3], f"the stage ran for {CALLS}: once per distinct input"


def test_the_wrapped_stage_keeps_its_name() -> None:
    assert scaled.__name__ == "scaled" and block_output.__name__ == "block_output"


def test_a_block_output_is_remembered() -> None:
    first = block_output(PARAMETERS, TOKENS)
    assert block_output(PARAMETERS, TOKENS) is first, "the second call returns what was stored"
    assert last_position(PARAMETERS, TOKENS) == first.rows[2]


def _keeps_the_signature() -> None:
    assert_type(scaled(3), int)
    assert_type(block_output(PARAMETERS, TOKENS), Hidden)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    scaled("3")  # type: ignore[arg-type]
    scaled(3, factor=0.5)  # type: ignore[arg-type]
    scaled(3, 4)  # type: ignore[call-arg]
    block_output(TOKENS, PARAMETERS)  # type: ignore[arg-type]
