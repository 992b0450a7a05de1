"""The pair of checkers a command uses: warm processes for watch, plain ones otherwise.

`make_backends(course, fast=True)` returns at once with the pytest fork server starting in a
background thread, so the first check's tests find it as early as possible. The mypy daemon
starts later, when `start_daemon` is called once the first verdict is in: loading the course's
libraries into it takes a second or two of processor that, on a small machine, the first
verdict would wait for, while plain mypy answers from the shared cache in a fraction of a
second meanwhile. Each falls back to its plain process counterpart whenever it cannot give a
trustworthy answer. `fast=False` (the `--no-daemon` flag) uses only the plain processes, as does
any system without fork.
"""

from __future__ import annotations

import os
import queue
from pathlib import Path
from typing import TYPE_CHECKING

from checker.cancel import Cancellation
from checker.course import TRACKS, Course
from checker.testrun import ProcessTestRunner, TestReport, TestRunner
from checker.typecheck import ProcessTypeChecker, TypeChecker

if TYPE_CHECKING:  # imported where used: it imports mypy, which a broken install may lack
    from checker.daemon import DaemonTypeChecker

BATCH_WORKERS = min(2, os.cpu_count() or 1)
_PREPARE_WAIT = 120.0  # seconds `init` waits for the pytest parent it starts once


def make_backends(course: Course, *, fast: bool) -> tuple[TypeChecker, TestRunner]:
    """A type checker and a test runner for this course; call `close()` on both when done."""
    typechecker = ProcessTypeChecker(course)
    tests = ProcessTestRunner(course)
    if not fast or os.name != "posix":  # the fork server needs fork, the daemon killpg
        return typechecker, tests
    # Imported here: they import mypy and pytest, which a broken install may lack; the plain
    # processes then report that with the fix instead of the command failing to start.
    try:
        from checker.forkserver import ForkServerTestRunner
    except ImportError:
        return typechecker, tests
    forks = ForkServerTestRunner(course, fallback=tests)
    forks.start()
    try:
        from checker.daemon import DaemonTypeChecker
    except ImportError:
        return typechecker, forks
    return DaemonTypeChecker(course, fallback=typechecker), forks


def _as_daemon(typechecker: TypeChecker) -> DaemonTypeChecker | None:
    """The warm type checker `typechecker` is, or None (a plain one, or mypy missing)."""
    try:
        from checker.daemon import DaemonTypeChecker
    except ImportError:
        return None
    return typechecker if isinstance(typechecker, DaemonTypeChecker) else None


def start_daemon(typechecker: TypeChecker) -> None:
    """Start the warm type checker of `make_backends` in the background (idempotent)."""
    daemon = _as_daemon(typechecker)
    if daemon is not None:
        daemon.start()


def prepare_checkers(course: Course) -> bool:
    """Do now, in the foreground (what `init` does), the slow part of every checker's first
    start, so that no first check of any exercise waits for it; True once done.

    mypy's shared cache is filled with the libraries' analysis, and every exercise is
    type-checked once as the family a check of all of them (`c`, `verify`) uses. A pytest
    parent is started once, beside mypy: hypothesis keeps what it harvests from the course's
    modules on disk, which takes the first parent of a course seconds and later ones nothing."""
    try:
        from checker.daemon import DaemonTypeChecker
        from checker.forkserver import ForkServerTestRunner
    except ImportError:
        return False
    forks = ForkServerTestRunner(course)
    forks.start()
    mypy = DaemonTypeChecker(course)
    try:
        return (
            mypy.daemon.fill_cache(low_priority=False)
            and _type_check_every_exercise(course)
            and forks.server.wait_ready(_PREPARE_WAIT)
        )
    finally:
        mypy.close()
        forks.close()


def _type_check_every_exercise(course: Course) -> bool:
    from checker.catalog import CatalogError, load_catalog
    from checker.verdict import prepare

    snapshots: list[Path] = []
    for track in TRACKS:
        try:
            catalog = load_catalog(course, track)
        except (CatalogError, OSError):
            continue  # a course without this track, or one `dev check` will report
        snapshots.extend(prepare(course, e, label="batch").snapshot for e in catalog)
    return ProcessTypeChecker(course).check(snapshots).failure is None


def still_warming(typechecker: TypeChecker) -> bool:
    """True while the warm type checker is starting, so answers come from a plain mypy process
    (seconds on the first launch after an install, while mypy analyses the libraries)."""
    daemon = _as_daemon(typechecker)
    return daemon is not None and daemon.daemon.pid is None


class PooledTestRunner:
    """Several runners behind one: each run takes whichever is free, so a batch runs in parallel."""

    def __init__(self, runners: list[TestRunner]) -> None:
        self._free: queue.Queue[TestRunner] = queue.Queue()
        self._all = runners
        for runner in runners:
            self._free.put(runner)

    def run(
        self, test_file: Path, *, timeout: float, cancel: Cancellation | None = None
    ) -> TestReport:
        runner = self._free.get()
        try:
            return runner.run(test_file, timeout=timeout, cancel=cancel)
        finally:
            self._free.put(runner)

    def close(self) -> None:
        for runner in self._all:
            runner.close()


def make_batch_backends(
    course: Course, *, fast: bool, workers: int = BATCH_WORKERS
) -> tuple[TypeChecker, TestRunner]:
    """For verify and dev check: one plain mypy run over every file, tests on warm forks in parallel."""
    typechecker = ProcessTypeChecker(course)
    if not fast or os.name != "posix":
        return typechecker, ProcessTestRunner(course)
    try:
        from checker.forkserver import ForkServerTestRunner
    except ImportError:
        return typechecker, ProcessTestRunner(course)
    runners: list[TestRunner] = []
    for _ in range(workers):
        forks = ForkServerTestRunner(course, fallback=ProcessTestRunner(course))
        forks.start()
        runners.append(forks)
    return typechecker, PooledTestRunner(runners)
