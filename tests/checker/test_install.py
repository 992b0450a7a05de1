"""Installing like a tool: every package ships, `init` writes a workspace that needs no clone,
`update` never touches a learner's file, and the small promises of a well-behaved command."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from checker.course import Course
from checker.learner_workspace import (
    WorkspaceError,
    init_workspace,
    shipped_course,
    update_workspace,
)
from tests.checker.conftest import CourseCopy

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_of_the_project_is_in_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("tiny_ml", "checker")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert found <= listed, f"missing from [tool.setuptools] packages: {sorted(found - listed)}"


def test_the_course_ships_from_the_checkout_in_an_editable_install() -> None:
    assert shipped_course() == ROOT


def test_init_writes_a_workspace_without_solutions(tmp_path: Path) -> None:
    target = tmp_path / "learner"
    written = init_workspace(target, python="/opt/python")
    assert (target / "exercises" / "info.toml").is_file()
    assert (target / "exercises" / ".pristine").is_dir()
    assert (target / "challenges" / "info.toml").is_file()
    assert not (target / "solutions").exists()
    assert not (target / "shortcuts").exists()
    assert not any("__pycache__" in p.parts for p in written)
    config = tomllib.loads((target / "pyproject.toml").read_text())
    assert config["tool"]["mypy"]["strict"] is True
    settings = json.loads((target / ".vscode" / "settings.json").read_text())
    assert settings["mypy-type-checker.interpreter"] == ["/opt/python"]
    extensions = json.loads((target / ".vscode" / "extensions.json").read_text())
    assert "ms-python.mypy-type-checker" in extensions["recommendations"]
    assert ".typed-ai-rustlings-state.json" in (target / ".gitignore").read_text()
    log = subprocess.run(
        ["git", "log", "--oneline"], cwd=target, capture_output=True, text=True, check=True
    )
    assert len(log.stdout.splitlines()) == 1
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=target, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    with pytest.raises(WorkspaceError):
        init_workspace(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_update_brings_in_what_is_missing_and_never_touches_the_learners_files(
    tmp_path: Path,
) -> None:
    target = tmp_path / "learner"
    init_workspace(target)
    mine = target / "exercises" / "00_intro" / "intro_save_and_verdict.py"
    mine.write_text("# my work in progress\n")
    missing = target / "exercises" / "01_tokens" / "token_id_not_usize.py"
    missing.unlink()
    pristine = target / "exercises" / ".pristine" / "00_intro" / "intro_save_and_verdict.py.orig"
    pristine.write_text("tampered\n")
    changed = update_workspace(Course(target))
    assert missing in changed and missing.is_file()
    assert pristine in changed and pristine.read_text() != "tampered\n"
    assert mine.read_text() == "# my work in progress\n"
    assert update_workspace(Course(target)) == []


def test_version_and_json_versions(course: CourseCopy) -> None:
    version = course.run("--version")
    assert version.code == 0
    assert version.out.startswith("typed-ai-rustlings ")
    assert json.loads(course.run("list", "--json").out)["version"] == 2
    assert json.loads(course.run("verify", "--json").out)["version"] == 2


def test_solution_is_shown_only_once_the_exercise_is_solved(course: CourseCopy) -> None:
    refused = course.run("solution", "types_only")
    assert refused.code == 1
    assert "not solved yet" in refused.err
    course.solve("01_types/types_only.py")
    assert course.run("run", "types_only").code == 0
    shown = course.run("solution", "types_only")
    assert shown.code == 0
    assert "return len(text.split())" in shown.out


def test_force_color_colours_a_pipe(course: CourseCopy) -> None:
    env = {k: v for k, v in course.env.items() if k != "NO_COLOR"}
    env["FORCE_COLOR"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "checker", "list"],
        cwd=course.root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "\x1b[" in done.stdout


def test_every_argument_has_help() -> None:
    from checker.cli import build_parser

    def walk(parser: object) -> list[str]:
        import argparse

        assert isinstance(parser, argparse.ArgumentParser)
        missing: list[str] = []
        for action in parser._actions:  # argparse keeps its actions only here
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    missing += [f"{name} {m}" for m in walk(sub)]
            elif not action.help:
                missing.append("/".join(action.option_strings) or action.dest)
        return missing

    assert walk(build_parser()) == []
