"""intro_save_and_verdict: fix the file, save it, and read the new verdict.

Every exercise is a small piece of a tiny language model with one promise broken. The tool runs
`mypy --strict` on this file each time you save it, shows the errors, and once mypy is satisfied
runs the checks at the bottom. Here `word_count` promises an `int`, a count of words, and does not
keep that promise: make it keep it, save, and watch the verdict change.
"""

from __future__ import annotations


def word_count(sentence: str) -> int:
    """How many whitespace-separated words the sentence holds."""
    words = sentence.split()
    # The function promised how many words there are; this hands back the words themselves.
    return words


# --- checks: do not edit below this line ---


def test_word_count_counts_words() -> None:
    # "the cat sat on the mat": the, cat, sat, on, the, mat
    assert word_count("the cat sat on the mat") == 6


def test_word_count_ignores_extra_spaces() -> None:
    assert word_count("  tiny   models  ") == 2


def _must_stay_rejected() -> None:
    word_count("the cat").upper()  # type: ignore[attr-defined]
