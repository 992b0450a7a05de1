"""Catalog, state, snapshot, rendering and mypy-failure handling, without spawning the command."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from checker.catalog import CatalogError, load_catalog
from checker.course import Course
from checker.outcome import TypeProblem
from checker.render import problem_text
from checker.state import (
    Progress,
    StateWriteError,
    TrackProgress,
    load_progress,
    lock_path,
    save_progress,
)
from checker.typecheck import Diagnostic, ProcessTypeChecker
from checker.verdict import expected_errors
from checker.workspace import split, write_snapshot

HEADER = 'format_version = 1\nwelcome_message = "w"\nfinal_message = "f"\n'
ENTRY = 'name = "a"\ndir = "01_x"\ntest = true\nconcept = "c"\nhint = ["h"]\nexpect = "arg-type"\n'


def write_catalog(root: Path, body: str) -> Course:
    (root / "exercises").mkdir(parents=True, exist_ok=True)
    (root / "exercises" / "info.toml").write_text(HEADER + body)
    return Course(root)


def test_catalog_loads_typed_entries_with_paths(tmp_path: Path) -> None:
    course = write_catalog(tmp_path, "[[exercises]]\n" + ENTRY + 'allow = ["any"]\n')
    exercise = load_catalog(course).exercises[0]
    assert exercise.path == tmp_path / "exercises" / "01_x" / "a.py"
    assert exercise.solution_path == tmp_path / "solutions" / "01_x" / "a.py"
    assert exercise.pristine_path == tmp_path / "exercises" / ".pristine" / "01_x" / "a.py.orig"
    assert exercise.hints == ("h",) and exercise.allow == frozenset({"any"})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("test = true", 'test = "yes"'), "exercise #1 (a): field `test` must be a bool"),
        (
            ('hint = ["h"]', "hint = []"),
            "exercise #1 (a): field `hint` must be a string or a non-empty list",
        ),
        (('concept = "c"\n', ""), "exercise #1 (a): missing field `concept`"),
        (
            ('expect = "arg-type"', 'expect = "Arg Type"'),
            "field `expect` must be a mypy error code or `test`",
        ),
        (('dir = "01_x"', 'dir = "../x"'), "field `dir` must be one folder name"),
        (
            ('hint = ["h"]', 'hint = ["h"]\nallow = ["everything"]'),
            "unknown rule(s) ['everything']",
        ),
    ],
)
def test_bad_entries_are_named(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    course = write_catalog(tmp_path, "[[exercises]]\n" + ENTRY.replace(*change))
    with pytest.raises(CatalogError, match=None) as raised:
        load_catalog(course)
    assert message in str(raised.value)


def test_duplicate_names_and_bad_toml_are_refused(tmp_path: Path) -> None:
    course = write_catalog(tmp_path, "[[exercises]]\n" + ENTRY + "[[exercises]]\n" + ENTRY)
    with pytest.raises(CatalogError, match="the name is used twice"):
        load_catalog(course)
    course = write_catalog(tmp_path, "[[exercises]\n")
    with pytest.raises(CatalogError, match="not valid TOML"):
        load_catalog(course)


def test_state_round_trips_and_is_written_atomically(tmp_path: Path) -> None:
    course = Course(tmp_path)
    progress = Progress({"exercises": TrackProgress("b", {"a"})})
    save_progress(course, progress)
    assert json.loads(course.state_path.read_text())["tracks"]["exercises"] == {
        "current": "b",
        "done": ["a"],
    }
    assert load_progress(course).tracks["exercises"].done == {"a"}
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [course.state_path.name, lock_path(course).name], "no temporary file left"


def test_state_that_cannot_be_written_names_the_path(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    with pytest.raises(StateWriteError, match=str(not_a_folder)):
        save_progress(Course(not_a_folder), Progress())


def test_snapshot_mtime_always_moves_forward_a_second(tmp_path: Path) -> None:
    target = tmp_path / "s.py"
    assert write_snapshot(target, "x = 1\n")
    first = target.stat().st_mtime_ns
    assert write_snapshot(target, "x = 2\n"), "same size, new content is written"
    assert target.stat().st_mtime_ns >= first + 1_000_000_000
    assert not write_snapshot(target, "x = 2\n"), "unchanged content is not rewritten"


def test_split_and_expected_lines() -> None:
    source = "a = 1\n# --- checks: do not edit below this line ---\nf(1)  # type: ignore[arg-type, misc]\ns = '# expect-type-error'\n"
    parts = split(source)
    assert parts.learner == "a = 1\n" and parts.checks is not None
    [expected] = expected_errors(source)
    assert expected.line == 3 and expected.codes == {"arg-type", "misc"}


def test_caret_spans_the_reported_columns() -> None:
    diagnostic = Diagnostic("f.py", 2, 4, 2, 9, "error", "bad", "arg-type", "a note")
    text = problem_text(TypeProblem(diagnostic, "f.py", "abc(hello)", (), False)).plain
    assert text.splitlines() == [
        "error[arg-type]: bad",
        "  --> f.py:2:5",
        "  |",
        "2 | abc(hello)",
        "  |     ^^^^^",
        "  = note: a note",
    ]


def test_missing_mypy_is_named_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho 'No module named mypy' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    report = ProcessTypeChecker(Course(tmp_path), python=str(fake)).check([tmp_path / "x.py"])
    assert report.failure is not None and "mypy is not installed" in report.failure
    assert "pip install -e ." in report.failure
