"""Whatever the learner's code does, watch mode shows a verdict and keeps watching."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e import saves
from tests.e2e.harness import Course

pytestmark = pytest.mark.e2e

ADD = "exercises/01_basics/add.py"
PASS = r"press n to move on"
FAIL = r"not yet · save the file to check again"
TIME_LIMIT = "2"


def _still_watching(course: Course) -> None:
    """After hostile code, a plain fix is still seen and passes."""
    saves.in_place(course.path(ADD), course.solution(ADD))


def _save(course: Course, code: str) -> None:
    saves.in_place(course.path(ADD), course.learner(ADD, code))


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        pytest.param(
            "def add(a: int, b: int) -> int\n    return a + b\n",
            r"error\[syntax\]",
            id="syntax-error",
        ),
        pytest.param(
            "import importlib\n\nimportlib.import_module('no_such_module_for_e2e')\n\n\n"
            "def add(a: int, b: int) -> int:\n    return a + b\n",
            r"No module named 'no_such_module_for_e2e'",
            id="import-error-at-run-time",
        ),
        pytest.param(
            "import no_such_module_for_e2e\n\n\n"
            "def add(a: int, b: int) -> int:\n    return a + b\n",
            r"`no_such_module_for_e2e` is not needed by this exercise",
            id="import-outside-the-allowlist",
        ),
        pytest.param(
            "def add(a: int, b: int) -> int:\n    return add(a, b)\n",
            r"RecursionError",
            id="recursion-limit",
        ),
        pytest.param(
            "import os\n\n\ndef add(a: int, b: int) -> int:\n    os.abort()\n",
            r"ended before pytest finished",
            id="abort-in-a-test",
        ),
        pytest.param(
            "import sys\n\n\ndef add(a: int, b: int) -> int:\n    sys.exit(0)\n",
            r"SystemExit",
            id="sys-exit-in-a-test",
        ),
        pytest.param(
            "def add(a: int, b: int) -> int:\n    raise SystemExit\n",
            r"SystemExit",
            id="raise-systemexit-in-a-test",
        ),
        pytest.param(
            "raise SystemExit\n\n\ndef add(a: int, b: int) -> int:\n    return a + b\n",
            r"refused",
            id="systemexit-at-import",
        ),
        pytest.param(
            "def add(a: int, b: int) -> int:\n"
            "    print('[red]boom[/] and [/] and [bold]x')\n"
            "    return a - b\n",
            r"\[red\]boom\[/\] and \[/\] and \[bold\]x",
            id="rich-markup-in-output",
        ),
    ],
)
def test_hostile_code_fails_plainly_and_watching_goes_on(
    course: Course, code: str, shown: str
) -> None:
    with course.watching("--timeout", TIME_LIMIT) as term:
        term.expect(r"error\[return-value\]")
        term.expect(FAIL)
        _save(course, code)
        term.expect(shown)
        term.expect(FAIL)
        assert "press n to move on" not in term.text[term.pos :]
        _still_watching(course)
        term.expect(PASS)


@pytest.mark.parametrize(
    ("code", "output"),
    [
        pytest.param(
            "import itertools\n\n\ndef _spin() -> None:\n"
            "    print('spinning at import', flush=True)\n"
            "    for _ in itertools.count():\n        pass\n\n\n_spin()\n\n\n"
            "def add(a: int, b: int) -> int:\n    return a + b\n",
            "spinning at import",
            id="at-import",
        ),
        pytest.param(
            "def add(a: int, b: int) -> int:\n"
            "    print('spinning in a test', flush=True)\n"
            "    while a != -12345:\n        pass\n    return a + b\n",
            "spinning in a test",
            id="in-a-test",
        ),
    ],
)
def test_an_infinite_loop_is_stopped_at_the_time_limit(
    course: Course, code: str, output: str
) -> None:
    with course.watching("--timeout", TIME_LIMIT) as term:
        term.expect(FAIL)
        _save(course, code)
        term.expect(r"did not finish within 2 s and were stopped", timeout=15)
        term.expect(output)
        term.expect(FAIL)
        _still_watching(course)
        term.expect(PASS)


def test_a_test_printing_megabytes_is_clipped(course: Course) -> None:
    code = (
        "def add(a: int, b: int) -> int:\n"
        "    for _ in range(50_000):\n"
        "        print('x' * 99)\n"
        "    print('the very end')\n"
        "    return a - b\n"
    )
    with course.watching("--timeout", "10") as term:
        term.expect(FAIL)
        before = len(term.raw)
        _save(course, code)
        term.expect(r"output left out", timeout=20)
        term.expect(r"the very end")
        term.expect(FAIL)
        assert len(term.raw) - before < 200_000
        _still_watching(course)
        term.expect(PASS)


def test_code_that_writes_files_and_changes_directory(course: Course) -> None:
    scratch = course.path("exercises/01_basics/learner-notes.txt")
    code = (
        "import os\nfrom pathlib import Path\n\n\n"
        "def add(a: int, b: int) -> int:\n"
        f"    Path({str(scratch)!r}).write_text('notes')\n"
        "    Path('relative-notes.txt').write_text('notes')\n"
        "    os.chdir('/')\n"
        "    return a + b\n"
    )
    with course.watching() as term:
        term.expect(FAIL)
        _save(course, code)
        term.expect(PASS)
        assert scratch.read_text() == "notes"
        assert not Path("/relative-notes.txt").exists()
        assert not course.path("relative-notes.txt").exists()
        # Still watching, from the same place: a broken save is seen and judged.
        _save(course, "def add(a: int, b: int) -> int:\n    return str(a)\n")
        term.expect(r"error\[return-value\]")
        term.expect(FAIL)


def _fake_mypy(root: Path, main: str | None) -> Path:
    package = root / "fake-mypy" / "mypy"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    if main is not None:
        (package / "__main__.py").write_text(main)
    return package.parent


@pytest.mark.parametrize(
    ("main", "message"),
    [
        pytest.param(None, r"mypy is not installed for .*pip install -e \.", id="missing"),
        pytest.param(
            "raise RuntimeError('simulated mypy crash')\n",
            r"mypy itself failed.*\n(?:.*\n)*.*simulated mypy crash",
            id="crashing",
        ),
    ],
)
def test_mypy_missing_or_crashing_is_a_message(
    course: Course, tmp_path: Path, main: str | None, message: str
) -> None:
    """A `mypy` package that is empty (or crashes) shadows the real one for the command and
    every process it starts."""
    fake = _fake_mypy(tmp_path, main)
    env = course.env(PYTHONPATH=str(fake))
    term = course.spawn("watch", env=env)
    try:
        term.expect(r"mypy could not check this file", timeout=30)
        term.expect(message)
        term.expect(FAIL)
        # mypy's own traceback may be quoted as detail; the checker's never is.
        assert not re.search(r'File ".*[/\\]checker[/\\]', term.text), term.text
        term.send("q")
        assert term.wait_exit() == 0
    finally:
        term.kill()
