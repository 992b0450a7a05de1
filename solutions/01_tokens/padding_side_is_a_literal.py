"""padding_side_is_a_literal: a choice between a few fixed words is a type, not any str.

Sequences in one batch must have the same length, so the short ones are filled up with a padding
token. Decoder models pad on the left (their newest token must stay last); encoders usually pad on
the right. Passed as a plain str, a misspelt side is just another string: it falls through to the
default branch and the batch is padded on the wrong side without a word. The side parameter must
admit exactly the two sides and nothing else, so that mypy refuses every other string.
"""

from __future__ import annotations

from typing import Literal

from tiny_ml.domain import TokenId

PAD = TokenId(0)
"""The padding token: id 0 of this vocabulary, ignored by the loss."""


def padded(
    tokens: tuple[TokenId, ...], length: int, side: Literal["left", "right"]
) -> tuple[TokenId, ...]:
    """The tokens filled up with PAD to `length`, on the given side; longer input is unchanged."""
    fill = (PAD,) * (length - len(tokens))
    if side == "left":
        return fill + tokens
    return tokens + fill


# --- checks: do not edit below this line ---

CAT, SAT = TokenId(4), TokenId(7)


def test_left_padding_keeps_the_newest_token_last() -> None:
    # two tokens filled up to four: two PADs in front
    assert padded((CAT, SAT), 4, side="left") == (PAD, PAD, CAT, SAT)


def test_right_padding_fills_the_end() -> None:
    assert padded((CAT, SAT), 3, side="right") == (CAT, SAT, PAD)
    assert padded((CAT, SAT), 2, side="right") == (CAT, SAT)


def _must_stay_rejected() -> None:
    padded((CAT,), 2, side="rigth")  # type: ignore[arg-type]
    padded((CAT,), 2, side="Left")  # type: ignore[arg-type]
