"""intro_the_checks_section: the checks below the marker line say what the code must mean.

Below the marker line sit three kinds of checks, and the tool refuses the file if any of them
changes. `test_` functions run once mypy is satisfied and prove what the code computes.
`assert_type(value, T)` asks mypy to infer exactly the type T for the value, no wider. A line
ending in `# type: ignore[code]` must keep failing with that code: the verdict lists it as "must
stay rejected" when mypy accepts it, so a fix cannot loosen a type. Here the computation is right,
but `last_word`'s signature promises far less than the checks need: a sentence goes in, a word
comes out.
"""

from __future__ import annotations


def last_word(sentence: str) -> str:
    """The final word of a sentence: the context a next-word model reads before it predicts."""
    return sentence.split()[-1]


# --- checks: do not edit below this line ---

from typing import assert_type  # noqa: E402


def test_last_word_is_the_final_word() -> None:
    assert assert_type(last_word("the cat sat"), str) == "sat"


def test_last_word_of_one_word() -> None:
    assert last_word("  hello ") == "hello"


def _must_stay_rejected() -> None:
    last_word(["the", "cat"])  # type: ignore[arg-type]
    last_word(None)  # type: ignore[arg-type]
