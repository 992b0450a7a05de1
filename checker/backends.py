"""The pair of checkers a command uses: warm processes for watch, plain ones otherwise.

`make_backends(course, fast=True)` returns at once: the mypy daemon and the pytest fork
server start in background threads (so the watcher can draw its first screen meanwhile),
and the first check or run waits until they are ready. Each falls back to its plain
process counterpart whenever it cannot give a trustworthy answer. `fast=False` (the
`--no-daemon` flag) uses only the plain processes, as does any system without fork.
"""

from __future__ import annotations

import os

from checker.course import Course
from checker.daemon import DaemonTypeChecker
from checker.forkserver import ForkServerTestRunner
from checker.testrun import ProcessTestRunner, TestRunner
from checker.typecheck import ProcessTypeChecker, TypeChecker


def make_backends(course: Course, *, fast: bool) -> tuple[TypeChecker, TestRunner]:
    """A type checker and a test runner for this course; call `close()` on both when done."""
    typechecker = ProcessTypeChecker(course)
    tests = ProcessTestRunner(course)
    if not fast or os.name != "posix":  # the fork server needs fork, the daemon killpg
        return typechecker, tests
    daemon = DaemonTypeChecker(course, fallback=typechecker)
    forks = ForkServerTestRunner(course, fallback=tests)
    daemon.start()
    forks.start()
    return daemon, forks
