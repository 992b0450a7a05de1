"""Progress (current exercise, done set) in one small file, written atomically, never silently lost."""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from checker.course import TRACKS, Course, Track

STATE_VERSION = 1


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


@dataclass
class Progress:
    """Both tracks' progress; `recovered` says what happened to an unreadable file, if anything."""

    tracks: dict[str, TrackProgress] = field(default_factory=dict)
    recovered: str | None = None
    needs_rebuild: bool = False

    def track(self, track: Track) -> TrackProgress:
        return self.tracks.setdefault(track, TrackProgress())


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
        if current is not None and not isinstance(current, str):
            raise ValueError("current is not a name")
        if not isinstance(done, list) or not all(isinstance(n, str) for n in done):
            raise ValueError("done is not a list of names")
        parsed[name] = TrackProgress(current, {str(n) for n in done})
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


def save_progress(course: Course, progress: Progress) -> None:
    """Write to a temporary file beside the target, then rename: a crash leaves old or new, never half."""
    data = {
        "version": STATE_VERSION,
        "tracks": {
            name: {"current": t.current, "done": sorted(t.done)}
            for name, t in sorted(progress.tracks.items())
        },
    }
    path = course.state_path
    try:
        handle, temporary = tempfile.mkstemp(prefix=f"{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(data, stream, indent=2)
                stream.write("\n")
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise StateWriteError(path, error) from None
