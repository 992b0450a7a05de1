"""Shared fixtures: a fresh copy of the fixture course at a fixed path, so mypy's cache stays warm."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"


@dataclass(frozen=True)
class Result:
    """What one run of the real command printed and returned."""

    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@dataclass(frozen=True)
class CourseCopy:
    """A writable copy of the fixture course and a way to run the command inside it."""

    root: Path
    env: dict[str, str]

    def path(self, relative: str) -> Path:
        return self.root / relative

    def edit(self, relative: str, old: str, new: str) -> None:
        target = self.path(relative)
        text = target.read_text()
        assert old in text, f"{old!r} not in {relative}"
        target.write_text(text.replace(old, new, 1))

    def solve(self, relative: str) -> None:
        shutil.copy(self.root / "solutions" / relative, self.root / "exercises" / relative)

    def run(self, *args: str, cwd: Path | None = None, stdin: str | None = None) -> Result:
        done = subprocess.run(
            [sys.executable, "-m", "checker", *args],
            cwd=cwd or self.root,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="session")
def cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(scope="session")
def course_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("courses") / "course"


@pytest.fixture
def course(course_root: Path, cache_home: Path) -> Iterator[CourseCopy]:
    if course_root.exists():
        shutil.rmtree(course_root)
    shutil.copytree(FIXTURE_COURSE, course_root)
    env = dict(os.environ)
    env.update({"XDG_CACHE_HOME": str(cache_home), "NO_COLOR": "1", "COLUMNS": "200"})
    env.pop("FORCE_COLOR", None)
    yield CourseCopy(course_root, env)
