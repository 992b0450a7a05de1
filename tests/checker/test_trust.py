"""A verdict a grader can trust: grading against a teacher's copy, checks that run isolated from
the course folder, learner processes that never outlive their verdict, and files judged by
their meaning rather than their bytes (encodings, line endings, trailing spaces)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker import testrun
from checker.course import Course
from checker.forkserver import ForkServerTestRunner
from tests.checker.conftest import FIXTURE_COURSE, CourseCopy

WRAP = "exercises/01_types/wrap_the_id.py"
DOUBLE = "exercises/02_runtime/double_it.py"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    return not (state.exists() and ") Z " in state.read_text())


def test_grading_believes_only_the_learners_exercise_files(
    course: CourseCopy, tmp_path: Path
) -> None:
    teacher = tmp_path / "teacher"
    shutil.copytree(FIXTURE_COURSE, teacher)
    course.solve("01_types/wrap_the_id.py")
    # A submission that lies everywhere but in its exercise files.
    course.edit("exercises/info.toml", 'expect = "test"', 'expect = "test"\nallow = ["any"]')
    course.edit(DOUBLE, "assert double(2) == 4", "assert True")
    (course.root / "exercises" / ".pristine" / "02_runtime" / "double_it.py.orig").write_text(
        course.path(DOUBLE).read_text()
    )
    report = tmp_path / "report.xml"
    result = course.run(
        "verify", "--all", "--json", "--trusted", str(teacher), "--junit", str(report)
    )
    assert result.code == 1
    data = json.loads(result.out)
    assert data["version"] == 2
    passed = {e["name"]: e["passed"] for e in data["exercises"]}
    assert passed == {"wrap_the_id": True, "types_only": False, "double_it": False}
    suite = ElementTree.parse(report).getroot().find("testsuite")
    assert suite is not None
    assert suite.get("tests") == "3" and suite.get("failures") == "2"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert cases["wrap_the_id"].find("failure") is None
    failure = cases["double_it"].find("failure")
    assert failure is not None and failure.get("type") == "guard"
    assert not (course.root / ".typed-ai-rustlings-state.json").exists()


def test_grading_needs_a_real_course(course: CourseCopy, tmp_path: Path) -> None:
    result = course.run("verify", "--trusted", str(tmp_path))
    assert result.code == 2
    assert "is not a course" in result.err


@pytest.mark.parametrize("command", [("run", "double_it"), ("verify", "--all")])
def test_modules_planted_beside_the_course_are_never_imported(
    course: CourseCopy, command: tuple[str, ...]
) -> None:
    for name in ("pytest.py", "sitecustomize.py", "hypothesis.py", "usercustomize.py"):
        course.path(name).write_text("raise SystemExit('planted module imported')\n")
    course.path("pytest.pyi").write_text("def main() -> int: ...\n")
    course.solve("02_runtime/double_it.py")
    # The console script, as a learner runs it: `python -m` would put the folder on the path.
    script = str(Path(sys.executable).with_name("typed-ai-rustlings"))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [script, *args],
            cwd=course.root,
            env=course.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    result = run(*command)
    assert "planted" not in result.stdout + result.stderr
    assert "double_it" in result.stdout
    course.solve("01_types/wrap_the_id.py")
    course.solve("01_types/types_only.py")
    assert run("verify").returncode == 0


SPAWNS_A_DETACHED_CHILD = """\
import subprocess
import sys


def test_leaves_a_process_behind() -> None:
    code = "import os, sys, time; os.setsid(); print(os.getpid(), flush=True); time.sleep(60)"
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    with open({pid_file!r}, "w") as out:
        out.write(child.stdout.readline())
"""


@pytest.fixture(params=["process", "fork-server"])
def runner(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[testrun.TestRunner]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    course = Course(tmp_path / "course")
    course.root.mkdir()
    tests: testrun.TestRunner
    if request.param == "process":
        tests = testrun.ProcessTestRunner(course)
    else:
        fork = ForkServerTestRunner(course)
        fork.start()
        assert fork.server.wait_ready(60.0)
        tests = fork
    yield tests
    tests.close()


def test_a_process_that_left_its_session_is_gone_with_the_verdict(
    runner: testrun.TestRunner, tmp_path: Path
) -> None:
    pid_file = tmp_path / "pid"
    check = tmp_path / "snapshot" / "lesson.py"
    check.parent.mkdir()
    check.write_text(SPAWNS_A_DETACHED_CHILD.format(pid_file=str(pid_file)))
    report = runner.run(check, timeout=20)
    assert report.outcome == "passed", report.output
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


def test_the_reaper_ends_what_its_command_left_behind(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    code = (
        "import os, subprocess, sys\n"
        "c = 'import os, time; os.setsid(); time.sleep(60)'\n"
        "p = subprocess.Popen([sys.executable, '-c', c])\n"
        f"open({str(pid_file)!r}, 'w').write(str(p.pid))\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "checker.reaper", sys.executable, "-c", code],
        timeout=30,
        check=False,
    )
    assert done.returncode == 0
    assert not _alive(int(pid_file.read_text()))


@pytest.mark.parametrize(
    ("transform", "passes"),
    [
        (lambda b: b"\xef\xbb\xbf" + b, True),
        (lambda b: b.replace(b"\n", b"\r\n"), True),
        (lambda b: b.replace(b"\n", b"  \n"), True),
        (lambda b: b.rstrip(b"\n"), True),
        (lambda b: b + b"\n\n\n", True),
        (lambda b: b.replace(b"Double x.", b"Double x, caf\xe9."), False),
        (lambda b: b"# -*- coding: utf-7 -*-\n" + b, False),
    ],
    ids=["bom", "crlf", "trailing-spaces", "no-final-newline", "blank-lines", "latin-1", "utf-7"],
)
def test_files_are_judged_by_meaning_not_bytes(
    course: CourseCopy, transform: object, passes: bool
) -> None:
    assert callable(transform)
    solution = (course.root / "solutions" / "02_runtime" / "double_it.py").read_bytes()
    course.path(DOUBLE).write_bytes(transform(solution))
    result = course.run("run", "double_it")
    assert (result.code == 0) is passes, result.text
    if not passes:
        assert "[encoding]" in result.text
        assert "checks below the marker line were changed" not in result.text


def test_a_file_mypy_stops_reading_early_never_passes(course: CourseCopy) -> None:
    """mypy drops everything after `assert not MYPY` (checks and marked lines too); the verdict
    notices that mypy never reached the end of the file even when the guard is lifted."""
    course.edit(
        "exercises/info.toml",
        'name = "wrap_the_id"\n',
        'name = "wrap_the_id"\nallow = ["type-checking"]\n',
    )
    course.edit(WRAP, "raw_index = 3\n", "raw_index = 3\nMYPY = False\nassert not MYPY\n")
    result = course.run("run", "wrap_the_id")
    assert result.code == 1
    assert "mypy stopped reading this file before its end" in result.out
