"""Where a course lives: its root, its two tracks, each exercise's files, the marker that splits
them, and the per-user cache (snapshots included) that never touches the course.

This is the one place that knows the layout; everything else asks it for paths."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from checker.atomic import replace_with_symlink

Track = Literal["exercises", "challenges"]
TRACKS: tuple[Track, ...] = ("exercises", "challenges")

MARKER = "# --- checks: do not edit below this line ---"
"""Everything from this line down is the trusted checks part of an exercise."""

EXERCISE_NAME = re.compile(r"[a-z][a-z0-9_]*")
"""An exercise's name is also a module's (its snapshot is `<name>.py`): a lower-case identifier."""

CATALOG_FILE_NAME = "info.toml"
STATE_FILE_NAME = ".typed-ai-rustlings-state.json"
BACKUPS_DIR_NAME = ".typed-ai-rustlings"
PRISTINE_DIR_NAME = ".pristine"
PRISTINE_SUFFIX = ".orig"
SNAPSHOTS_DIR_NAME = "snapshots"


class CourseNotFoundError(Exception):
    """Raised when no folder from the start upward holds `exercises/info.toml`."""

    def __init__(self, start: Path) -> None:
        self.start = start
        super().__init__(
            f"no course found in {start} or any folder above it: run typed-ai-rustlings "
            "from inside the course (the folder holding exercises/info.toml)"
        )


def _below_snapshots(family: str, track: Track, name: str) -> tuple[str, str, str, str]:
    """A snapshot's place in the snapshots folder: one folder per exercise, the file named after
    it, so a batch of snapshots never holds two modules of one name."""
    return (family, track, name, f"{name}.py")


@dataclass(frozen=True)
class Course:
    """A course checkout: every path the checker reads or writes is derived from its root."""

    root: Path

    def track_dir(self, track: Track) -> Path:
        """The folder holding a track's broken files and its info.toml."""
        return self.root / track

    def catalog_path(self, track: Track) -> Path:
        return self.track_dir(track) / CATALOG_FILE_NAME

    def solutions_dir(self, track: Track) -> Path:
        base = self.root / "solutions"
        return base if track == "exercises" else base / "challenges"

    def shortcuts_dir(self, track: Track) -> Path:
        """Wrong solutions that skip the lesson: `dev check` proves the verdict refuses each."""
        base = self.root / "shortcuts"
        return base if track == "exercises" else base / "challenges"

    def pristine_dir(self, track: Track) -> Path:
        return self.track_dir(track) / PRISTINE_DIR_NAME

    @property
    def state_path(self) -> Path:
        return self.root / STATE_FILE_NAME

    @property
    def backups_dir(self) -> Path:
        return self.root / BACKUPS_DIR_NAME / "backups"

    @property
    def cache_dir(self) -> Path:
        """Per-user scratch space (mypy cache, snapshots): a read-only checkout still works."""
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        digest = hashlib.sha256(str(self.root).encode()).hexdigest()[:16]
        return Path(base) / "typed-ai-rustlings" / digest

    @property
    def snapshots_dir(self) -> Path:
        """Where the files really judged are written, one family of folders per writer."""
        return self.cache_dir / SNAPSHOTS_DIR_NAME

    def mypy_cache_for(self, family: str) -> Path:
        """The plain mypy cache of one snapshot family (or of "other" files)."""
        return self.cache_dir / "mypy_cache" / family

    def snapshot_file(self, family: str, track: Track, name: str) -> Path:
        """The snapshot of exercise `name` in snapshot family `family` (current, batch, ...)."""
        return self.snapshots_dir.joinpath(*_below_snapshots(family, track, name))

    def snapshot_family_of(self, path: Path) -> str | None:
        """The family a snapshot path belongs to, or None for a file that is no snapshot."""
        if not path.is_relative_to(self.snapshots_dir):
            return None
        parts = path.relative_to(self.snapshots_dir).parts
        return parts[0] if parts else None


def snapshots_root_of(snapshot: Path) -> Path:
    """The snapshots folder above a snapshot path, for code that holds the path but not the
    course (resolve the path first to compare with other resolved paths)."""
    depth = len(_below_snapshots("", "exercises", ""))
    return snapshot.parents[depth - 1]


def snapshot_mention(track: Track, name: str) -> re.Pattern[str]:
    """How a tool's output names exercise `name`'s snapshot in any family, as an absolute or a
    relative path: what to swap for the learner's own file."""
    _family, *below_family = _below_snapshots("", track, name)
    return re.compile(
        r"(?:[^\s\"'(]*/)?"
        + re.escape(SNAPSHOTS_DIR_NAME)
        + r"/[^/\s]+/"
        + "/".join(re.escape(part) for part in below_family)
        + r"\b"
    )


@dataclass(frozen=True)
class ExerciseFiles:
    """Where one exercise's files live: derived from its track, folder, file name and name."""

    path: Path
    """The learner's file."""
    solution: Path
    pristine: Path
    """The untouched copy `reset` restores and the trusted checks come from."""
    shortcuts: Path
    """The folder of wrong solutions the verdict must refuse."""


def default_file_name(name: str) -> str:
    """An exercise's file unless its catalog entry names another."""
    return f"{name}.py"


def exercise_files(
    course: Course, track: Track, folder: str, name: str, file: str | None = None
) -> ExerciseFiles:
    """Exercises keep one folder of shortcuts each inside their topic; a challenge's folder is
    already its own."""
    file = file if file is not None else default_file_name(name)
    shortcuts = course.shortcuts_dir(track) / folder
    return ExerciseFiles(
        path=course.track_dir(track) / folder / file,
        solution=course.solutions_dir(track) / folder / file,
        pristine=course.pristine_dir(track) / folder / f"{file}{PRISTINE_SUFFIX}",
        shortcuts=shortcuts / name if track == "exercises" else shortcuts,
    )


def import_root(course: Course) -> Path:
    """A folder holding only the course's tiny_ml (when the course has one): what the checks may
    import from the course, so a planted `pytest.py` or `sitecustomize.py` beside it is never
    seen."""
    folder = course.cache_dir / "import-root"
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / "tiny_ml"
    package = course.root / "tiny_ml"
    if package.is_dir():
        if not link.is_symlink() or link.resolve() != package.resolve():
            replace_with_symlink(link, package, target_is_directory=True)
    elif link.is_symlink():
        link.unlink()
    return folder


def is_course_root(folder: Path) -> bool:
    """A course root is the folder that holds the exercises track's catalog."""
    return (folder / "exercises" / CATALOG_FILE_NAME).is_file()


def find_course(start: Path) -> Course:
    """The nearest folder at or above `start` that holds `exercises/info.toml`."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if is_course_root(folder):
            return Course(folder)
    raise CourseNotFoundError(here)
