"""Restore an exercise's original file, after keeping the learner's copy where they can find it."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from checker.catalog import Exercise
from checker.course import Course


class ResetError(Exception):
    """Raised when a reset cannot be done safely; nothing was changed."""


def backup_path(course: Course, exercise: Exercise) -> Path:
    """A fresh folder per reset, so resetting twice keeps both copies."""
    stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{time.time_ns() % 1_000_000_000:09d}"
    return course.backups_dir / stamp / exercise.track / exercise.dir / exercise.file


def reset_exercise(course: Course, exercise: Exercise) -> Path | None:
    """Back up the learner's file (if any), then atomically write the pristine copy over it."""
    try:
        original = exercise.pristine_path.read_bytes()
    except OSError as error:
        raise ResetError(
            f"the original of {exercise.name} is missing ({exercise.pristine_path}): {error.strerror}"
        ) from None
    backup: Path | None = None
    if exercise.path.exists():
        backup = backup_path(course, exercise)
        try:
            backup.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(exercise.path, backup)
        except OSError as error:
            raise ResetError(
                f"could not save your copy to {backup}: {error.strerror}; nothing was changed"
            ) from None
    try:
        exercise.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".reset-", dir=exercise.path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(original)
            os.replace(temporary, exercise.path)
        except BaseException:
            # Interrupted or failed half-way: the learner's file is untouched; leave no stray copy.
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise ResetError(f"could not write {exercise.path}: {error.strerror}") from None
    return backup
