"""A learner's session in one process: where they stand, the moves between exercises, and how
its progress meets the progress other processes save (no subprocess, no mypy)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.catalog import Exercise
from checker.course import Course
from checker.outcome import Passed, WrongTypes
from checker.session import Session, UnknownExerciseError
from checker.state import lock_path
from checker.verdict import Verdict
from tests.checker.doubles import fixture_course_copy


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Course:
    return fixture_course_copy(tmp_path, monkeypatch)


def _open(course: Course) -> Session:
    return Session.open(course, "exercises")


def _names(session: Session) -> tuple[Exercise, Exercise, Exercise]:
    wrap, types_only, double_it = session.catalog.exercises
    assert (wrap.name, types_only.name, double_it.name) == (
        "wrap_the_id",
        "types_only",
        "double_it",
    )
    return wrap, types_only, double_it


def _passed(exercise: Exercise) -> Verdict:
    return Verdict(exercise, "0" * 64, Passed(None))


def _failed(exercise: Exercise) -> Verdict:
    return Verdict(exercise, "1" * 64, WrongTypes((), (), "mypy failed"))


def _on_disk(course: Course) -> dict[str, object]:
    data = json.loads(course.state_path.read_text())
    assert isinstance(data, dict)
    tracks = data["tracks"]
    assert isinstance(tracks, dict)
    track = tracks["exercises"]
    assert isinstance(track, dict)
    return track


def _done_on_disk(course: Course) -> list[str]:
    done = _on_disk(course)["done"]
    assert isinstance(done, list) and all(isinstance(name, str) for name in done)
    return sorted(str(name) for name in done)


def _needs_rebuild(session: Session) -> bool:
    return session.progress.needs_rebuild


def _kept(course: Course) -> list[Path]:
    return sorted(course.root.glob(".typed-ai-rustlings-state.json.bad-*"))


# -- where the learner stands ----------------------------------------------------------------


def test_a_fresh_session_starts_at_the_first_exercise_with_nothing_done(course: Course) -> None:
    session = _open(course)
    wrap, _, _ = _names(session)
    assert session.current() == wrap
    assert session.exercise(None) == wrap
    assert session.done_count == 0 and not session.finished
    assert all(session.state_of(e) == "pending" for e in session.catalog)
    assert session.warnings == []
    assert not course.state_path.exists(), "opening a session writes nothing"


def test_an_unknown_name_suggests_the_closest_one(course: Course) -> None:
    session = _open(course)
    assert session.exercise("double_it").name == "double_it"
    with pytest.raises(UnknownExerciseError, match="did you mean double_it"):
        session.exercise("double_itt")
    with pytest.raises(UnknownExerciseError, match="`typed-ai-rustlings list` shows them all"):
        session.exercise("zzzzzz")


def test_without_a_saved_current_the_first_exercise_not_done_is_current(course: Course) -> None:
    session = _open(course)
    wrap, types_only, double_it = _names(session)
    session.mark(wrap, done=True)
    assert session.current() == types_only
    session.mark(types_only, done=True)
    assert session.current() == double_it
    session.mark(double_it, done=True)
    assert session.finished and session.done_count == 3
    assert session.current() == wrap, "with everything done, the first exercise"


def test_move_to_pins_the_current_exercise_even_once_it_is_done(course: Course) -> None:
    session = _open(course)
    wrap, _, double_it = _names(session)
    session.move_to(double_it)
    assert session.current() == double_it
    session.mark(double_it, done=True)
    assert session.current() == double_it
    session.move_to(wrap)
    assert session.current() == wrap


def test_a_saved_current_that_left_the_catalog_falls_back_to_the_first_pending(
    course: Course,
) -> None:
    course.state_path.write_text(
        json.dumps(
            {"version": 1, "tracks": {"exercises": {"current": "gone", "done": ["wrap_the_id"]}}}
        )
    )
    session = _open(course)
    _, types_only, _ = _names(session)
    assert session.warnings == []
    assert session.current() == types_only


def test_next_pending_skips_done_exercises_and_wraps_around(course: Course) -> None:
    session = _open(course)
    wrap, types_only, double_it = _names(session)
    assert session.next_pending() == types_only
    session.mark(types_only, done=True)
    assert session.next_pending(after=wrap) == double_it
    assert session.next_pending(after=double_it) == wrap, "wraps to the start"
    session.mark(wrap, done=True)
    assert session.next_pending(after=double_it) == double_it, "comes round to itself last"
    session.mark(double_it, done=True)
    assert session.next_pending(after=double_it) is None
    assert session.next_pending() is None


def test_previous_is_the_one_before_in_learning_order_and_none_at_the_first(
    course: Course,
) -> None:
    session = _open(course)
    wrap, types_only, double_it = _names(session)
    assert session.previous() is None
    assert session.previous(before=double_it) == types_only
    session.move_to(types_only)
    assert session.previous() == wrap
    session.mark(wrap, done=True)
    assert session.previous() == wrap, "done or not, previous is the one before"


# -- verdicts, marks and hints ---------------------------------------------------------------


def test_a_passing_verdict_marks_done_and_a_failing_one_marks_undone(course: Course) -> None:
    session = _open(course)
    wrap, types_only, _ = _names(session)
    session.record(_passed(wrap))
    assert session.state_of(wrap) == "done" and session.done_count == 1
    session.record(_failed(types_only))
    assert session.state_of(types_only) == "pending"
    session.record(_failed(wrap))
    assert session.state_of(wrap) == "pending", "a failing verdict takes a done mark back"
    assert session.done_count == 0
    # Each judged entry is this process's to write, with what it concluded.
    assert session.changes.track("exercises").done == {"wrap_the_id": False, "types_only": False}


def test_mark_done_and_undone(course: Course) -> None:
    session = _open(course)
    wrap, _, _ = _names(session)
    session.mark(wrap, done=True)
    assert session.state_of(wrap) == "done"
    session.mark(wrap, done=False)
    assert session.state_of(wrap) == "pending"
    session.mark(wrap, done=False)
    assert session.state_of(wrap) == "pending", "undoing twice is harmless"


def test_hint_levels_only_grow_and_stop_at_the_last_one(course: Course) -> None:
    session = _open(course)
    wrap, types_only, _ = _names(session)
    assert len(wrap.hints) == 2 and len(types_only.hints) == 1
    assert session.hints_seen(wrap) == 0
    session.see_hints(wrap, 1)
    assert session.hints_seen(wrap) == 1
    session.see_hints(wrap, 0)
    assert session.hints_seen(wrap) == 1, "a level once shown stays shown"
    session.see_hints(wrap, 5)
    assert session.hints_seen(wrap) == 2, "clamped to the levels the exercise has"
    assert session.hints_seen(types_only) == 0, "hints are per exercise"
    session.save()
    assert _on_disk(course)["hints"] == {"wrap_the_id": 2}


def test_a_hint_level_on_disk_beyond_the_exercise_is_clamped(course: Course) -> None:
    course.state_path.write_text(
        json.dumps(
            {"version": 1, "tracks": {"exercises": {"done": [], "hints": {"types_only": 9}}}}
        )
    )
    session = _open(course)
    _, types_only, _ = _names(session)
    assert session.hints_seen(types_only) == 1


# -- saving, and other processes -------------------------------------------------------------


def test_save_writes_what_changed_and_a_second_session_sees_it(course: Course) -> None:
    first = _open(course)
    wrap, types_only, _ = _names(first)
    first.record(_passed(wrap))
    first.move_to(types_only)
    first.see_hints(types_only, 1)
    first.save()
    assert not first.changes, "saved changes are not written again"
    assert _on_disk(course) == {
        "current": "types_only",
        "done": ["wrap_the_id"],
        "hints": {"types_only": 1},
    }
    second = _open(course)
    assert second.current() == second.exercise("types_only")
    assert second.state_of(second.exercise("wrap_the_id")) == "done"
    assert second.hints_seen(second.exercise("types_only")) == 1
    assert second.warnings == []


def test_save_without_changes_writes_nothing(course: Course) -> None:
    session = _open(course)
    session.save()
    assert not course.state_path.exists()


def test_refresh_takes_in_what_another_session_saved(course: Course) -> None:
    watcher = _open(course)
    wrap, _, double_it = _names(watcher)
    watcher.move_to(wrap)
    watcher.save()
    assert watcher.refresh() is False, "its own save is nothing new"
    other = _open(course)
    other.mark(other.exercise("double_it"), done=True)
    other.see_hints(other.exercise("double_it"), 2)
    other.save()
    assert watcher.state_of(double_it) == "pending"
    assert watcher.refresh() is True
    assert watcher.state_of(double_it) == "done"
    assert watcher.hints_seen(double_it) == 2
    assert watcher.current() == wrap
    assert watcher.refresh() is False, "the same file twice is one change"


def test_refresh_keeps_unsaved_changes_on_top_and_writes_nothing(course: Course) -> None:
    watcher = _open(course)
    wrap, types_only, _ = _names(watcher)
    watcher.mark(wrap, done=True)  # judged here, not yet saved
    other = _open(course)
    other.mark(other.exercise("wrap_the_id"), done=False)
    other.mark(other.exercise("types_only"), done=True)
    other.save()
    written = course.state_path.read_bytes()
    assert watcher.refresh() is True
    assert course.state_path.read_bytes() == written, "refresh only reads"
    assert watcher.state_of(types_only) == "done", "theirs is taken in"
    assert watcher.state_of(wrap) == "done", "an unsaved verdict of ours stays on top"
    watcher.save()
    assert _done_on_disk(course) == ["types_only", "wrap_the_id"]


def test_a_save_does_not_undo_what_another_session_saved_since(course: Course) -> None:
    watcher = _open(course)
    wrap, types_only, _ = _names(watcher)
    watcher.mark(wrap, done=True)
    watcher.save()
    other = _open(course)
    other.mark(other.exercise("wrap_the_id"), done=False)  # a reset elsewhere
    other.save()
    watcher.mark(types_only, done=True)  # no refresh in between
    watcher.save()
    assert _on_disk(course)["done"] == ["types_only"]
    assert watcher.state_of(wrap) == "pending", "the save adopts the merged file"
    assert watcher.refresh() is False, "what the save merged in is already known"


def test_a_failed_save_warns_and_keeps_the_changes_for_the_next_one(course: Course) -> None:
    session = _open(course)
    wrap, _, _ = _names(session)
    session.mark(wrap, done=True)
    lock_path(course).mkdir()  # the lock cannot be opened: any user, root included
    session.save()
    assert len(session.warnings) == 1 and "progress not saved" in session.warnings[0]
    assert not course.state_path.exists()
    assert session.changes, "nothing is lost: the next save writes it"
    lock_path(course).rmdir()
    session.save()
    assert _on_disk(course)["done"] == ["wrap_the_id"]


# -- an unreadable state file ----------------------------------------------------------------


def test_a_corrupt_file_is_kept_aside_and_the_progress_rebuilt(course: Course) -> None:
    garbage = b'{"version": 1, "tracks": {"exercises": {"do'
    course.state_path.write_bytes(garbage)
    session = _open(course)
    wrap, types_only, double_it = _names(session)
    [kept] = _kept(course)
    assert kept.read_bytes() == garbage, "kept byte for byte"
    assert not course.state_path.exists()
    assert len(session.warnings) == 1 and str(kept) in session.warnings[0]
    assert _needs_rebuild(session)
    checked: list[str] = []

    def check(exercise: Exercise) -> Verdict:
        checked.append(exercise.name)
        return _passed(exercise) if exercise.name == "wrap_the_id" else _failed(exercise)

    session.rebuild(check)
    assert checked == ["wrap_the_id", "types_only"], "stops at the first failure"
    assert not _needs_rebuild(session)
    assert session.current() == types_only
    assert session.state_of(wrap) == "done" and session.state_of(double_it) == "pending"
    session.save()
    assert _on_disk(course) == {"current": "types_only", "done": ["wrap_the_id"]}
    again = _open(course)
    assert again.warnings == [] and not again.progress.needs_rebuild
    assert again.current() == again.exercise("types_only")
    assert _kept(course) == [kept], "the kept copy stays"


def test_a_corrupt_file_written_while_a_session_runs_is_kept_aside_and_rewritten(
    course: Course,
) -> None:
    watcher = _open(course)
    wrap, types_only, _ = _names(watcher)
    watcher.mark(wrap, done=True)
    watcher.move_to(types_only)
    watcher.see_hints(types_only, 1)
    watcher.save()
    course.state_path.write_bytes(b"\xff\xfe garbage")  # another process, or a crash
    assert watcher.refresh() is True
    [kept] = _kept(course)
    assert kept.read_bytes() == b"\xff\xfe garbage"
    assert any(str(kept) in warning for warning in watcher.warnings)
    assert watcher.state_of(wrap) == "done", "what this session knew is kept"
    assert watcher.current() == types_only
    watcher.save()  # no new change: the whole known progress is written back
    assert _on_disk(course) == {
        "current": "types_only",
        "done": ["wrap_the_id"],
        "hints": {"types_only": 1},
    }
    fresh = _open(course)
    assert fresh.warnings == [] and fresh.state_of(fresh.exercise("wrap_the_id")) == "done"


def test_a_file_that_went_bad_before_a_save_is_kept_and_the_save_still_lands(
    course: Course,
) -> None:
    watcher = _open(course)
    wrap, types_only, _ = _names(watcher)
    watcher.mark(wrap, done=True)
    watcher.save()
    course.state_path.write_text("not json")
    watcher.mark(types_only, done=True)
    watcher.save()  # no refresh first: the save itself finds the bad file
    assert len(_kept(course)) == 1
    assert any("unreadable" in warning for warning in watcher.warnings)
    assert _done_on_disk(course) == ["types_only", "wrap_the_id"]
