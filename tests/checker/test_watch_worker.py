"""The watcher's check worker: when its warm helpers start, relative to the verdicts."""

from __future__ import annotations

import queue
from collections.abc import Sequence
from pathlib import Path

import pytest

from checker import testrun  # the module, so pytest does not try to collect TestReport
from checker.catalog import load_catalog
from checker.course import Course
from checker.typecheck import TypeChecker, TypeCheckReport
from checker.watch import worker as worker_module
from checker.watch.messages import CheckFinished, Message
from checker.watch.trace import Trace
from checker.watch.worker import CheckWorker
from tests.checker.doubles import FakeTests, fixture_course_copy


class CleanTypes:
    """A type checker that finds nothing wrong, instantly."""

    def check(self, files: Sequence[Path]) -> TypeCheckReport:
        return TypeCheckReport(())

    def close(self) -> None:
        pass


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Course:
    return fixture_course_copy(tmp_path, monkeypatch)


def test_the_daemon_starts_once_the_first_verdict_is_in(
    course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading a daemon takes the processor the first verdict needs; it waits for that verdict,
    and is asked to start only once however many checks follow."""
    events: queue.SimpleQueue[str] = queue.SimpleQueue()
    typechecker: TypeChecker = CleanTypes()
    tests: testrun.TestRunner = FakeTests()

    def make_backends(course: Course, *, fast: bool) -> tuple[TypeChecker, testrun.TestRunner]:
        return typechecker, tests

    def start_daemon(checker: TypeChecker) -> None:
        assert checker is typechecker
        events.put("daemon started")

    def sink(message: Message) -> None:
        if isinstance(message, CheckFinished):
            events.put(f"verdict {message.verdict.exercise.name}")

    monkeypatch.setattr(worker_module, "make_backends", make_backends)
    monkeypatch.setattr(worker_module, "start_daemon", start_daemon)
    first, second = load_catalog(course).exercises[:2]
    worker = CheckWorker(course, sink, fast=True, timeout=10.0, trace=Trace(None))
    worker.start()
    try:
        worker.check(first)
        worker.check(second)
        worker.check(first)
        seen = [events.get(timeout=30) for _ in range(4)]
    finally:
        worker.close()
    assert seen == [
        f"verdict {first.name}",
        "daemon started",
        f"verdict {second.name}",
        f"verdict {first.name}",
    ]
    assert events.empty()
