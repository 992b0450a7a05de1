"""The watcher's screen: one full redraw per state change, and a status line updated in place.

Every frame starts from a cleared screen, so what the learner sees is always one coherent
picture: the verdict (drawn by checker.render), hints, notes, the keys, and a last line
that says what the watcher is doing. That last line has no newline after it, so
"checking..." can replace it without redrawing the verdict above (no flicker on save).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from rich.console import Console
from rich.text import Text

CLEAR = "\x1b[H\x1b[2J"
CLEAR_LINE = "\r\x1b[2K"


class Screen:
    def __init__(self, console: Console, out: TextIO) -> None:
        self._console = console
        self._out = out
        self._status = Text()

    @property
    def width(self) -> int:
        return self._console.width

    def draw(self, paint: Callable[[Console], None], status: Text) -> None:
        """Clear, let `paint` print the frame, then draw the status line; one write."""
        with self._console.capture() as capture:
            paint(self._console)
        self._status = status
        self._write(CLEAR + capture.get() + self._line(status))

    def status(self, status: Text) -> None:
        """Replace only the last line (nothing is written when it would not change)."""
        if status.plain == self._status.plain and status.style == self._status.style:
            return
        self._status = status
        self._write(CLEAR_LINE + self._line(status))

    def close(self) -> None:
        """Leave the cursor on a fresh line for the shell prompt."""
        self._write("\n")

    def _line(self, status: Text) -> str:
        clipped = status.copy()
        clipped.truncate(max(10, self.width - 1), overflow="ellipsis")
        with self._console.capture() as capture:
            self._console.print(clipped, end="")
        return capture.get()

    def _write(self, data: str) -> None:
        try:
            self._out.write(data)
            self._out.flush()
        except OSError:
            return
