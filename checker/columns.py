"""mypy's columns turned into character positions on the learner's line.

On a line holding non-ASCII text, mypy 2.4 reports a column as `2 * characters - bytes` of
the text before it (it converts a character offset as if it were a UTF-8 byte offset). On an
ASCII line that is the character offset itself. Several positions can map to one reported
column only inside runs of non-ASCII text; a diagnostic starts and ends on token boundaries,
so those are preferred.
"""

from __future__ import annotations

import io
import tokenize


def _reported(line: str, position: int) -> int:
    return 2 * position - len(line[:position].encode("utf-8"))


def _token_edges(line: str) -> tuple[set[int], set[int]]:
    starts: set[int] = set()
    ends: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(line).readline):
            if token.start[0] == 1:
                starts.add(token.start[1])
            if token.end[0] == 1:
                ends.add(token.end[1])
    except (tokenize.TokenError, SyntaxError):
        pass
    return starts, ends


def _position(line: str, column: int, edges: set[int]) -> int:
    candidates = [p for p in range(len(line) + 1) if _reported(line, p) == column]
    preferred = [p for p in candidates if p in edges]
    if preferred or candidates:
        return (preferred or candidates)[0]
    return min(max(column, 0), len(line))


def character_span(line: str, column: int, end_column: int) -> tuple[int, int]:
    """The characters of `line` that mypy's 0-based `column`..`end_column` (exclusive) cover."""
    if line.isascii():
        return column, end_column
    starts, ends = _token_edges(line)
    start = _position(line, column, starts)
    end = _position(line, end_column, ends)
    return start, max(end, start)
