"""Checks started alongside the type check: stopped once the types are wrong, never shown."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from checker import testrun  # the module, so pytest does not try to collect TestRunner
from checker.ahead import ChecksAhead
from checker.cancel import Cancellation
from checker.catalog import load_catalog
from checker.course import Course
from checker.forkserver import ForkServerTestRunner
from checker.typecheck import TypeCheckReport
from checker.verdict import judge
from tests.checker.conftest import FIXTURE_COURSE
from tests.checker.test_testrun_child import alive

PASSING = "def test_ok() -> None:\n    assert 1 + 1 == 2\n"


def record_pid(marker: Path) -> str:
    """A statement that writes the process id whole before `marker` appears, so it is never read empty."""
    part = marker.with_name(marker.name + ".part")
    return (
        f"import os, pathlib; pathlib.Path({str(part)!r}).write_text(str(os.getpid())); "
        f"os.replace({str(part)!r}, {str(marker)!r})"
    )


def spinning(marker: Path) -> str:
    """A check that records its process id, then never ends."""
    return f"def test_spin() -> None:\n    {record_pid(marker)}\n    while True:\n        pass\n"


def wait_for(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_a_stop_registered_after_the_cancellation_runs_at_once() -> None:
    cancel = Cancellation()
    cancel.cancel()
    stopped: list[str] = []
    with cancel.stoppable(lambda: stopped.append("late")):
        assert stopped == ["late"]
    assert cancel.cancelled


def test_only_work_in_flight_is_stopped() -> None:
    cancel = Cancellation()
    stopped: list[str] = []
    with cancel.stoppable(lambda: stopped.append("finished")):
        pass
    with cancel.stoppable(lambda: stopped.append("running")):
        cancel.cancel()
    cancel.cancel()
    assert stopped == ["running"], "a finished run's process must never be signalled"


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Course:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shutil.copytree(FIXTURE_COURSE, tmp_path / "course")
    (tmp_path / "course" / "snap").mkdir()
    return Course(tmp_path / "course")


@pytest.fixture(params=["process", "fork-server"])
def runner(request: pytest.FixtureRequest, course: Course) -> Iterator[testrun.TestRunner]:
    tests: testrun.TestRunner
    if request.param == "process":
        tests = testrun.ProcessTestRunner(course)
    else:
        forks = ForkServerTestRunner(course)
        forks.start()
        assert forks.server.wait_ready(60)
        tests = forks
    yield tests
    tests.close()


def test_the_report_is_that_of_the_run_under_way(
    runner: testrun.TestRunner, course: Course
) -> None:
    target = course.root / "snap" / "checked.py"
    target.write_text(PASSING)
    ahead = ChecksAhead(runner, target, timeout=10)
    assert ahead.run(target, timeout=10).outcome == "passed"
    with pytest.raises(ValueError):
        ahead.run(course.root / "snap" / "other.py", timeout=10)


def test_closing_stops_a_run_in_flight(runner: testrun.TestRunner, course: Course) -> None:
    marker = course.root / "spinning.pid"
    target = course.root / "snap" / "checked.py"
    target.write_text(spinning(marker))
    ahead = ChecksAhead(runner, target, timeout=60)
    assert wait_for(marker.exists)
    started = time.monotonic()
    ahead.close()
    report = ahead.run(target, timeout=60)
    assert time.monotonic() - started < 5, "the stopped run waited for its time limit"
    assert report.outcome != "passed"
    pid = int(marker.read_text())
    assert wait_for(lambda: not alive(pid), 5), "the stopped check is still running"
    # The runner is free again at once.
    target.write_text(PASSING)
    assert runner.run(target, timeout=10).outcome == "passed"


def test_a_run_cancelled_before_it_starts_runs_nothing(
    runner: testrun.TestRunner, course: Course
) -> None:
    marker = course.root / "imported"
    target = course.root / "snap" / "checked.py"
    target.write_text(f"open({str(marker)!r}, 'w').close()\n\n\n" + PASSING)
    cancel = Cancellation()
    cancel.cancel()
    assert runner.run(target, timeout=10, cancel=cancel).outcome != "passed"
    assert not marker.exists()


class _SlowWrongTypes:
    """A type checker that answers "wrong" only once the checks are well under way."""

    def __init__(self, marker: Path) -> None:
        self._marker = marker

    def check(self, files: Sequence[Path]) -> TypeCheckReport:
        assert wait_for(self._marker.exists), "the checks never started alongside the type check"
        return TypeCheckReport((), failure="the types are wrong")

    def close(self) -> None:
        pass


def test_wrong_types_stop_the_checks_started_alongside(
    runner: testrun.TestRunner, course: Course
) -> None:
    exercise = load_catalog(course).get("double_it")
    assert exercise is not None
    marker = course.root / "spinning.pid"
    exercise.path.write_text(
        exercise.path.read_text().replace(
            "    return x + 2",
            f"    {record_pid(marker)}\n    while x:\n        pass\n    return x",
        )
    )
    started = time.monotonic()
    verdict = judge(course, exercise, typechecker=_SlowWrongTypes(marker), tests=runner, timeout=60)
    assert time.monotonic() - started < 30
    assert not verdict.passed and verdict.tests is None
    pid = int(marker.read_text())
    assert wait_for(lambda: not alive(pid), 5), "checks of a file with wrong types kept running"
