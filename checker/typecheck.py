"""mypy as the compiler: strict flags, a config the checker owns, JSON diagnostics."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from checker.atomic import write_atomically
from checker.course import Course, import_root
from checker.mypy_cache import start_from_base

MYPY_FLAGS = ("--strict", "--warn-unreachable", "--show-error-end", "--no-color-output")


@dataclass(frozen=True)
class Diagnostic:
    """One line of mypy's JSON output; columns are 0-based, end_column exclusive."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    severity: str
    message: str
    code: str | None
    hint: str | None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass(frozen=True)
class TypeCheckReport:
    """What mypy said about a batch of files, or why it could not say anything."""

    diagnostics: tuple[Diagnostic, ...]
    failure: str | None = None


class TypeChecker(Protocol):
    """Anything that can type-check snapshot files the way `mypy --strict` does."""

    def check(self, files: Sequence[Path]) -> TypeCheckReport: ...

    def close(self) -> None: ...


def write_mypy_config(course: Course) -> Path:
    """The checker's own mypy config: a planted mypy.ini, or a planted stub beside tiny_ml in the
    course, changes nothing."""
    course.cache_dir.mkdir(parents=True, exist_ok=True)
    path = course.cache_dir / "mypy.ini"
    text = (
        "[mypy]\n"
        "strict = True\n"
        "warn_unreachable = True\n"
        f"mypy_path = {import_root(course)}\n"
        "incremental = True\n"
    )
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        write_atomically(path, text)  # a second watcher's mypy never reads half a config
    return path


def mypy_environment() -> dict[str, str]:
    """The caller's environment without the variables that would let mypy read other settings."""
    env = dict(os.environ)
    for name in ("MYPYPATH", "MYPY_CACHE_DIR", "MYPY_FORCE_COLOR", "MYPY_FORCE_TERMINAL_WIDTH"):
        env.pop(name, None)
    return env


def _optional_text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def parse_json_lines(output: str, cwd: Path) -> tuple[Diagnostic, ...]:
    """Diagnostics from mypy's `-O json` lines; file paths made absolute against mypy's cwd."""
    found: list[Diagnostic] = []
    for raw in output.splitlines():
        raw = raw.strip()
        if not raw.startswith("{"):
            continue
        item = json.loads(raw)
        file = str(item.get("file") or "")
        line = int(item.get("line") or 0)
        column = max(int(item.get("column") or 0), 0)
        found.append(
            Diagnostic(
                file=str((cwd / file).resolve()) if file else "",
                line=line,
                column=column,
                end_line=int(item.get("end_line") or line),
                end_column=int(item.get("end_column") or column + 1),
                severity=str(item.get("severity") or "error"),
                message=str(item.get("message") or ""),
                code=_optional_text(item.get("code")),
                hint=_optional_text(item.get("hint")),
            )
        )
    return tuple(found)


def explain_failure(returncode: int, stderr: str) -> str:
    """A message that names what went wrong with mypy itself and how to fix it."""
    if re.search(r"No module named '?mypy\b", stderr):
        return (
            f"mypy is not installed for {sys.executable}: install the course with "
            "`pip install -e .` in the environment you run typed-ai-rustlings from"
        )
    last = stderr.strip().splitlines()[-12:]
    detail = "\n".join(last) if last else f"exit status {returncode}"
    return (
        "mypy itself failed, so no verdict could be reached. Check again (`r` in watch mode); "
        "if it keeps failing, reinstall with `pip install -e .`.\n" + detail
    )


def cache_dir_for(course: Course, files: Sequence[Path]) -> Path:
    """One mypy cache per snapshot family (current, batch, dev-solution, ...).

    mypy keys its cache by module name and replays a fresh module's errors under the path it
    first saw; snapshots of one exercise in two families share a module name, so they must not
    share a cache.
    """
    family = course.snapshot_family_of(files[0]) if files else None
    return course.mypy_cache_for(family or "other")


class ProcessTypeChecker:
    """mypy as a fresh process per check: slower than the daemon, but needs nothing warm."""

    def __init__(self, course: Course, *, python: str = sys.executable) -> None:
        self.course = course
        self.python = python

    def command(self, files: Sequence[Path]) -> list[str]:
        config = write_mypy_config(self.course)
        cache = cache_dir_for(self.course, files)
        return [
            self.python,
            "-m",
            "mypy",
            "--config-file",
            str(config),
            "--cache-dir",
            str(cache),
            "-O",
            "json",
            *MYPY_FLAGS,
            *(str(f) for f in files),
        ]

    def check(self, files: Sequence[Path]) -> TypeCheckReport:
        if not files:
            return TypeCheckReport(())
        cwd = self.course.cache_dir
        # A first check in this family starts from the libraries' analysis, not from nothing.
        start_from_base(self.course, cache_dir_for(self.course, files))
        try:
            done = subprocess.run(
                self.command(files),
                cwd=cwd,
                env=mypy_environment(),
                capture_output=True,
                text=True,
                check=False,
            )
        except OSError as error:
            return TypeCheckReport((), f"could not start mypy with {self.python}: {error}")
        try:
            diagnostics = parse_json_lines(done.stdout, cwd)
        except (json.JSONDecodeError, ValueError, TypeError) as error:
            return TypeCheckReport((), f"could not read mypy's output: {error}")
        # Exit status 2 with diagnostics is a blocking error in the file (a syntax error):
        # a verdict. Without diagnostics, mypy itself failed.
        if done.returncode != 0 and not any(d.is_error for d in diagnostics):
            return TypeCheckReport((), explain_failure(done.returncode, done.stderr + done.stdout))
        return TypeCheckReport(diagnostics)

    def close(self) -> None:
        """Nothing stays running."""
