"""What the watcher's threads tell the main loop: one queue, one typed message per happening.

File events, key presses, the poller, signals and the check worker each run on their own
thread; they only ever post one of these values, and only the main loop changes what the
learner sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.verdict import Verdict


@dataclass(frozen=True)
class FileSaved:
    """The exercise file was written. `finished` when the write is known to be over
    (closed after writing, or renamed onto the path); otherwise more writes may follow."""

    finished: bool
    at: float


@dataclass(frozen=True)
class FileGone:
    """The exercise file was deleted or renamed away (often the first half of a save)."""

    at: float


@dataclass(frozen=True)
class FileTouched:
    """Only the exercise file's metadata changed (touch, chmod): an event, but no save."""

    at: float


@dataclass(frozen=True)
class OtherFileSaved:
    """Another file in the exercise's folder was saved; it never changes the current exercise."""

    path: Path


@dataclass(frozen=True)
class MtimeChanged:
    """The background poll saw the exercise file's modification time change: the write
    happened after `since` (the previous sample), and was seen at `at`."""

    since: float
    at: float


@dataclass(frozen=True)
class KeyPressed:
    key: str


@dataclass(frozen=True)
class Resized:
    pass


@dataclass(frozen=True)
class CheckFinished:
    """One verdict from the worker, for the content hash it actually checked."""

    verdict: Verdict


@dataclass(frozen=True)
class CheckProgress:
    """What the check in flight waits on now, in words for the status line."""

    doing: str


@dataclass(frozen=True)
class CheckFailed:
    """The checker itself failed (not the learner's code): shown as a plain message."""

    message: str


@dataclass(frozen=True)
class CheckAllProgress:
    """One verdict of a check of every exercise, sent as soon as it is reached."""

    verdict: Verdict


@dataclass(frozen=True)
class CheckAllFinished:
    verdicts: tuple[Verdict, ...]


Message = (
    FileSaved
    | FileGone
    | FileTouched
    | OtherFileSaved
    | MtimeChanged
    | KeyPressed
    | Resized
    | CheckFinished
    | CheckProgress
    | CheckFailed
    | CheckAllProgress
    | CheckAllFinished
)
