"""Restore an exercise's original file, after keeping the learner's copy where they can find it."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from checker.atomic import write_atomically
from checker.catalog import Exercise
from checker.course import Course


class ResetError(Exception):
    """Raised when a reset cannot be done safely; nothing was changed."""


def backup_stamp() -> str:
    """The name of a fresh backup folder: one per reset, so resetting twice keeps both copies."""
    return time.strftime("%Y%m%d-%H%M%S") + f"-{time.time_ns() % 1_000_000_000:09d}"


def backups_folder(course: Course, stamp: str) -> Path:
    return course.backups_dir / stamp


def backup_path(course: Course, exercise: Exercise, stamp: str | None = None) -> Path:
    """Where the learner's copy goes: a fresh folder per reset unless `stamp` names one (as
    `reset --all` does, so one folder holds the whole track)."""
    folder = backups_folder(course, stamp or backup_stamp())
    return folder / exercise.track / exercise.dir / exercise.file


def _unchanged(path: Path, original: bytes) -> bool:
    try:
        return path.read_bytes() == original
    except OSError:
        return False


def reset_exercise(
    course: Course, exercise: Exercise, *, stamp: str | None = None, only_changed: bool = False
) -> Path | None:
    """Back up the learner's file (if any; with `only_changed`, only if it differs from the
    original), then atomically write the pristine copy over it. Returns where the copy went."""
    try:
        original = exercise.pristine_path.read_bytes()
    except OSError as error:
        raise ResetError(
            f"the original of {exercise.name} is missing ({exercise.pristine_path}): {error.strerror}"
        ) from None
    backup: Path | None = None
    if exercise.path.exists() and not (only_changed and _unchanged(exercise.path, original)):
        backup = backup_path(course, exercise, stamp)
        try:
            backup.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(exercise.path, backup)
        except OSError as error:
            raise ResetError(
                f"could not save your copy to {backup}: {error.strerror}; nothing was changed"
            ) from None
    try:
        exercise.path.parent.mkdir(parents=True, exist_ok=True)
        # Interrupted or failed half-way, the learner's file is untouched and no stray copy left.
        write_atomically(exercise.path, original)
    except OSError as error:
        raise ResetError(f"could not write {exercise.path}: {error.strerror}") from None
    return backup
