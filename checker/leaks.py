"""Fix leaks: an exercise whose prose already states the code its solution adds teaches nothing.

The learner should meet the lesson in mypy's error, not read the edit in a docstring or a TODO;
the edit belongs in the last hint level only.
"""

from __future__ import annotations

import difflib
import io
import re
import tokenize

MIN_LEAKED_LINE = 12
"""Characters (spaces ignored) an added line needs before its presence in prose counts as a leak."""
MIN_FRAGMENT = 8
IDENTIFIER = re.compile(r"[A-Za-z_]\w+")
NOT_TELLING = frozenset({"self", "return", "None", "True", "False"})


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _identifiers(text: str) -> set[str]:
    return set(IDENTIFIER.findall(text)) - NOT_TELLING


def prose(source: str) -> str:
    """The docstrings, string statements and comments of a file part: what a learner reads."""
    pieces: list[str] = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return source
    previous_significant = tokenize.NEWLINE
    for token in tokens:
        if token.type == tokenize.COMMENT:
            pieces.append(token.string.lstrip("#"))
        elif token.type == tokenize.STRING and previous_significant in (
            tokenize.NEWLINE,
            tokenize.INDENT,
            tokenize.DEDENT,
        ):
            pieces.append(token.string)
        if token.type not in (tokenize.COMMENT, tokenize.NL):
            previous_significant = token.type
    return "\n".join(pieces)


def added_lines(before: str, after: str) -> list[str]:
    """The lines the solution adds to the exercise, stripped."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [
        line[1:].strip()
        for line in diff
        if line.startswith("+") and not line.startswith("+++") and line[1:].strip()
    ]


def find_leak(exercise_part: str, solution_part: str) -> str | None:
    """The first piece of the solution's edit that the exercise's prose already spells out."""
    text = prose(exercise_part)
    squashed_prose = _squash(text)
    added = added_lines(exercise_part, solution_part)
    for line in added:
        if line.startswith("#"):
            continue
        if len(_squash(line)) >= MIN_LEAKED_LINE and _squash(line) in squashed_prose:
            return line
    added_ids = _identifiers("\n".join(line for line in added if not line.startswith("#")))
    for fragment in re.findall(r"`([^`]+)`", text):
        if len(_squash(fragment)) < MIN_FRAGMENT:
            continue
        ids = _identifiers(fragment)
        if len(ids) >= 2 and len(ids & added_ids) >= 0.75 * len(ids):
            return f"`{fragment}`"
    return None
