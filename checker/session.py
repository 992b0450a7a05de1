"""A learner's session on one track: the catalog plus their progress, and the moves between them."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from checker.catalog import Catalog, Exercise, load_catalog
from checker.course import Course, Track
from checker.state import (
    Changes,
    Progress,
    Signature,
    StateWriteError,
    TrackChanges,
    TrackProgress,
    apply_changes,
    load_progress,
    state_signature,
    update_progress,
)
from checker.verdict import Verdict


class UnknownExerciseError(Exception):
    """Raised for a name the catalog does not hold; the message suggests the closest one."""

    def __init__(self, name: str, names: tuple[str, ...]) -> None:
        self.name = name
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
        suggestion = (
            f"; did you mean {close[0]}?" if close else "; `typed-ai-rustlings list` shows them all"
        )
        super().__init__(f"no exercise named {name}{suggestion}")


@dataclass
class Session:
    """Everything a command needs to know about where the learner stands."""

    course: Course
    track: Track
    catalog: Catalog
    progress: Progress
    warnings: list[str]
    changes: Changes = field(default_factory=Changes)
    """What this process changed since it last saved: the only entries its save writes."""
    seen: Signature | None = None
    """The version of the state file `progress` was last read from or written as."""

    @classmethod
    def open(cls, course: Course, track: Track) -> Session:
        seen = state_signature(course)
        progress = load_progress(course)
        warnings = [progress.recovered] if progress.recovered else []
        return cls(course, track, load_catalog(course, track), progress, warnings, seen=seen)

    @property
    def mine(self) -> TrackProgress:
        return self.progress.track(self.track)

    @property
    def _changed(self) -> TrackChanges:
        return self.changes.track(self.track)

    def exercise(self, name: str | None) -> Exercise:
        """The named exercise, or the current one when no name is given."""
        if name is None:
            return self.current()
        found = self.catalog.get(name)
        if found is None:
            raise UnknownExerciseError(name, self.catalog.names())
        return found

    def current(self) -> Exercise:
        """The saved current exercise, or else the first one not yet done."""
        found = self.catalog.get(self.mine.current) if self.mine.current else None
        if found is not None:
            return found
        return next(
            (e for e in self.catalog if e.name not in self.mine.done), self.catalog.exercises[0]
        )

    def state_of(self, exercise: Exercise) -> str:
        return "done" if exercise.name in self.mine.done else "pending"

    @property
    def done_count(self) -> int:
        return sum(1 for e in self.catalog if e.name in self.mine.done)

    @property
    def finished(self) -> bool:
        return self.done_count == len(self.catalog)

    def record(self, verdict: Verdict) -> None:
        """A verdict is the only thing that marks an exercise done, or undone (reset aside)."""
        self.mark(verdict.exercise, done=verdict.passed)

    def mark(self, exercise: Exercise, *, done: bool) -> None:
        """This process judged `exercise` (or reset it): its entry is this process's to write."""
        if done:
            self.mine.done.add(exercise.name)
        else:
            self.mine.done.discard(exercise.name)
        self._changed.done[exercise.name] = done

    def hints_seen(self, exercise: Exercise) -> int:
        """How many of the exercise's hint levels the learner has already been shown."""
        return min(self.mine.hints.get(exercise.name, 0), len(exercise.hints))

    def see_hints(self, exercise: Exercise, level: int) -> None:
        """Remember that hint levels up to `level` were shown (levels once shown stay shown)."""
        level = min(level, len(exercise.hints))
        if level > self.mine.hints.get(exercise.name, 0):
            self.mine.hints[exercise.name] = level
            self._changed.hints[exercise.name] = level

    def next_pending(self, after: Exercise | None = None) -> Exercise | None:
        """The first exercise after `after` (the current one) that is not done, wrapping around."""
        order = self.catalog.exercises
        start = order.index(after or self.current())
        for exercise in order[start + 1 :] + order[: start + 1]:
            if exercise.name not in self.mine.done:
                return exercise
        return None

    def previous(self, before: Exercise | None = None) -> Exercise | None:
        """The exercise before `before` (the current one) in learning order; None at the first."""
        order = self.catalog.exercises
        start = order.index(before or self.current())
        return order[start - 1] if start > 0 else None

    def move_to(self, exercise: Exercise) -> None:
        self.mine.current = exercise.name
        self._changed.current = exercise.name

    def rebuild(self, check: Callable[[Exercise], Verdict]) -> None:
        """After an unreadable state file: check in order until the first failure, which is current."""
        self.mine.done.clear()
        for exercise in self.catalog:
            verdict = check(exercise)
            self.record(verdict)
            if not verdict.passed:
                self.move_to(exercise)
                break
        self.progress.needs_rebuild = False

    def save(self) -> None:
        """Merge this process's changes into the file as it is now (others may have written
        since we read it) and adopt the result; a read-only checkout costs a warning, not the
        command. Without changes nothing is written."""
        if not self.changes:
            return
        try:
            merged, seen = update_progress(self.course, self.changes, self.progress)
        except StateWriteError as error:
            self.warnings.append(f"progress not saved: {error}")
            return
        if merged.recovered:
            self.warnings.append(merged.recovered)
            merged.recovered = None
        self.progress, self.seen = merged, seen
        self.changes = Changes()

    def refresh(self) -> bool:
        """Take in what other processes wrote since this one last read or wrote the file.

        Changes not yet saved stay applied on top. True when the file had changed."""
        seen = state_signature(self.course)
        if seen == self.seen or seen is None:
            return False
        self.seen = seen
        loaded = load_progress(self.course)
        if loaded.needs_rebuild:
            # Someone left an unreadable file: it was kept aside; ours is written at the next save.
            if loaded.recovered:
                self.warnings.append(loaded.recovered)
            self.changes = _everything(self.progress, self.changes)
            return True
        apply_changes(loaded, self.changes)
        self.progress = loaded
        return True


def _everything(progress: Progress, pending: Changes) -> Changes:
    """Changes that rewrite every entry of `progress` (the file they came from is gone)."""
    changes = Changes()
    for name, track in progress.tracks.items():
        mine = changes.tracks.setdefault(name, TrackChanges())
        mine.current = track.current
        mine.done = {exercise: True for exercise in track.done}
        mine.hints = dict(track.hints)
        pending_track = pending.tracks.get(name)
        if pending_track is not None:
            mine.done.update(pending_track.done)
    return changes
