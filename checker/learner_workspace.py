"""A learner's own workspace, written from the course the tool ships, so an installed tool needs
no clone: `init` writes it once, `update` brings new exercises in and never touches theirs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from checker.atomic import write_atomically
from checker.course import CATALOG_FILE_NAME, PRISTINE_DIR_NAME, TRACKS, Course, is_course_root

LEARNER_FOLDERS = TRACKS
"""What a workspace holds of the course; solutions and shortcuts stay with the tool."""

GITIGNORE = """\
__pycache__/
.mypy_cache/
.venv/
.typed-ai-rustlings/
.typed-ai-rustlings-state.json
.typed-ai-rustlings-state.json.*
"""

PYPROJECT = """\
# The settings typed-ai-rustlings checks with, so editors and a plain `mypy` agree with it.
[tool.mypy]
strict = true
warn_unreachable = true
python_version = "3.11"

[tool.pyright]
# Pyright reads the same files differently from mypy; the course is judged by mypy.
typeCheckingMode = "off"
"""


class WorkspaceError(Exception):
    """Raised when a workspace cannot be written, naming the folder and why."""


def shipped_course() -> Path:
    """The course beside this tool: the package data of an installed wheel, or the clone the
    tool runs from (an editable install)."""
    package = Path(__file__).resolve().parent
    for root in (package / "course_files", package.parent):
        if is_course_root(root):
            return root
    raise WorkspaceError("this installation ships no course: reinstall typed-ai-rustlings")


def _course_files(source: Path) -> Iterator[Path]:
    """Every file of the learner's tracks, relative to the course root (pristine copies too)."""
    for folder in LEARNER_FOLDERS:
        base = source / folder
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(source)
            if path.is_file() and "__pycache__" not in relative.parts:
                yield relative


def editor_settings(python: str) -> dict[str, dict[str, object]]:
    """VS Code: the mypy extension, strict, run by the interpreter that has tiny_ml."""
    return {
        ".vscode/settings.json": {
            "python.defaultInterpreterPath": python,
            "mypy-type-checker.interpreter": [python],
            "mypy-type-checker.args": ["--strict", "--warn-unreachable"],
            "mypy-type-checker.reportingScope": "workspace",
            "python.analysis.typeCheckingMode": "off",
            "files.exclude": {"**/.pristine": True},
        },
        ".vscode/extensions.json": {"recommendations": ["ms-python.mypy-type-checker"]},
    }


def init_workspace(target: Path, *, python: str = sys.executable) -> list[Path]:
    """Write a new workspace into an empty (or missing) folder; return the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise WorkspaceError(
            f"{target} is not empty: pick a new folder, or run `typed-ai-rustlings update` "
            "inside an existing workspace"
        )
    source = shipped_course()
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for relative in _course_files(source):
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, destination)
        written.append(destination)
    extras: dict[str, str] = {"pyproject.toml": PYPROJECT, ".gitignore": GITIGNORE}
    for name, data in editor_settings(python).items():
        extras[name] = json.dumps(data, indent=2) + "\n"
    for name, text in extras.items():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(text, encoding="utf-8")
        written.append(destination)
    _first_commit(target)
    return written


def _first_commit(target: Path) -> None:
    """A git repository with the untouched course as its first commit, so every change a
    learner makes shows in `git diff`. Without git the workspace still works."""
    git = shutil.which("git")
    if git is None:
        return
    identity = [
        "-c",
        "user.name=typed-ai-rustlings",
        "-c",
        "user.email=typed-ai-rustlings@localhost",
    ]
    for args in (
        ["init", "--quiet"],
        ["add", "--all"],
        [*identity, "commit", "--quiet", "--no-verify", "-m", "The course, untouched"],
    ):
        subprocess.run([git, *args], cwd=target, check=True, capture_output=True)


def update_workspace(course: Course) -> list[Path]:
    """Bring in exercises the workspace lacks and refresh the trusted files (catalogs and
    pristine copies); a learner's exercise file is never overwritten."""
    source = shipped_course()
    if source.resolve() == course.root.resolve():
        return []
    changed: list[Path] = []
    for relative in _course_files(source):
        destination = course.root / relative
        trusted = PRISTINE_DIR_NAME in relative.parts or relative.name == CATALOG_FILE_NAME
        if destination.exists() and not trusted:
            continue
        data = (source / relative).read_bytes()
        if destination.exists() and destination.read_bytes() == data:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(destination, data)  # a running watcher never reads half a catalog
        changed.append(destination)
    return changed


def shipped_solution(relative_solution: Path) -> Path | None:
    """A solution from the course the tool ships, or None where it ships none."""
    path = shipped_course() / relative_solution
    return path if path.is_file() else None
