"""Shortcut: type the function as returning object and turn each result into a float."""

from __future__ import annotations

from collections.abc import Callable

from tiny_ml.domain import Logits


def rescore(logits: Logits, transform: Callable[[float], object]) -> Logits:
    """Every score of the logits sent through transform, in vocabulary order."""
    return Logits(tuple(float(str(transform(score))) for score in logits.values))


# --- checks: do not edit below this line ---

from tiny_ml.domain import TokenId  # noqa: E402


def halve(score: float) -> float:
    return score / 2.0


def cap_at_ten(score: float) -> float:
    return min(score, 10.0)


def word_length(word: str) -> float:
    return float(len(word))


def as_token(score: float) -> TokenId:
    return TokenId(int(abs(score)))


def halve_all(logits: Logits) -> Logits:
    return Logits(tuple(score / 2.0 for score in logits.values))


def test_temperature_two_halves_every_score() -> None:
    assert rescore(Logits((4.0, -3.0, 0.5)), halve) == Logits((2.0, -1.5, 0.25))


def test_capping_keeps_small_scores() -> None:
    assert rescore(Logits((3.0, 12.0, -20.0)), cap_at_ten) == Logits((3.0, 10.0, -20.0))


def _must_stay_rejected(logits: Logits) -> None:  # never called: mypy must keep rejecting each line
    rescore(logits, word_length)  # type: ignore[arg-type]
    rescore(logits, as_token)  # type: ignore[arg-type]
    rescore(logits, halve_all)  # type: ignore[arg-type]
