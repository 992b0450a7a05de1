"""pytest in a child process with a time limit: a learner's infinite loop costs a message, not a hang."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from checker.cancel import Cancellation
from checker.clipping import clip_text, read_clipped
from checker.course import Course, import_root
from checker.reaper import kill_process_group

SENTINEL_ENV = "TYPED_AI_RUSTLINGS_SENTINEL"
NONCE_ENV = "TYPED_AI_RUSTLINGS_NONCE"
"""How the child learns where to write its result and which nonce proves it (see pytest_sentinel)."""
Outcome = Literal["passed", "failed", "timeout", "no-tests", "crashed", "not-run"]
REAPER_GRACE = 1.0
"""Seconds the reaper gets to end the processes a stopped check left behind."""
OUTPUT_LIMIT = 16_000
"""Bytes of learner output kept: the head and the tail, so megabytes of prints stay readable."""
OUTPUT_HEAD = OUTPUT_TAIL = OUTPUT_LIMIT // 2


@dataclass(frozen=True)
class TestFailure:
    """One failing test (or a module that would not import) and pytest's account of it."""

    test: str
    message: str


@dataclass(frozen=True)
class TestReport:
    """What running the checks showed; `output` is the learner-visible text, kept as plain text."""

    outcome: Outcome
    failures: tuple[TestFailure, ...]
    output: str
    seconds: float


class TestRunner(Protocol):
    """Anything that can run one snapshot's checks under pytest with a time limit.

    A run whose `cancel` is cancelled stops at once; its report means nothing and is dropped.
    """

    def run(
        self, test_file: Path, *, timeout: float, cancel: Cancellation | None = None
    ) -> TestReport: ...

    def close(self) -> None: ...


def pytest_arguments(test_file: Path) -> list[str]:
    """The same isolated pytest command line for every backend: no course config, no conftest."""
    folder = str(test_file.parent)
    return [
        "-q",
        "-s",
        "-p",
        "checker.pytest_sentinel",
        "-p",
        "checker.pytest_hypothesis",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:randomly",
        "--rootdir",
        folder,
        "--confcutdir",
        folder,
        "-c",
        os.devnull,
        "--noconftest",
        "--tb=short",
        "--no-header",
        "-W",
        "ignore::pytest.PytestConfigWarning",
        # The fork server imports the sentinel plugin before forking; that is expected.
        "-W",
        "ignore::pytest.PytestAssertRewriteWarning",
        str(test_file),
    ]


def child_environment(course: Course, sentinel: Path, nonce: str) -> dict[str, str]:
    """Only tiny_ml importable from the course, no user site or start-up customisation, bytecode
    never cached (a same-size edit must not reuse a .pyc)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"PYTHONSTARTUP", "PYTHONHOME", "PYTHONINSPECT", "PYTHONUSERBASE"}
    }
    env["PYTHONPATH"] = str(import_root(course))
    env["PYTHONNOUSERSITE"] = "1"
    # The working folder is never on the path: nothing beside the course can stand in for a module.
    env["PYTHONSAFEPATH"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # Unbuffered, so what the learner printed before a hang survives the kill at the time limit.
    env["PYTHONUNBUFFERED"] = "1"
    env[SENTINEL_ENV] = str(sentinel)
    env[NONCE_ENV] = nonce
    env.pop("PYTEST_ADDOPTS", None)
    env.pop("PYTEST_PLUGINS", None)
    # Plugins installed in the learner's environment neither change a verdict nor slow it down.
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    # Hypothesis caches what it learns about the course's modules (and keeps failing examples
    # to try first) in its storage folder; a fresh folder per run would redo that each time.
    env.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(course.cache_dir / "hypothesis"))
    return env


def clip_output(text: str) -> str:
    """What a learner sees of very long output: its head and tail, saying how much was left out."""
    return clip_text(text, OUTPUT_HEAD, OUTPUT_TAIL)


def read_output(path: Path) -> str:
    """An output file as a learner sees it, without loading megabytes into memory."""
    with path.open("rb") as handle:
        return read_clipped(handle.fileno(), OUTPUT_HEAD, OUTPUT_TAIL)


def conclude(
    sentinel: Path, nonce: str, output: str, seconds: float, timed_out: bool, timeout: float
) -> TestReport:
    """Turn what the child left behind into a report; no valid sentinel means no pass."""
    if timed_out:
        message = (
            f"the checks did not finish within {timeout:g} s and were stopped: look for an "
            "infinite loop or a very slow computation"
        )
        return TestReport("timeout", (TestFailure("time limit", message),), output, seconds)
    try:
        result = json.loads(sentinel.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        result = None
    if not isinstance(result, dict) or result.get("nonce") != nonce:
        message = (
            "the test process ended before pytest finished (did the code call os._exit, "
            "sys.exit or crash the interpreter?)"
        )
        return TestReport("crashed", (TestFailure("pytest", message),), output, seconds)
    failures = tuple(
        TestFailure(str(f.get("test", "")), str(f.get("message", "")))
        for f in result.get("failures", [])
        if isinstance(f, dict)
    )
    if failures:
        return TestReport("failed", failures, output, seconds)
    if int(result.get("collected", 0)) == 0 or int(result.get("passed", 0)) == 0:
        message = "no tests ran: the checks section must define test functions"
        return TestReport("no-tests", (TestFailure("pytest", message),), output, seconds)
    if int(result.get("exitstatus", 1)) != 0:
        message = f"pytest exited with status {result.get('exitstatus')}"
        return TestReport("failed", (TestFailure("pytest", message),), output, seconds)
    return TestReport("passed", (), output, seconds)


def signal_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the child and anything it started, without waiting (safe from any thread)."""
    if not kill_process_group(process.pid):
        process.kill()


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """Stop the child and anything it started: the reaper first ends what left the group."""
    if process.poll() is None:
        try:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=REAPER_GRACE)
        except subprocess.TimeoutExpired:
            pass
    signal_group(process)
    process.wait()


class ProcessTestRunner:
    """pytest as a fresh interpreter per check: nothing imported earlier can leak into a verdict."""

    def __init__(self, course: Course, *, python: str = sys.executable) -> None:
        self.course = course
        self.python = python
        self._lock = threading.Lock()
        self._live: set[subprocess.Popen[bytes]] = set()
        self._closed = False

    def run(
        self, test_file: Path, *, timeout: float, cancel: Cancellation | None = None
    ) -> TestReport:
        cancel = cancel if cancel is not None else Cancellation()
        with tempfile.TemporaryDirectory(prefix="run-", dir=self._scratch()) as scratch:
            sentinel = Path(scratch) / "sentinel.json"
            output_path = Path(scratch) / "output.txt"
            nonce = secrets.token_hex(16)
            started = time.monotonic()
            timed_out = False
            with output_path.open("wb") as output:
                with self._lock:
                    if self._closed or cancel.cancelled:
                        return TestReport("not-run", (), "", 0.0)
                    process = subprocess.Popen(
                        [
                            self.python,
                            "-m",
                            "checker.reaper",
                            self.python,
                            "-m",
                            "pytest",
                            *pytest_arguments(test_file),
                        ],
                        cwd=scratch,
                        env=child_environment(self.course, sentinel, nonce),
                        stdin=subprocess.DEVNULL,
                        stdout=output,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                    self._live.add(process)
                try:
                    with cancel.stoppable(lambda: signal_group(process)):
                        process.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    timed_out = True
                finally:
                    if process.poll() is None or timed_out:
                        kill_group(process)
                    with self._lock:
                        self._live.discard(process)
            seconds = time.monotonic() - started
            return conclude(sentinel, nonce, read_output(output_path), seconds, timed_out, timeout)

    def _scratch(self) -> Path:
        folder = self.course.cache_dir / "runs"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def close(self) -> None:
        """Stop every check still running and start no more (Ctrl-C must not wait out a time limit)."""
        with self._lock:
            self._closed = True
            running = list(self._live)
        for process in running:
            kill_group(process)
