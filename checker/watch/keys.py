"""Single key presses without Enter, and a terminal that is always given back as it was.

The terminal goes into cbreak mode (no line buffering, no echo; Ctrl-C still raises
KeyboardInterrupt) for the watcher's lifetime. `TerminalMode` restores the saved settings on
every way out: normal return, exception, Ctrl-C, SIGTERM/SIGHUP (turned into SystemExit by
the loop) and suspend with Ctrl-Z (restored while stopped, re-entered on resume).
"""

from __future__ import annotations

import os
import select
import signal
import termios
import threading
import tty
from collections.abc import Callable
from types import FrameType, TracebackType

from checker.watch.messages import KeyPressed, Message, Resized

# termios attribute list as returned by tcgetattr (mixed ints and a list of control chars).
_Attrs = list[int | list[bytes | int]]


class TerminalMode:
    """cbreak mode on `fd` inside a `with` block; the original settings come back on exit."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._saved: _Attrs | None = None

    def __enter__(self) -> TerminalMode:
        self._saved = termios.tcgetattr(self._fd)
        self.enter()
        return self

    def enter(self) -> None:
        tty.setcbreak(self._fd, termios.TCSANOW)

    def restore(self) -> None:
        if self._saved is not None:
            termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.restore()


class KeyReader:
    """A thread that posts each key typed on `fd` (see `_keys` for the names)."""

    def __init__(self, fd: int, sink: Callable[[Message], None]) -> None:
        self._fd = fd
        self._sink = sink
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._run, name="keys", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        try:
            os.write(self._wake_w, b"x")
        except OSError:
            return
        self._thread.join(timeout=1.0)
        for fd in (self._wake_r, self._wake_w):
            os.close(fd)

    def _run(self) -> None:
        while True:
            ready, _, _ = select.select([self._fd, self._wake_r], [], [])
            if self._wake_r in ready:
                return
            try:
                data = os.read(self._fd, 64)
            except OSError:
                return
            if not data:
                self._sink(KeyPressed(key="eof"))
                return
            for key in _keys(data):
                self._sink(KeyPressed(key=key))


_ARROWS = {"A": "up", "B": "down", "C": "right", "D": "left"}


def _keys(data: bytes) -> list[str]:
    """The keys in one read: printable keys (lower-cased), "enter", "esc" (Esc alone), arrows
    as "up"/"down"/"left"/"right", "eof" for Ctrl-D. Other escape sequences (function keys,
    Alt with a key) count as nothing."""
    text = data.decode("utf-8", errors="ignore")
    keys: list[str] = []
    at = 0
    while at < len(text):
        char = text[at]
        at += 1
        if char == "\x1b":
            if at >= len(text) or text[at] == "\x1b":
                keys.append("esc")
            elif text[at] in "[O":
                end = at + 1
                while end < len(text) and not "@" <= text[end] <= "~":
                    end += 1
                if end < len(text) and text[end] in _ARROWS:
                    keys.append(_ARROWS[text[end]])
                at = end + 1
            else:
                at += 1  # Alt with a key: not one of ours
        elif char == "\x04":
            keys.append("eof")
        elif char in "\r\n":
            keys.append("enter")
        elif char.isprintable():
            keys.append(char.lower())
    return keys


SignalHandler = Callable[[int, FrameType | None], object] | int | None


class Signals:
    """Installs the watcher's signal handlers and puts the previous ones back on exit.

    SIGWINCH posts Resized; SIGTERM and SIGHUP end the loop through SystemExit so the
    terminal and the helpers are cleaned up; SIGTSTP gives the terminal back before
    stopping, and SIGCONT takes it again and asks for a redraw."""

    def __init__(self, sink: Callable[[Message], None], terminal: TerminalMode | None) -> None:
        self._sink = sink
        self._terminal = terminal
        self._previous: dict[int, SignalHandler] = {}

    def __enter__(self) -> Signals:
        self._install(signal.SIGWINCH, self._on_resize)
        self._install(signal.SIGTERM, self._on_terminate)
        self._install(signal.SIGHUP, self._on_terminate)
        if self._terminal is not None:
            self._install(signal.SIGTSTP, self._on_suspend)
            self._install(signal.SIGCONT, self._on_continue)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)

    def _install(self, number: int, handler: Callable[[int, FrameType | None], None]) -> None:
        self._previous[number] = signal.signal(number, handler)

    def _on_resize(self, number: int, frame: FrameType | None) -> None:
        self._sink(Resized())

    def _on_terminate(self, number: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + number)

    def _on_suspend(self, number: int, frame: FrameType | None) -> None:
        if self._terminal is not None:
            self._terminal.restore()
        os.kill(os.getpid(), signal.SIGSTOP)

    def _on_continue(self, number: int, frame: FrameType | None) -> None:
        if self._terminal is not None:
            self._terminal.enter()
        self._sink(Resized())
