"""The file really judged: the learner's part joined to the trusted checks, as a fresh snapshot."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from checker.atomic import write_atomically
from checker.catalog import Exercise
from checker.course import MARKER, Course


@dataclass(frozen=True)
class Split:
    """A file cut at the marker line; `checks` starts with the marker, or is None without one."""

    learner: str
    checks: str | None


def split(text: str) -> Split:
    """Cut at the first line that is exactly the marker (surrounding spaces ignored)."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip() == MARKER:
            return Split(text[:offset], text[offset:])
        offset += len(line)
    return Split(text, None)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_text(path: Path) -> str:
    """A source file as text; undecodable bytes are shown, not fatal."""
    return path.read_bytes().decode("utf-8", "replace")


_OWN = "-pid"
"""Between a label and a process id in the name of the family that process has of its own."""
_held_families: dict[tuple[Path, str], str] = {}
"""Snapshot families this process holds, with the lock files that keep them its own."""
_family_locks: list[int] = []


def snapshot_family(course: Course, label: str) -> str:
    """The snapshot folder this process may write for `label`: the shared one (warm caches)
    while no other live process holds it, else one of its own, so two watchers on one course
    never judge each other's files."""
    key = (course.cache_dir, label)
    if key in _held_families:
        return _held_families[key]
    folder = course.snapshots_dir
    folder.mkdir(parents=True, exist_ok=True)
    family = label
    for candidate in (label, f"{label}{_OWN}{os.getpid()}"):
        descriptor = os.open(folder / f".{candidate}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            continue
        _family_locks.append(descriptor)  # held until this process exits
        family = candidate
        break
    _held_families[key] = family
    _remove_ended_families(course, label)
    return family


def _remove_ended_families(course: Course, label: str) -> None:
    """Remove the families of `label` that ended processes had of their own: nothing would
    use their snapshots again, and each keeps a mypy cache of several megabytes."""
    folder = course.snapshots_dir
    for lock in folder.glob(f".{label}{_OWN}*.lock"):
        family = lock.name[1 : -len(".lock")]
        if not family[len(label) + len(_OWN) :].isdigit():
            continue
        try:
            descriptor = os.open(lock, os.O_RDWR)
        except OSError:
            continue  # removed by another process meanwhile
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            continue  # its process still runs
        try:
            shutil.rmtree(folder / family, ignore_errors=True)
            shutil.rmtree(course.mypy_cache_for(family), ignore_errors=True)
            lock.unlink(missing_ok=True)
        finally:
            os.close(descriptor)


def snapshot_path(course: Course, exercise: Exercise, label: str = "current") -> Path:
    """Where this process writes `exercise`'s snapshot for `label`."""
    return course.snapshot_file(snapshot_family(course, label), exercise.track, exercise.name)


def write_snapshot(path: Path, text: str) -> bool:
    """Write only on change, with an mtime at least a second past the last one.

    mypy and pytest treat a file with the same size and the same whole-second mtime as
    unchanged, so a quick same-size edit would otherwise be judged on stale content.
    """
    data = text.encode("utf-8")
    try:
        previous = path.stat()
        if previous.st_size == len(data) and path.read_bytes() == data:
            return False
        floor_ns = previous.st_mtime_ns + 1_000_000_000
    except FileNotFoundError:
        floor_ns = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data, mtime_ns=max(time.time_ns(), floor_ns))
    return True
