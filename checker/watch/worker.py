"""Verdicts computed off the UI thread, one job at a time, with warm backends.

The worker thread builds the backends first (the pytest fork server warms up while the first
screen is drawn and the first type check runs; the mypy daemon once the first verdict is in),
then runs the jobs the loop hands it. Each
verdict carries the content hash it checked; the loop decides whether it is still current.
A failure of the checker itself becomes a plain message, never a traceback on screen.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from checker.backends import make_backends, start_daemon, still_warming
from checker.catalog import Exercise
from checker.course import Course
from checker.testrun import TestRunner
from checker.typecheck import ProcessTypeChecker, TypeChecker
from checker.verdict import Verdict, judge, judge_many
from checker.watch.messages import (
    CheckAllFinished,
    CheckAllProgress,
    CheckFailed,
    CheckFinished,
    CheckProgress,
    Message,
)
from checker.watch.trace import Trace

Backends = tuple[TypeChecker, TestRunner]
_CLOSE_WAIT = 3.0  # seconds the watcher waits for its helpers to stop on the way out


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
        self._backends: Backends | None = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="checks", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def check(self, exercise: Exercise) -> None:
        self._jobs.put(_One(exercise))

    def check_all(self, exercises: Sequence[Exercise]) -> None:
        self._jobs.put(_All(tuple(exercises)))

    def close(self) -> None:
        """Take no more jobs and shut the backends down, ending any check in flight."""
        self._closing.set()
        self._jobs.put(_Stop())
        with self._lock:
            backends, self._backends = self._backends, None
        if backends is not None:
            # Bounded: a backend that waits for its check in flight must not hold up Ctrl-C.
            closer = threading.Thread(target=_close, args=(backends,), daemon=True)
            closer.start()
            closer.join(timeout=_CLOSE_WAIT)
        self._thread.join(timeout=0.5)

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
        self._trace(f"backends {type(backends[0]).__name__} + {type(backends[1]).__name__}")
        daemon_started = False
        while True:
            job = self._jobs.get()
            if isinstance(job, _Stop) or self._closing.is_set():
                return
            try:
                self._do(job, backends)
            except Exception as error:  # as above: shown as text, the watcher keeps going
                if self._closing.is_set():
                    return
                self._sink(CheckFailed(f"the checker failed: {type(error).__name__}: {error}"))
            if not daemon_started:  # after the first verdict, which it would only slow down
                start_daemon(backends[0])
                daemon_started = True

    def _do(self, job: _One | _All, backends: Backends) -> None:
        typechecker, tests = backends
        if isinstance(job, _One):
            verdict = judge(
                self._course,
                job.exercise,
                typechecker=typechecker,
                tests=tests,
                timeout=self._timeout,
                progress=lambda stage: self._sink(CheckProgress(self._doing(stage, typechecker))),
            )
            if not self._closing.is_set():
                self._sink(CheckFinished(verdict))
            return
        # Plain mypy for the whole course: it reads every exercise it has seen unchanged from
        # its cache on disk (about 0.3 s for all of them), where the daemon, which keeps only
        # the files of its last check, would analyse them all again (about 2 s).
        verdicts = judge_many(
            self._course,
            [(exercise, exercise.path) for exercise in job.exercises],
            typechecker=ProcessTypeChecker(self._course),
            tests=tests,
            timeout=self._timeout,
            on_verdict=self._judged,
        )
        if not self._closing.is_set():
            self._sink(CheckAllFinished(tuple(verdicts)))

    def _judged(self, verdict: Verdict) -> None:
        if not self._closing.is_set():
            self._sink(CheckAllProgress(verdict))

    def _doing(self, stage: str, typechecker: TypeChecker) -> str:
        if stage == "tests":
            return f"running the checks (stopped after {self._timeout:g} s)"
        if still_warming(typechecker):
            return (
                "mypy is type-checking while its daemon starts (the first check after an "
                "install reads tiny_ml and the libraries once)"
            )
        return "mypy is type-checking"


def _close(backends: Backends) -> None:
    for backend in backends:
        try:
            backend.close()
        except Exception:  # closing is best effort on the way out: nobody is left to tell
            continue
