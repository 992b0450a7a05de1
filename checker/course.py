"""Where a course lives: its root, its two tracks, and the per-user cache that never touches it."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Track = Literal["exercises", "challenges"]
TRACKS: tuple[Track, ...] = ("exercises", "challenges")

MARKER = "# --- checks: do not edit below this line ---"
"""Everything from this line down is the trusted checks part of an exercise."""

STATE_FILE_NAME = ".typed-ai-rustlings-state.json"
BACKUPS_DIR_NAME = ".typed-ai-rustlings"
PRISTINE_DIR_NAME = ".pristine"


class CourseNotFoundError(Exception):
    """Raised when no folder from the start upward holds `exercises/info.toml`."""

    def __init__(self, start: Path) -> None:
        self.start = start
        super().__init__(
            f"no course found in {start} or any folder above it: run typed-ai-rustlings "
            "from inside the course (the folder holding exercises/info.toml)"
        )


@dataclass(frozen=True)
class Course:
    """A course checkout: every path the checker reads or writes is derived from its root."""

    root: Path

    def track_dir(self, track: Track) -> Path:
        """The folder holding a track's broken files and its info.toml."""
        return self.root / track

    def catalog_path(self, track: Track) -> Path:
        return self.track_dir(track) / "info.toml"

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
            temporary = folder / f".tiny_ml-{os.getpid()}"
            temporary.unlink(missing_ok=True)
            temporary.symlink_to(package, target_is_directory=True)
            os.replace(temporary, link)
    elif link.is_symlink():
        link.unlink()
    return folder


def find_course(start: Path) -> Course:
    """The nearest folder at or above `start` that holds `exercises/info.toml`."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / "exercises" / "info.toml").is_file():
            return Course(folder)
    raise CourseNotFoundError(here)
