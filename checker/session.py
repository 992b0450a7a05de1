"""A learner's session on one track: the catalog plus their progress, and the moves between them."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from checker.catalog import Catalog, Exercise, load_catalog
from checker.course import Course, Track
from checker.state import Progress, StateWriteError, TrackProgress, load_progress, save_progress
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

    @classmethod
    def open(cls, course: Course, track: Track) -> Session:
        progress = load_progress(course)
        warnings = [progress.recovered] if progress.recovered else []
        return cls(course, track, load_catalog(course, track), progress, warnings)

    @property
    def mine(self) -> TrackProgress:
        return self.progress.track(self.track)

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
        """A verdict is the only thing that marks an exercise done, or undone."""
        if verdict.passed:
            self.mine.done.add(verdict.exercise.name)
        else:
            self.mine.done.discard(verdict.exercise.name)

    def next_pending(self) -> Exercise | None:
        """The first exercise after the current one that is not done, wrapping around."""
        order = self.catalog.exercises
        start = order.index(self.current())
        for exercise in order[start + 1 :] + order[: start + 1]:
            if exercise.name not in self.mine.done:
                return exercise
        return None

    def move_to(self, exercise: Exercise) -> None:
        self.mine.current = exercise.name

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
        """Save progress; a read-only checkout costs a warning, not the command."""
        try:
            save_progress(self.course, self.progress)
        except StateWriteError as error:
            self.warnings.append(f"progress not saved: {error}")
