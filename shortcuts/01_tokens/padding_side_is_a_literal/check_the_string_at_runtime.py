"""Shortcut: keep side a str and refuse a misspelt side at runtime instead."""

from __future__ import annotations

from tiny_ml.domain import TokenId

PAD = TokenId(0)
"""The padding token: id 0 of this vocabulary, ignored by the loss."""


def padded(tokens: tuple[TokenId, ...], length: int, side: str) -> tuple[TokenId, ...]:
    """The tokens filled up with PAD to `length`, on the given side; longer input is unchanged."""
    fill = (PAD,) * (length - len(tokens))
    if side not in ("left", "right"):
        raise ValueError(side)
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
