"""Which file-system events are saves of the current exercise file.

Editors save in many ways: in place, to a temp file renamed over the original (VS Code,
PyCharm safe write, `sed -i`), vim's backup-and-rename, delete then recreate. All of them
end in an event whose resolved path is the exercise file: closed after writing, moved to
it, created or modified. The folder is watched (not the file) so renames are seen.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from checker.watch.messages import (
    FileGone,
    FileSaved,
    FileTouched,
    Message,
    MtimeChanged,
    OtherFileSaved,
)

Sink = Callable[[Message], None]


def _resolved(raw: bytes | str) -> Path:
    return Path(os.fsdecode(raw)).resolve()


class _SaveHandler(FileSystemEventHandler):
    """Turns raw events into messages about the one file being followed."""

    def __init__(self, sink: Sink, target: Path) -> None:
        self._sink = sink
        self._target = target

    def on_any_event(self, event: FileSystemEvent) -> None:
        now = time.monotonic()
        if isinstance(event, FileMovedEvent):
            if _resolved(event.dest_path) == self._target:
                self._sink(FileSaved(finished=True, at=now))
            elif _resolved(event.src_path) == self._target:
                self._sink(FileGone(at=now))
            return
        if not isinstance(
            event,
            FileClosedEvent
            | FileCreatedEvent
            | FileModifiedEvent
            | FileDeletedEvent
            | FileAttribEvent,
        ):
            return
        path = _resolved(event.src_path)
        if path != self._target:
            if isinstance(event, FileClosedEvent) and path.suffix == ".py":
                self._sink(OtherFileSaved(path=path))
            return
        if isinstance(event, FileDeletedEvent):
            self._sink(FileGone(at=now))
        elif isinstance(event, FileAttribEvent):
            self._sink(FileTouched(at=now))
        else:
            self._sink(FileSaved(finished=isinstance(event, FileClosedEvent), at=now))


class SaveWatcher:
    """A watchdog observer on the current exercise's folder, retargeted when it changes."""

    def __init__(self, sink: Sink) -> None:
        self._sink = sink
        self._observer: BaseObserver | None = None

    def follow(self, target: Path) -> None:
        """Watch `target`'s folder for saves of `target` (replacing any earlier watch).

        Raises OSError when the platform refuses (e.g. the inotify watch limit)."""
        resolved = target.resolve()
        self.stop()
        observer = Observer()
        observer.schedule(_SaveHandler(self._sink, resolved), str(resolved.parent))
        observer.daemon = True
        observer.start()
        self._observer = observer

    def stop(self) -> None:
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=2.0)


class MtimePoller:
    """Samples the exercise file's mtime slowly, to notice saves that brought no event
    (network drives, some WSL and container mounts)."""

    def __init__(self, sink: Sink, interval: float) -> None:
        self._sink = sink
        self._interval = interval
        self._target: Path | None = None
        self._seen: int | None = None
        self._sampled = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mtime-poll", daemon=True)

    def follow(self, target: Path) -> None:
        """The baseline is taken now, so a save right after the switch is not missed."""
        with self._lock:
            self._target = target
            self._seen = _mtime(target)
            self._sampled = time.monotonic()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            with self._lock:
                target, since = self._target, self._sampled
                if target is None:
                    continue
                now = time.monotonic()
                mtime = _mtime(target)
                changed = mtime is not None and mtime != self._seen
                self._seen, self._sampled = mtime, now
            if changed:
                self._sink(MtimeChanged(since=since, at=now))


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None
