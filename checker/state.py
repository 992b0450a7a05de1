"""Progress (current exercise, done set, hints seen) in one small file that many processes share.

A watcher, `run` in a second terminal, `reset` and `verify` may all change progress at once.
Every change is therefore a read-merge-write under a lock (`fcntl.flock` on a lock file beside
the state file): the writer reads what is on disk now, applies only the entries it changed
itself (`Changes`), and replaces the file atomically. The merge rule: a writer's verdict on an
exercise (done, or not done after a failing verdict or a reset) overwrites that one entry;
entries it did not judge keep whatever the last writer who judged them said. Losing or
corrupting the file never loses a learner's code.
"""

from __future__ import annotations

import copy
import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from checker.atomic import write_atomically
from checker.course import TRACKS, Course, Track

STATE_VERSION = 1
"""Format 1; `hints` was added later as an optional field that older readers ignore."""


class StateWriteError(Exception):
    """Raised when progress cannot be saved; names the path so the learner can fix permissions."""

    def __init__(self, path: Path, error: OSError) -> None:
        self.path = path
        super().__init__(f"could not write {path}: {error.strerror or error}")


@dataclass
class TrackProgress:
    """Where a learner stands on one track."""

    current: str | None = None
    done: set[str] = field(default_factory=set)
    hints: dict[str, int] = field(default_factory=dict)
    """How many hint levels of each exercise the learner has already been shown."""


@dataclass
class Progress:
    """Both tracks' progress; `recovered` says what happened to an unreadable file, if anything."""

    tracks: dict[str, TrackProgress] = field(default_factory=dict)
    recovered: str | None = None
    needs_rebuild: bool = False

    def track(self, track: Track) -> TrackProgress:
        return self.tracks.setdefault(track, TrackProgress())


@dataclass
class TrackChanges:
    """What one writer changed on one track since it last saved: only these entries are merged."""

    current: str | None = None
    done: dict[str, bool] = field(default_factory=dict)
    """Each exercise this writer judged (or reset), with whether it is now done."""
    hints: dict[str, int] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.current is not None or bool(self.done) or bool(self.hints)


@dataclass
class Changes:
    tracks: dict[str, TrackChanges] = field(default_factory=dict)

    def track(self, track: Track) -> TrackChanges:
        return self.tracks.setdefault(track, TrackChanges())

    def __bool__(self) -> bool:
        return any(self.tracks.values())


def apply_changes(progress: Progress, changes: Changes) -> None:
    """The merge rule: each changed entry overwrites the one in `progress`; nothing else moves.

    Hint levels only grow: a level once shown stays shown whoever wrote last."""
    for name, mine in changes.tracks.items():
        theirs = progress.tracks.setdefault(name, TrackProgress())
        if mine.current is not None:
            theirs.current = mine.current
        for exercise, done in mine.done.items():
            if done:
                theirs.done.add(exercise)
            else:
                theirs.done.discard(exercise)
        for exercise, level in mine.hints.items():
            theirs.hints[exercise] = max(level, theirs.hints.get(exercise, 0))


def _parse(data: object) -> dict[str, TrackProgress]:
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    version = data.get("version")
    if not isinstance(version, int):
        raise ValueError("no format version")
    if version > STATE_VERSION:
        raise ValueError(f"written by a newer typed-ai-rustlings (format {version})")
    tracks = data.get("tracks")
    if not isinstance(tracks, dict):
        raise ValueError("no tracks")
    parsed: dict[str, TrackProgress] = {}
    for name, raw in tracks.items():
        if name not in TRACKS or not isinstance(raw, dict):
            raise ValueError(f"unknown track {name!r}")
        current = raw.get("current")
        done = raw.get("done", [])
        hints = raw.get("hints", {})
        if current is not None and not isinstance(current, str):
            raise ValueError("current is not a name")
        if not isinstance(done, list) or not all(isinstance(n, str) for n in done):
            raise ValueError("done is not a list of names")
        if not isinstance(hints, dict) or not all(
            isinstance(level, int) and not isinstance(level, bool) and level >= 0
            for level in hints.values()
        ):
            raise ValueError("hints is not a map of names to levels")
        parsed[name] = TrackProgress(
            current, {str(n) for n in done}, {str(n): int(v) for n, v in hints.items()}
        )
    return parsed


def _kept_path(path: Path) -> Path:
    """A fresh name beside the state file: a second bad file in the same second keeps both."""
    stem = f"{path.name}.bad-{time.strftime('%Y%m%d-%H%M%S')}"
    kept = path.with_name(stem)
    number = 1
    while kept.exists():
        kept = path.with_name(f"{stem}-{number}")
        number += 1
    return kept


def _set_aside(path: Path, reason: str) -> Progress:
    kept = _kept_path(path)
    try:
        os.replace(path, kept)
        where = f"it was kept as {kept}"
    except OSError as move_error:
        where = f"it could not be moved aside ({move_error.strerror or move_error})"
    message = (
        f"the progress file {path.name} was unreadable ({reason}); {where}. Progress is "
        "rebuilt by checking your exercises; none of your files were touched."
    )
    return Progress(recovered=message, needs_rebuild=True)


def load_progress(course: Course) -> Progress:
    """Read progress; an unreadable file is moved aside (kept, never deleted) and flagged for rebuild."""
    path = course.state_path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Progress()
    except OSError as error:
        return _set_aside(path, error.strerror or str(error))
    try:
        return Progress(_parse(json.loads(raw.decode("utf-8"))))
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return _set_aside(path, str(error) or "unreadable")


def lock_path(course: Course) -> Path:
    path = course.state_path
    return path.with_name(f"{path.name}.lock")


@contextmanager
def _locked(course: Course) -> Iterator[None]:
    """Hold the progress lock: one read-merge-write at a time, across processes."""
    handle = os.open(lock_path(course), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing the last descriptor releases the lock


def _write(path: Path, progress: Progress) -> None:
    """Replace the file whole: a crash leaves old or new, never half."""
    data = {
        "version": STATE_VERSION,
        "tracks": {
            name: {
                "current": t.current,
                "done": sorted(t.done),
                **({"hints": dict(sorted(t.hints.items()))} if t.hints else {}),
            }
            for name, t in sorted(progress.tracks.items())
        },
    }
    write_atomically(path, json.dumps(data, indent=2) + "\n")


def save_progress(course: Course, progress: Progress) -> None:
    """Replace the whole file with `progress` (under the lock); writers that share the file use
    `update_progress`."""
    path = course.state_path
    try:
        with _locked(course):
            _write(path, progress)
    except OSError as error:
        raise StateWriteError(path, error) from None


Signature = tuple[int, int, int]


def update_progress(
    course: Course, changes: Changes, known: Progress
) -> tuple[Progress, Signature | None]:
    """Read what is on disk now, apply `changes` to it, write it back; all under the lock.

    Returns the merged progress and the signature of the file just written. A file that has become unreadable is kept aside as
    `load_progress` does, and the merge starts from `known` (what this writer last saw)."""
    path = course.state_path
    try:
        with _locked(course):
            merged = load_progress(course)
            if merged.needs_rebuild:
                recovered = merged.recovered
                merged = copy.deepcopy(known)
                merged.recovered, merged.needs_rebuild = recovered, False
            apply_changes(merged, changes)
            _write(path, merged)
            return merged, state_signature(course)
    except OSError as error:
        raise StateWriteError(path, error) from None


def state_signature(course: Course) -> Signature | None:
    """What identifies the state file's current version (it is always replaced, never edited)."""
    try:
        stat = course.state_path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)
