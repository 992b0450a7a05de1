"""One progress file, many writers: every change is a locked read-merge-write of only the
entries the writer judged, so a watcher never undoes a `reset` or `verify` run elsewhere."""

from __future__ import annotations

import json
import multiprocessing
import shutil
from pathlib import Path

import pytest

from checker.course import Course
from checker.session import Session
from checker.state import (
    Changes,
    Progress,
    TrackProgress,
    apply_changes,
    load_progress,
    save_progress,
    update_progress,
)

FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"


@pytest.fixture
def course(tmp_path: Path) -> Course:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE / "exercises", root / "exercises")
    return Course(root)


def _open(course: Course) -> Session:
    return Session.open(course, "exercises")


def _done(course: Course) -> set[str]:
    return load_progress(course).track("exercises").done


def test_the_merge_changes_only_the_entries_a_writer_judged() -> None:
    progress = Progress({"exercises": TrackProgress("c", {"a", "b"}, {"a": 1})})
    changes = Changes()
    mine = changes.track("exercises")
    mine.done.update({"a": False, "d": True})
    mine.hints["a"] = 0
    mine.hints["d"] = 2
    apply_changes(progress, changes)
    track = progress.tracks["exercises"]
    assert track.done == {"b", "d"}, "a failing verdict drops the mark; untouched entries stay"
    assert track.current == "c", "a writer that did not move keeps the current exercise"
    assert track.hints == {"a": 1, "d": 2}, "hint levels once shown stay shown"


def test_a_watchers_save_does_not_undo_a_reset_done_elsewhere(course: Course) -> None:
    first = _open(course)
    wrap, types_only, _ = first.catalog.exercises
    first.mark(wrap, done=True)
    first.move_to(types_only)
    first.save()
    watcher = _open(course)  # a long-running watcher: it read "wrap_the_id done" at start
    other = _open(course)  # `typed-ai-rustlings reset --yes wrap_the_id` in a second terminal
    other.mark(wrap, done=False)
    other.save()
    assert _done(course) == set()
    watcher.mark(types_only, done=False)  # the watcher judges its own exercise (r)
    watcher.save()
    assert _done(course) == set(), "the watcher wrote back a done mark it did not judge"
    assert watcher.state_of(wrap) == "pending", "and it took in the reset when it saved"


def test_a_later_verdict_of_the_same_exercise_wins(course: Course) -> None:
    verify = _open(course)
    watcher = _open(course)
    wrap = verify.catalog.exercises[0]
    verify.mark(wrap, done=False)
    verify.save()
    watcher.mark(wrap, done=True)  # the file really passes now, and the watcher judged it
    watcher.save()
    assert _done(course) == {"wrap_the_id"}


def test_refresh_takes_in_other_writers_and_keeps_unsaved_changes(course: Course) -> None:
    watcher = _open(course)
    other = _open(course)
    wrap, types_only, double_it = watcher.catalog.exercises
    assert not watcher.refresh(), "nothing changed yet"
    watcher.mark(double_it, done=True)  # judged, not yet saved
    other.mark(wrap, done=True)
    other.mark(types_only, done=True)
    other.save()
    assert watcher.refresh()
    assert watcher.done_count == 3
    assert not watcher.refresh(), "the same file is not read twice"
    watcher.save()
    assert watcher.done_count == 3
    assert not watcher.refresh(), "its own write is not news"
    assert _done(course) == {"wrap_the_id", "types_only", "double_it"}


def test_nothing_is_written_without_a_change(course: Course) -> None:
    _open(course).save()
    assert not course.state_path.exists()


def test_an_unreadable_file_met_while_saving_is_kept_and_progress_carries_on(
    course: Course,
) -> None:
    session = _open(course)
    wrap, types_only, _ = session.catalog.exercises
    session.mark(wrap, done=True)
    session.save()
    course.state_path.write_text("{ not json")
    session.mark(types_only, done=True)
    session.save()
    assert [w for w in session.warnings if "was unreadable" in w]
    assert _done(course) == {"wrap_the_id", "types_only"}
    assert len(list(course.root.glob(".typed-ai-rustlings-state.json.bad-*"))) == 1


def _mark_many(root: str, names: list[str]) -> None:
    course = Course(Path(root))
    for name in names:
        changes = Changes()
        changes.track("exercises").done[name] = True
        update_progress(course, changes, Progress())


def test_concurrent_writers_lose_no_update(tmp_path: Path) -> None:
    course = Course(tmp_path)
    save_progress(course, Progress({"exercises": TrackProgress("x", set())}))
    batches = [[f"w{writer}_{n}" for n in range(25)] for writer in range(4)]
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_mark_many, args=(str(tmp_path), b)) for b in batches]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    progress = load_progress(course)
    assert progress.track("exercises").done == {name for b in batches for name in b}
    assert progress.track("exercises").current == "x"


def test_hints_seen_persist_per_exercise_and_only_grow(course: Course) -> None:
    session = _open(course)
    wrap, types_only, _ = session.catalog.exercises
    assert session.hints_seen(wrap) == 0
    session.see_hints(wrap, 1)
    session.see_hints(types_only, 5)  # capped at the exercise's one hint
    session.save()
    again = _open(course)
    assert again.hints_seen(wrap) == 1 and again.hints_seen(types_only) == 1
    again.see_hints(wrap, 0)
    again.save()
    assert _open(course).hints_seen(wrap) == 1
    data = json.loads(course.state_path.read_text())
    assert data["version"] == 1
    assert data["tracks"]["exercises"]["hints"] == {"types_only": 1, "wrap_the_id": 1}


def test_a_file_without_hints_reads_as_none_seen(course: Course) -> None:
    course.state_path.write_text(
        '{"version": 1, "tracks": {"exercises": {"current": null, "done": ["wrap_the_id"]}}}'
    )
    session = _open(course)
    assert not session.progress.needs_rebuild
    assert session.hints_seen(session.catalog.exercises[0]) == 0


@pytest.mark.parametrize("hints", ['"all"', '{"a": "one"}', '{"a": -1}', '{"a": true}'])
def test_bad_hint_levels_make_the_file_unreadable(course: Course, hints: str) -> None:
    course.state_path.write_text(
        f'{{"version": 1, "tracks": {{"exercises": {{"done": [], "hints": {hints}}}}}}}'
    )
    assert load_progress(course).needs_rebuild
