"""intro_the_checks_section: the checks below the marker line say what the code must mean.

Below the marker line sit the checks: `test_` functions that pytest runs once mypy is satisfied,
and lines ending in `# expect-type-error[code]` that mypy must keep rejecting, so a fix cannot
just loosen a type. The checks are the exercise's specification: the tool compares them with the
original and refuses the file if they change. Here mypy finds nothing wrong, yet a test fails:
read its message and fix `last_word` above the marker.
"""

from __future__ import annotations


def last_word(sentence: str) -> str:
    """The final word of a sentence: the context a next-word model reads before it predicts."""
    words = sentence.split()
    # TODO: mypy is satisfied, but the test disagrees. Which position holds the last word?
    return words[0]


# --- checks: do not edit below this line ---


def test_last_word_is_the_final_word() -> None:
    got = last_word("the cat sat")
    assert got == "sat", f"last_word must return the final word of the sentence, got {got!r}"


def test_last_word_of_one_word() -> None:
    assert last_word("  hello ") == "hello"


def _must_stay_rejected() -> None:
    last_word(["the", "cat"])  # expect-type-error[arg-type]
