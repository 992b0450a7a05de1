"""The authoring kit writes a course entry that is already a real broken exercise, or nothing."""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from checker.course import MARKER
from checker.scaffold import (
    PLACEHOLDER_EXPECT,
    ScaffoldError,
    add_dev_new_parser,
    new_challenge,
    new_exercise,
    run_dev_new,
)

REPO = Path(__file__).resolve().parents[2]


HEADER = 'format_version = 1\nwelcome_message = "hello"\nfinal_message = "done"\n'
EXISTING = (
    '\n[[exercises]]\nname = "existing"\ndir = "01_tokens"\ntest = true\n'
    'concept = "An existing entry."\nhint = "a hint"\nexpect = "arg-type"\n'
)


def _tiny_course(tmp_path: Path, catalog: str) -> Path:
    """tiny_ml and an exercises catalog; no challenges track yet."""
    root = tmp_path / "course"
    shutil.copytree(
        REPO / "tiny_ml", root / "tiny_ml", ignore=shutil.ignore_patterns("__pycache__")
    )
    (root / "exercises").mkdir()
    (root / "exercises" / "info.toml").write_text(catalog, encoding="utf-8")
    return root


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A tiny course whose catalog already holds one entry (its files are not needed here)."""
    return _tiny_course(tmp_path, HEADER + EXISTING)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "tiny_ml" not in path.parts
    }


def _catalog_entry(catalog: Path, name: str) -> dict[str, object]:
    entries = tomllib.loads(catalog.read_text(encoding="utf-8"))["exercises"]
    matches = [entry for entry in entries if entry["name"] == name]
    assert len(matches) == 1, f"{name} should appear once in {catalog}"
    entry: dict[str, object] = matches[0]
    return entry


def _checks_part(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.count(MARKER + "\n") == 1, f"{path} needs the marker line exactly once"
    return text[text.index(MARKER) :]


def test_new_exercise_writes_exercise_solution_pristine_and_entry(course: Path) -> None:
    paths = new_exercise(course, "raw_index_returned", "07_training")

    exercise = course / "exercises" / "07_training" / "raw_index_returned.py"
    solution = course / "solutions" / "07_training" / "raw_index_returned.py"
    pristine = course / "exercises" / ".pristine" / "07_training" / "raw_index_returned.py.orig"
    shortcut = course / "shortcuts" / "07_training" / "raw_index_returned" / "promises_an_int.py"
    catalog = course / "exercises" / "info.toml"
    assert paths == [exercise, solution, pristine, shortcut, catalog]
    assert pristine.read_bytes() == exercise.read_bytes()
    assert _checks_part(exercise) == _checks_part(solution)
    text = exercise.read_text(encoding="utf-8")
    assert text.startswith('"""raw_index_returned: ')
    assert "TODO" not in text, "the scaffold states the goal, never the edit"
    assert "TODO" not in solution.read_text(encoding="utf-8")

    entry = _catalog_entry(catalog, "raw_index_returned")
    assert entry["dir"] == "07_training"
    assert entry["test"] is True
    assert entry["expect"] == PLACEHOLDER_EXPECT
    assert "file" not in entry
    hints = entry["hint"]
    assert isinstance(hints, list) and len(hints) >= 2 and all(hints)
    assert isinstance(entry["concept"], str) and entry["concept"]
    assert _catalog_entry(catalog, "existing")["dir"] == "01_tokens", "old entries are kept"


def test_new_challenge_writes_the_folder_the_solution_and_the_entry(course: Path) -> None:
    paths = new_challenge(course, "label_smoothing")

    folder = course / "challenges" / "label_smoothing"
    solution = course / "solutions" / "challenges" / "label_smoothing" / "challenge.py"
    pristine = course / "challenges" / ".pristine" / "label_smoothing" / "challenge.py.orig"
    catalog = course / "challenges" / "info.toml"
    for path in (
        folder / "challenge.py",
        folder / "__init__.py",
        folder / "__main__.py",
        folder / "README.md",
        course / "challenges" / "__init__.py",
        solution,
        pristine,
        catalog,
    ):
        assert path in paths, f"{path} should be reported as written"
        assert path.is_file()
    assert paths[-1] == catalog
    assert pristine.read_bytes() == (folder / "challenge.py").read_bytes()
    assert _checks_part(folder / "challenge.py") == _checks_part(solution)

    readme = (folder / "README.md").read_text(encoding="utf-8")
    ledger = "| paper idea | Python handle | test or output signal |\n| --- | --- | --- |\n"
    assert ledger + "\n## Left out on purpose" in readme, "the ledger starts empty"
    assert "arXiv" in readme and "## Share" in readme

    data = tomllib.loads(catalog.read_text(encoding="utf-8"))
    assert data["format_version"] == 1
    entry = _catalog_entry(catalog, "label_smoothing")
    assert entry["dir"] == "label_smoothing"
    assert entry["file"] == "challenge.py"
    assert entry["expect"] == PLACEHOLDER_EXPECT


def test_dev_check_passes_on_a_course_that_holds_only_scaffolds(tmp_path: Path) -> None:
    root = _tiny_course(tmp_path, HEADER)
    new_exercise(root, "raw_index_returned", "07_training")
    new_challenge(root, "label_smoothing")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "NO_COLOR": "1"}
    for track in ("exercises", "challenges"):
        result = subprocess.run(
            [sys.executable, "-m", "checker", "dev", "check", "--track", track],
            capture_output=True,
            text=True,
            cwd=root,
            env=env,
            check=False,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"dev check ({track}): 1 exercises, 0 problems" in result.stdout


def test_the_scaffolded_example_runs_on_the_broken_challenge(course: Path) -> None:
    new_challenge(course, "label_smoothing")
    result = subprocess.run(
        [sys.executable, "-m", "challenges.label_smoothing"],
        capture_output=True,
        text=True,
        cwd=course,
        env={**os.environ, "PYTHONPATH": str(course)},
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "first_token(" in result.stdout


@pytest.mark.parametrize(
    "name",
    ["", "Adam", "2nd_moment", "layer-norm", "../escape", "a/b", "class", "match", "x" * 41],
)
def test_invalid_names_are_refused_and_nothing_is_written(course: Path, name: str) -> None:
    before = _snapshot(course)
    with pytest.raises(ScaffoldError, match=r"name|keyword|characters"):
        new_exercise(course, name, "07_training")
    with pytest.raises(ScaffoldError, match=r"name|keyword|characters"):
        new_challenge(course, name)
    assert _snapshot(course) == before


@pytest.mark.parametrize("topic", ["", ".pristine", "challenges", "a/b", "../up", "Topic"])
def test_invalid_topics_are_refused(course: Path, topic: str) -> None:
    before = _snapshot(course)
    with pytest.raises(ScaffoldError, match="topic"):
        new_exercise(course, "fine_name", topic)
    assert _snapshot(course) == before


def test_a_name_already_in_the_catalog_is_refused(course: Path) -> None:
    before = _snapshot(course)
    with pytest.raises(ScaffoldError, match="already has an entry named 'existing'"):
        new_exercise(course, "existing", "07_training")
    assert _snapshot(course) == before


def test_scaffolding_the_same_name_twice_is_refused_and_keeps_the_first(course: Path) -> None:
    new_exercise(course, "raw_index_returned", "07_training")
    new_challenge(course, "label_smoothing")
    (course / "challenges" / "label_smoothing" / "challenge.py").write_text("# my work\n")
    before = _snapshot(course)
    with pytest.raises(ScaffoldError, match="already"):
        new_exercise(course, "raw_index_returned", "08_structure")
    with pytest.raises(ScaffoldError, match="already"):
        new_challenge(course, "label_smoothing")
    assert _snapshot(course) == before


def test_an_existing_file_without_a_catalog_entry_is_not_overwritten(course: Path) -> None:
    stray = course / "solutions" / "07_training" / "raw_index_returned.py"
    stray.parent.mkdir(parents=True)
    stray.write_text("# an author's draft\n")
    before = _snapshot(course)
    with pytest.raises(ScaffoldError, match="already exists"):
        new_exercise(course, "raw_index_returned", "07_training")
    assert _snapshot(course) == before


def test_outside_a_course_nothing_is_written(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match="not a course root"):
        new_exercise(tmp_path, "raw_index_returned", "07_training")
    with pytest.raises(ScaffoldError, match="not a course root"):
        new_challenge(tmp_path, "label_smoothing")
    assert list(tmp_path.iterdir()) == []


def _dev_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="typed-ai-rustlings dev")
    add_dev_new_parser(parser.add_subparsers(dest="dev_command", required=True))
    return parser


def test_the_dev_new_commands_parse_and_scaffold(course: Path) -> None:
    parser = _dev_parser()
    out = io.StringIO()
    args = parser.parse_args(["new", "exercise", "raw_index_returned", "--topic", "07_training"])
    assert run_dev_new(args, course, out=out, err=io.StringIO()) == 0
    assert "created exercises/07_training/raw_index_returned.py" in out.getvalue()
    assert "dev check" in out.getvalue()

    out = io.StringIO()
    args = parser.parse_args(["new", "challenge", "label_smoothing"])
    assert run_dev_new(args, course, out=out, err=io.StringIO()) == 0
    assert "created challenges/label_smoothing/README.md" in out.getvalue()
    assert "dev check --track challenges" in out.getvalue()


def test_dev_new_reports_a_refused_name_with_exit_status_2(course: Path) -> None:
    err = io.StringIO()
    args = _dev_parser().parse_args(["new", "challenge", "Not-A-Name"])
    assert run_dev_new(args, course, out=io.StringIO(), err=err) == 2
    assert err.getvalue().startswith("error: 'Not-A-Name' is not a valid name")


def test_dev_new_exercise_requires_a_topic() -> None:
    with pytest.raises(SystemExit):
        _dev_parser().parse_args(["new", "exercise", "raw_index_returned"])
