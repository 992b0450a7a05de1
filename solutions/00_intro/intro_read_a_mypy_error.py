"""intro_read_a_mypy_error: every mypy error says where, what, and which kind.

A verdict shows each error in three parts. The first line, `error[arg-type]: Argument 1 to
"repeat_word" has incompatible type "int"; expected "str"`, gives the kind of error in brackets
(its code) and the message; the arrow line `--> path:line:column` says where; the caret points at
the exact spot. Editors print the same error as `path:line:column: error: message  [arg-type]`.
Read both errors below: together they say which arguments are wrong and what was expected.
"""

from __future__ import annotations


def repeat_word(word: str, times: int) -> str:
    """The word `times` times, separated by spaces: a toy sentence to feed a tokenizer."""
    return " ".join([word] * times)


def chorus(word: str) -> str:
    """The word three times in a row: the refrain of a toy corpus."""
    return repeat_word(word, times=3)


# --- checks: do not edit below this line ---


def test_chorus_repeats_the_word_three_times() -> None:
    assert chorus("la") == "la la la"
    assert chorus("na") == "na na na"


def test_repeat_word_once_is_the_word() -> None:
    assert repeat_word("token", 1) == "token"


def _must_stay_rejected() -> None:
    repeat_word(3, "la")  # type: ignore[arg-type]
