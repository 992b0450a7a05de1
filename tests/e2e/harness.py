"""Drive the real `typed-ai-rustlings` in a pseudo-terminal and read its screen as plain text.

Everything the tests see goes through `Terminal`: output is read as it arrives, escape
sequences (colour, cursor moves, hyperlinks) are stripped, and `expect` searches forward
from the last match, so a test reads the screen in the order a learner would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# pexpect ships no type information; this module is the only place that touches it, and every
# value it returns is converted to a typed one right here.
import pexpect  # type: ignore[import-untyped]

FIXTURE = Path(__file__).parent / "fixtures" / "course"
STATE_FILE = ".typed-ai-rustlings-state.json"
MARKER = "# --- checks: do not edit below this line ---"

_ESCAPE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clears
    r"|\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: hyperlinks, titles
    r"|[@-Z\\-_])"  # two-byte escapes
)
SGR = re.compile(r"\x1b\[[0-9;:]*m")
CLEAR = "\x1b[H\x1b[2J"
"""What the watcher writes before each full frame."""
STATUS_REWRITE = "\r\x1b[2K"


def command() -> list[str]:
    """The installed console script next to the running interpreter, else `-m checker`."""
    script = Path(sys.executable).parent / "typed-ai-rustlings"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "checker"]


class ScreenTimeout(AssertionError):
    pass


class Terminal:
    """One running program on a pseudo-terminal of the given size."""

    def __init__(
        self,
        argv: list[str],
        *,
        cwd: Path,
        env: Mapping[str, str],
        rows: int = 40,
        cols: int = 160,
    ) -> None:
        self._child = pexpect.spawn(
            argv[0],
            argv[1:],
            cwd=str(cwd),
            env=dict(env),
            dimensions=(rows, cols),
            encoding="utf-8",
            codec_errors="replace",
            timeout=None,
            echo=False,
        )
        self.raw = ""
        self.text = ""
        self.pos = 0
        self._carry = ""
        self.finished = False

    def _add(self, chunk: str) -> None:
        self.raw += chunk
        combined = self._carry + chunk
        self._carry = ""
        cut = combined.rfind("\x1b")
        if cut >= 0 and _ESCAPE.match(combined, cut) is None and len(combined) - cut < 512:
            combined, self._carry = combined[:cut], combined[cut:]
        plain = _ESCAPE.sub("", combined).replace("\r\n", "\n").replace("\r", "\n")
        self.text += plain

    def pump(self, timeout: float) -> None:
        """Read whatever arrives within `timeout` seconds (less if output comes sooner)."""
        if self.finished:
            time.sleep(min(timeout, 0.05))
            return
        try:
            chunk = self._child.read_nonblocking(1 << 16, timeout)
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:
            self.finished = True
            return
        self._add(str(chunk))

    def expect(self, pattern: str, timeout: float = 20.0) -> re.Match[str]:
        """Wait for `pattern` (a regex) after the last match; move past it."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            found = regex.search(self.text, self.pos)
            if found is not None:
                self.pos = found.end()
                return found
            left = deadline - time.monotonic()
            if left <= 0 or (self.finished and not self._carry):
                if self.finished:
                    found = regex.search(self.text, self.pos)
                    if found is not None:
                        self.pos = found.end()
                        return found
                tail = self.text[max(self.pos, len(self.text) - 3000) :]
                state = "exited" if self.finished else "still running"
                raise ScreenTimeout(
                    f"{pattern!r} not on screen after {timeout:.0f}s ({state}); "
                    f"screen since last match:\n{tail}"
                )
            self.pump(min(left, 0.2))

    def settle(self, seconds: float) -> str:
        """Read for `seconds` and return the text that arrived after the last match."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self.pump(min(left, 0.1))
        return self.text[self.pos :]

    def frame(self) -> list[str]:
        """The plain lines of the last full frame drawn so far, its status line last (as first
        drawn: later in-place rewrites of the status line are left out)."""
        start = self.raw.rfind(CLEAR)
        drawn = self.raw[start + len(CLEAR) :] if start >= 0 else self.raw
        drawn = drawn.split(STATUS_REWRITE)[0]
        return _ESCAPE.sub("", drawn).replace("\r\n", "\n").split("\n")

    @property
    def pid(self) -> int:
        return int(self._child.pid)

    def send(self, keys: str) -> None:
        self._child.send(keys)

    def interrupt(self) -> None:
        """Ctrl-C typed at the terminal (SIGINT to the foreground process group)."""
        self._child.sendintr()

    def resize(self, rows: int, cols: int) -> None:
        self._child.setwinsize(rows, cols)

    def wait_exit(self, timeout: float = 20.0) -> int:
        """Read to the end and return the exit status (128+N for a signal)."""
        deadline = time.monotonic() + timeout
        while not self.finished:
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                raise ScreenTimeout(f"still running after {timeout:.0f}s:\n{self.text[-3000:]}")
            self.pump(min(left, 0.2))
        self._child.close(force=True)
        status = self._child.exitstatus
        if status is None:
            signal_status = self._child.signalstatus
            return 128 + int(signal_status) if signal_status is not None else -1
        return int(status)

    def kill(self) -> None:
        if not self.finished:
            self._child.close(force=True)
            self.finished = True


@dataclass
class Course:
    """A fresh copy of the fixture course, and how to run the command on it."""

    root: Path
    cache: Path
    log: Path

    def path(self, relative: str) -> Path:
        return self.root / relative

    def read(self, relative: str) -> str:
        return self.path(relative).read_text(encoding="utf-8")

    def learner(self, relative: str, code: str) -> str:
        """The file's text with its learner part (above the marker) replaced by `code`."""
        original = self.read(relative)
        checks = original[original.index(MARKER) :]
        return code.rstrip("\n") + "\n\n\n" + checks

    def solution(self, relative: str) -> str:
        return self.read(relative.replace("exercises/", "solutions/", 1))

    def state(self) -> dict[str, object]:
        loaded: object = json.loads(self.path(STATE_FILE).read_text(encoding="utf-8"))
        assert isinstance(loaded, dict)
        return {str(key): value for key, value in loaded.items()}

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "PYTEST_ADDOPTS"}
            and not key.startswith("TYPED_AI_RUSTLINGS_")
        }
        env.update(
            TERM="xterm-256color",
            XDG_CACHE_HOME=str(self.cache),
            NO_COLOR="1",
            TYPED_AI_RUSTLINGS_DEBOUNCE_MS="150",
            TYPED_AI_RUSTLINGS_POLL_MS="300",
            TYPED_AI_RUSTLINGS_WATCH_LOG=str(self.log),
        )
        env.update(extra)
        return {key: value for key, value in env.items() if value != ""}

    def spawn(
        self, *args: str, env: Mapping[str, str] | None = None, rows: int = 40, cols: int = 160
    ) -> Terminal:
        return Terminal(
            [*command(), *args],
            cwd=self.root,
            env=self.env() if env is None else env,
            rows=rows,
            cols=cols,
        )

    def command(self, *args: str) -> tuple[int, str]:
        """The command run to the end in a second process (no terminal), as in another shell."""
        done = subprocess.run(
            [*command(), *args],
            cwd=self.root,
            env=self.env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        return done.returncode, done.stdout + done.stderr

    @contextmanager
    def watching(
        self,
        *args: str,
        env: Mapping[str, str] | None = None,
        rows: int = 40,
        cols: int = 160,
    ) -> Iterator[Terminal]:
        """`watch` running until the block ends; it must then quit cleanly on `q`."""
        term = self.spawn("watch", *args, env=env, rows=rows, cols=cols)
        try:
            yield term
            if not term.finished:
                term.send("q")
            assert term.wait_exit() == 0, term.text[-3000:]
            assert "Traceback (most recent call last)" not in term.text, term.text[-3000:]
        finally:
            term.kill()

    def log_lines(self, word: str) -> list[str]:
        if not self.log.exists():
            return []
        return [line for line in self.log.read_text().splitlines() if f" {word}" in line]


def fresh_course(base: Path) -> Course:
    """Copy the fixture to the same path each time, so the mypy cache (keyed by the course
    root) stays warm across tests."""
    root = base / "course"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(FIXTURE, root)
    log = base / "watch.log"
    log.unlink(missing_ok=True)
    return Course(root=root, cache=base / "cache", log=log)
