"""Verdicts computed off the UI thread, one at a time, with warm backends.

The worker thread builds the backends first (the mypy daemon and the pytest fork server
warm up while the first screen is drawn), then runs the jobs the loop hands it. Each
verdict carries the content hash it checked; the loop decides whether it is still current.
A failure of the checker itself becomes a plain message, never a traceback on screen.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from checker.backends import make_backends
from checker.catalog import Exercise
from checker.course import Course
from checker.testrun import TestRunner
from checker.typecheck import TypeChecker
from checker.verdict import Verdict, judge
from checker.watch.messages import (
    CheckAllFinished,
    CheckAllProgress,
    CheckFailed,
    CheckFinished,
    Message,
)
from checker.watch.trace import Trace


@dataclass(frozen=True)
class _One:
    exercise: Exercise


@dataclass(frozen=True)
class _All:
    exercises: tuple[Exercise, ...]


@dataclass(frozen=True)
class _Stop:
    pass


_Job = _One | _All | _Stop


class CheckWorker:
    def __init__(
        self,
        course: Course,
        sink: Callable[[Message], None],
        *,
        fast: bool,
        timeout: float,
        trace: Trace,
    ) -> None:
        self._course = course
        self._sink = sink
        self._fast = fast
        self._timeout = timeout
        self._trace = trace
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._closing = threading.Event()
        self._backends: tuple[TypeChecker, TestRunner] | None = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="checks", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def check(self, exercise: Exercise) -> None:
        self._jobs.put(_One(exercise))

    def check_all(self, exercises: Sequence[Exercise]) -> None:
        self._jobs.put(_All(tuple(exercises)))

    def close(self) -> None:
        """Stop taking jobs and shut the backends down (ending any check in flight)."""
        self._closing.set()
        self._jobs.put(_Stop())
        with self._lock:
            backends, self._backends = self._backends, None
        if backends is not None:
            _close(backends)
        self._thread.join(timeout=2.0)

    def _run(self) -> None:
        try:
            backends = make_backends(self._course, fast=self._fast)
        except Exception as error:  # the checker's own failure, reported as a message
            self._sink(CheckFailed(f"could not start the checker: {error}"))
            return
        with self._lock:
            if self._closing.is_set():
                _close(backends)
                return
            self._backends = backends
        self._trace("backends ready")
        while True:
            job = self._jobs.get()
            if isinstance(job, _Stop) or self._closing.is_set():
                return
            try:
                if isinstance(job, _One):
                    self._sink(CheckFinished(self._judge(job.exercise, backends)))
                else:
                    self._run_all(job.exercises, backends)
            except Exception as error:  # see above: shown as text, the watcher keeps going
                if self._closing.is_set():
                    return
                self._sink(CheckFailed(f"the checker failed: {type(error).__name__}: {error}"))

    def _judge(self, exercise: Exercise, backends: tuple[TypeChecker, TestRunner]) -> Verdict:
        typechecker, tests = backends
        return judge(
            self._course, exercise, typechecker=typechecker, tests=tests, timeout=self._timeout
        )

    def _run_all(
        self, exercises: tuple[Exercise, ...], backends: tuple[TypeChecker, TestRunner]
    ) -> None:
        verdicts: list[Verdict] = []
        for done, exercise in enumerate(exercises):
            self._sink(CheckAllProgress(done=done, total=len(exercises)))
            if self._closing.is_set():
                return
            verdicts.append(self._judge(exercise, backends))
        self._sink(CheckAllFinished(tuple(verdicts)))


def _close(backends: tuple[TypeChecker, TestRunner]) -> None:
    for backend in backends:
        try:
            backend.close()
        except Exception:  # closing is best effort on the way out; nothing is left to report to
            continue
