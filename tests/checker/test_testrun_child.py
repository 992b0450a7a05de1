"""The pytest child on hostile files: time limit, kills, sentinel, isolation, literal output."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from checker import testrun
from checker.course import Course

PASSING = "def test_ok() -> None:\n    assert 1 + 1 == 2\n"


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Course:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "course").mkdir()
    return Course(tmp_path / "course")


def run(
    course: Course, source: str, *, timeout: float = 10.0, name: str = "checked.py"
) -> testrun.TestReport:
    folder = course.root / "snap"
    folder.mkdir(exist_ok=True)
    target = folder / name
    target.write_text(source)
    return testrun.ProcessTestRunner(course).run(target, timeout=timeout)


def test_a_passing_file_passes(course: Course) -> None:
    report = run(course, PASSING)
    assert report.outcome == "passed" and report.failures == ()


def test_a_failing_test_is_named_with_its_message(course: Course) -> None:
    report = run(course, "def test_bad() -> None:\n    assert 2 == 3, 'two is not three'\n")
    assert report.outcome == "failed"
    [failure] = report.failures
    assert failure.test.endswith("::test_bad")
    assert "two is not three" in failure.message


def test_no_tests_is_a_failure(course: Course) -> None:
    report = run(course, "x = 1\n")
    assert report.outcome == "no-tests"
    assert "no tests ran" in report.failures[0].message


def test_an_import_error_is_a_failure_naming_the_module(course: Course) -> None:
    report = run(course, "import no_such_module_anywhere\n\n" + PASSING)
    assert report.outcome == "failed"
    assert "no_such_module_anywhere" in report.failures[0].message


@pytest.mark.parametrize(
    "source",
    [
        "import os\n\ndef test_leave() -> None:\n    os._exit(0)\n",
        "import sys\n\ndef test_leave() -> None:\n    sys.exit(0)\n",
        "import os, signal\n\ndef test_leave() -> None:\n    os.kill(os.getpid(), signal.SIGKILL)\n",
        "import os\n\ndef leave() -> None:\n    os._exit(0)\n\nleave()\n" + PASSING,
    ],
    ids=["os._exit-in-test", "sys.exit-in-test", "SIGKILL-in-test", "os._exit-at-import"],
)
def test_leaving_early_is_never_a_pass(course: Course, source: str) -> None:
    report = run(course, source)
    assert report.outcome != "passed", report
    assert report.failures


def test_a_forged_result_does_not_pass(course: Course) -> None:
    forge = (
        "import json, os\n"
        "target = os.environ.get('TYPED_AI_RUSTLINGS_SENTINEL')\n"
        "nonce = os.environ.get('TYPED_AI_RUSTLINGS_NONCE')\n"
        "print('sentinel visible:', target is not None, nonce is not None)\n"
        "if target:\n"
        "    with open(target, 'w') as out:\n"
        "        json.dump({'nonce': nonce, 'exitstatus': 0, 'failures': [],"
        " 'passed': 1, 'failed': 0, 'collected': 1}, out)\n"
        "    os._exit(0)\n"
        "def test_bad() -> None:\n    assert False\n"
    )
    report = run(course, forge)
    assert report.outcome == "failed"
    assert "sentinel visible: False False" in report.output


def test_a_loop_at_import_is_stopped_with_unflushed_output_kept(
    course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PYTHONUNBUFFERED", raising=False)
    report = run(course, "print('before the loop')\nwhile True:\n    pass\n" + PASSING, timeout=1.5)
    assert report.outcome == "timeout"
    assert "did not finish within 1.5 s" in report.failures[0].message
    assert "before the loop" in report.output


def test_a_loop_in_a_test_is_stopped_and_its_children_with_it(course: Course) -> None:
    marker = course.root / "grandchild.pid"
    source = (
        "import subprocess, sys\n\n"
        "def test_spin() -> None:\n"
        "    child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"    open({str(marker)!r}, 'w').write(str(child.pid))\n"
        "    print('spinning', flush=True)\n"
        "    while True:\n"
        "        pass\n"
    )
    report = run(course, source, timeout=2)
    assert report.outcome == "timeout" and "spinning" in report.output
    pid = int(marker.read_text())
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid), "the grandchild outlived the time limit"


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in {"Z", "X"}


def test_planted_conftest_and_pytest_ini_beside_the_file_change_nothing(course: Course) -> None:
    folder = course.root / "snap"
    folder.mkdir()
    (folder / "conftest.py").write_text(
        "import pytest\n\n"
        "@pytest.hookimpl(tryfirst=True)\n"
        "def pytest_runtest_call(item):\n"
        "    return True\n\n"
        "def pytest_collection_modifyitems(items):\n"
        "    items.clear()\n"
    )
    (folder / "pytest.ini").write_text("[pytest]\naddopts = --co\n")
    (course.root / "pytest.ini").write_text("[pytest]\naddopts = -p no:checker.pytest_sentinel\n")
    report = run(course, "def test_bad() -> None:\n    assert False, 'still judged'\n")
    assert report.outcome == "failed"
    assert "still judged" in report.failures[0].message


def test_only_tiny_ml_is_importable_from_the_course_root(course: Course) -> None:
    (course.root / "helper_pkg.py").write_text("VALUE = 41\n")
    (course.root / "tiny_ml").mkdir()
    (course.root / "tiny_ml" / "__init__.py").write_text("VALUE = 41\n")
    planted = run(
        course,
        "from helper_pkg import VALUE\n\ndef test_v() -> None:\n    assert VALUE + 1 == 42\n",
    )
    assert planted.outcome == "failed", planted
    assert "No module named 'helper_pkg'" in planted.failures[0].message
    reference = run(
        course,
        "from tiny_ml import VALUE\n\ndef test_v() -> None:\n    assert VALUE + 1 == 42\n",
    )
    assert reference.outcome == "passed", reference


def test_megabytes_of_output_are_clipped_head_and_tail(course: Course) -> None:
    source = "print('FIRST LINE')\nprint('x' * 3_000_000)\nprint('LAST LINE')\n" + PASSING
    report = run(course, source)
    assert report.outcome == "passed"
    assert len(report.output) < 2 * testrun.OUTPUT_LIMIT
    assert "FIRST LINE" in report.output and "LAST LINE" in report.output
    assert "left out" in report.output


def test_close_stops_a_running_check_at_once(course: Course) -> None:
    folder = course.root / "snap"
    folder.mkdir()
    target = folder / "slow.py"
    target.write_text("def test_slow() -> None:\n    while True:\n        pass\n")
    runner = testrun.ProcessTestRunner(course)
    reports: list[testrun.TestReport] = []
    worker = threading.Thread(target=lambda: reports.append(runner.run(target, timeout=30)))
    started = time.monotonic()
    worker.start()
    time.sleep(1.0)
    runner.close()
    worker.join(10)
    assert not worker.is_alive() and time.monotonic() - started < 10
    assert reports[0].outcome != "passed"
    assert runner.run(target, timeout=30).outcome == "not-run", "a closed runner starts nothing"


def test_output_without_a_sentinel_env_is_still_a_crash() -> None:
    report = testrun.conclude(Path(os.devnull), "nonce", "out", 0.1, False, 10)
    assert report.outcome == "crashed" and "os._exit" in report.failures[0].message


FAILING_PROPERTY = """\
from hypothesis import given, settings, strategies as st


@settings(max_examples=50, deadline=None)
@given(st.integers())
def test_small(x: int) -> None:
    if x > 10:
        y = x * 2
    else:
        y = x
    assert y < 20, f"{x} doubled is too big"
"""


def test_a_failing_property_shows_its_shrunk_example_without_the_slow_explanation(
    course: Course,
) -> None:
    report = run(course, FAILING_PROPERTY)
    assert report.outcome == "failed"
    [failure] = report.failures
    assert "x=11" in failure.message, failure.message
    assert "Explanation" not in failure.message, "the explain phase is off in checks"


def test_hypothesis_keeps_its_storage_in_the_checker_cache(course: Course) -> None:
    run(course, FAILING_PROPERTY)
    # What it writes depends on its profile (under CI it keeps no examples), but never
    # beside the snapshot, where a fresh folder per run would make it redo the work.
    assert any((course.cache_dir / "hypothesis").iterdir())
    assert not (course.root / "snap" / ".hypothesis").exists()
