"""The watch loop's state machine, driven by messages alone: no terminal, no threads, no mypy.

The worker, the screen, the file watcher, the poller and the key reader are replaced by fakes
that record what the loop asks of them; verdicts are built by hand for the content the loop
would see, so every transition (busy, shown, dropped, rechecked, moved, reset) is checked in
milliseconds."""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest
from rich.console import Console
from rich.text import Text

from checker import testrun
from checker.catalog import Exercise
from checker.course import Course
from checker.guard import GuardFinding
from checker.outcome import ChecksFailed, Outcome, Passed, Refused, WrongTypes
from checker.session import Session
from checker.verdict import Verdict
from checker.watch.events import MtimePoller, SaveWatcher
from checker.watch.frames import Activity, View, status
from checker.watch.keys import KeyReader
from checker.watch.loop import SLOW_CHECK, WatchLoop, file_hash
from checker.watch.messages import (
    CheckAllFinished,
    CheckAllProgress,
    CheckFailed,
    CheckFinished,
    CheckProgress,
    FileGone,
    FileSaved,
    FileTouched,
    KeyPressed,
    Message,
    MtimeChanged,
    OtherFileSaved,
    Resized,
)
from checker.watch.screen import CLEAR, Screen
from checker.watch.timing import Timing
from checker.watch.trace import Trace
from checker.watch.worker import CheckWorker
from tests.checker.doubles import fixture_course_copy

FAR = 3600.0
"""Seconds added to the clock to stand for "long after": every debounce window has passed."""


# -- fakes -------------------------------------------------------------------------------------


class FakeWorker(CheckWorker):
    """Records the jobs it is handed; runs none (the test delivers the verdicts)."""

    def __init__(self, course: Course) -> None:
        super().__init__(course, _nowhere, fast=False, timeout=10.0, trace=Trace(None))
        self.calls: list[tuple[str, tuple[str, ...]]] = []

    def start(self) -> None:
        self.calls.append(("start", ()))

    def check(self, exercise: Exercise) -> None:
        self.calls.append(("check", (exercise.name,)))

    def check_all(self, exercises: Sequence[Exercise]) -> None:
        self.calls.append(("check_all", tuple(e.name for e in exercises)))

    def close(self) -> None:
        self.calls.append(("close", ()))

    @property
    def checks(self) -> list[str]:
        return [names[0] for what, names in self.calls if what == "check"]


class FakeScreen(Screen):
    """Paints every frame into a string (so painting is exercised) and keeps the status lines."""

    def __init__(self, console: Console) -> None:
        self.out = io.StringIO()
        super().__init__(console, self.out)
        self.draws: list[str] = []
        self.statuses: list[str] = []

    def draw(self, paint: Callable[[Console], None], status: Text) -> None:
        super().draw(paint, status)
        self.draws.append(status.plain)

    def status(self, status: Text) -> None:
        super().status(status)
        self.statuses.append(status.plain)

    @property
    def frame(self) -> str:
        """The last full frame drawn (each starts by clearing the screen)."""
        return self.out.getvalue().rsplit(CLEAR, 1)[-1]


class FakeWatcher(SaveWatcher):
    """Starts no observer thread; remembers which file it was told to follow."""

    def __init__(self) -> None:
        super().__init__(_nowhere)
        self.followed: list[Path] = []

    def follow(self, target: Path) -> None:
        self.followed.append(target)

    def stop(self) -> None:
        return


class FakePoller(MtimePoller):
    def __init__(self) -> None:
        super().__init__(_nowhere, 1.0)
        self.followed: list[Path] = []

    def follow(self, target: Path) -> None:
        self.followed.append(target)

    def start(self) -> None:
        return

    def stop(self) -> None:
        return


class FakeKeys(KeyReader):
    """No file descriptor, no thread: keys are delivered as messages by the test."""

    def __init__(self) -> None:  # no super().__init__: it would open a pipe for a thread
        return

    def start(self) -> None:
        return

    def stop(self) -> None:
        return


@dataclass(frozen=True)
class Now:
    """The loop's state read afresh (mypy would otherwise keep an attribute narrowed by an
    earlier assert across the calls that change it)."""

    busy: Literal["one", "all"] | None
    view: View
    verdict: Verdict | None
    activity: Activity
    confirming: bool
    recheck_due: bool
    rerun_wanted: bool
    rerun_forced: bool
    quit: bool


def now(loop: WatchLoop) -> Now:
    return Now(
        busy=loop.busy,
        view=loop.view,
        verdict=loop.verdict,
        activity=loop.activity,
        confirming=loop.confirming,
        recheck_due=loop.recheck_due,
        rerun_wanted=loop.rerun_wanted,
        rerun_forced=loop.rerun_forced,
        quit=loop.quit,
    )


def _nowhere(message: Message) -> None:
    raise AssertionError(f"a fake posted {message!r}")


@dataclass
class Harness:
    loop: WatchLoop
    worker: FakeWorker
    screen: FakeScreen
    watcher: FakeWatcher
    course: Course

    def send(self, *messages: Message) -> None:
        for message in messages:
            self.loop._handle(message)

    def keys(self, *keys: str) -> None:
        self.send(*(KeyPressed(key) for key in keys))

    def exercise(self, name: str) -> Exercise:
        found = self.loop.session.catalog.get(name)
        assert found is not None
        return found

    def verdict(self, outcome: Outcome, exercise: Exercise | None = None) -> Verdict:
        """A verdict of the file's content as it is now."""
        target = exercise or self.loop.exercise
        return Verdict(target, file_hash(target.path), outcome, target.path.read_text())

    def finish(self, outcome: Outcome, exercise: Exercise | None = None) -> Verdict:
        verdict = self.verdict(outcome, exercise)
        self.send(CheckFinished(verdict))
        return verdict

    def tick_later(self) -> None:
        self.loop._tick(time.monotonic() + FAR)

    @property
    def status(self) -> str:
        return status(self.loop._picture()).plain

    @property
    def notes(self) -> list[str]:
        return [note.text.plain for note in self.loop.notes]

    def saved(self) -> Session:
        """What another process reading the progress file now would see."""
        return Session.open(self.course, "exercises")


def _make(course: Course, *, manual: bool = False) -> Harness:
    console = Console(file=io.StringIO(), width=100, height=40, color_system=None)
    loop = WatchLoop(
        Session.open(course, "exercises"),
        timeout=10.0,
        fast=False,
        manual_run=manual,
        console=console,
        timing=Timing(),
        trace=Trace(None),
    )
    worker, screen, watcher = FakeWorker(course), FakeScreen(console), FakeWatcher()
    loop.worker, loop.screen, loop.watcher, loop.poller = worker, screen, watcher, FakePoller()
    return Harness(loop, worker, screen, watcher, course)


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Course:
    monkeypatch.delenv("TYPED_AI_RUSTLINGS_WATCH_LOG", raising=False)
    return fixture_course_copy(tmp_path, monkeypatch)


@pytest.fixture
def started(course: Course) -> Iterator[Harness]:
    """A loop as `run` leaves it after starting: the first check of wrap_the_id in flight."""
    harness = _make(course)
    harness.loop._start(FakeKeys())
    yield harness


@pytest.fixture
def idle(started: Harness) -> Harness:
    """The first check answered (wrap_the_id does not pass yet): nothing in flight."""
    started.finish(WrongTypes((), (), "mypy failed"))
    assert now(started.loop).busy is None
    assert started.notes == ["Welcome to the checker's fixture course."]
    started.keys("z")  # a key that does nothing but take the welcome away
    assert started.notes == []
    return started


def _passed() -> Passed:
    return Passed(None)


def _failed() -> WrongTypes:
    return WrongTypes((), (), "mypy failed")


def _edit(exercise: Exercise, text: str) -> None:
    exercise.path.write_text(exercise.path.read_text() + text)


# -- starting ----------------------------------------------------------------------------------


def test_start_greets_pins_the_exercise_and_checks_it_once(course: Course) -> None:
    harness = _make(course)
    loop = harness.loop
    assert now(loop).busy is None and now(loop).activity == "idle"
    loop._start(FakeKeys())
    assert harness.worker.calls == [("start", ()), ("check", ("wrap_the_id",))]
    assert now(loop).busy == "one" and now(loop).activity == "checking"
    assert harness.status == "checking..."
    assert harness.notes == ["Welcome to the checker's fixture course."]
    assert loop.session.mine.current == "wrap_the_id", "pinned as current"
    assert harness.watcher.followed == [loop.exercise.path]
    assert harness.screen.draws == ["checking..."]
    assert "wrap_the_id" in harness.screen.frame


def test_a_returning_learner_is_not_greeted(course: Course) -> None:
    earlier = Session.open(course, "exercises")
    earlier.move_to(earlier.exercise("types_only"))
    earlier.save()
    harness = _make(course)
    harness.loop._start(FakeKeys())
    assert harness.notes == []
    assert harness.worker.checks == ["types_only"], "the saved current exercise"


# -- checks in flight ------------------------------------------------------------------------


def test_a_request_while_busy_is_queued_as_a_rerun_not_sent_twice(started: Harness) -> None:
    loop = started.loop
    assert started.worker.checks == ["wrap_the_id"]
    loop._check(force=False)
    loop._check(force=False)
    assert started.worker.checks == ["wrap_the_id"], "one check at a time"
    assert now(loop).rerun_wanted and not now(loop).rerun_forced
    started.finish(_failed())
    assert now(loop).busy is None and now(loop).verdict is not None
    assert now(loop).recheck_due and now(loop).activity == "checking"
    started.tick_later()
    # Unforced: the content on screen is what the file holds, so nothing is sent.
    assert started.worker.checks == ["wrap_the_id"]
    assert now(loop).activity == "idle" and not now(loop).recheck_due


def test_r_while_busy_reruns_once_the_check_in_flight_is_answered(started: Harness) -> None:
    loop = started.loop
    started.keys("r")
    started.keys("r")
    assert started.worker.checks == ["wrap_the_id"]
    assert now(loop).rerun_wanted and now(loop).rerun_forced
    started.finish(_failed())
    loop._tick(time.monotonic() - FAR)
    assert started.worker.checks == ["wrap_the_id"], "not before the rerun is due"
    started.tick_later()
    assert started.worker.checks == ["wrap_the_id", "wrap_the_id"], "forced: checked again"
    assert now(loop).busy == "one" and not now(loop).rerun_forced and not now(loop).rerun_wanted


def test_a_failing_verdict_of_the_current_content_is_shown(started: Harness) -> None:
    loop = started.loop
    verdict = started.finish(_failed())
    assert now(loop).verdict == verdict and now(loop).busy is None
    assert loop.session.state_of(loop.exercise) == "pending"
    assert started.status == (
        "not yet · save the file to check again · mypy could not check this file: mypy failed"
    )
    assert started.screen.draws[-1] == started.status


@pytest.mark.parametrize(
    ("outcome", "headline"),
    [
        (
            ChecksFailed(testrun.TestReport("failed", (), "", 0.1)),
            "types are right; the checks fail",
        ),
        (Refused((GuardFinding(3, "any", "Any is refused"),)), "refused by the guard [any]"),
    ],
    ids=["checks-failed", "refused"],
)
def test_every_kind_of_failure_is_drawn_with_its_reason(
    started: Harness, outcome: Outcome, headline: str
) -> None:
    started.finish(outcome)
    assert started.status.startswith("not yet · save the file to check again · " + headline)
    assert started.screen.draws[-1] == started.status


def test_a_pass_of_the_current_content_marks_it_done_and_saves(started: Harness) -> None:
    loop = started.loop
    verdict = started.finish(_passed())
    assert now(loop).verdict == verdict
    assert loop.session.state_of(loop.exercise) == "done"
    assert started.status == "done · press n for the next exercise"
    other = started.saved()
    assert other.state_of(other.exercise("wrap_the_id")) == "done", "saved at once"
    assert other.mine.current == "wrap_the_id"
    assert "what this taught" in started.screen.frame


def test_a_stale_verdict_is_dropped_and_a_recheck_is_due(started: Harness) -> None:
    loop = started.loop
    stale = started.verdict(_passed())
    _edit(loop.exercise, "\n# edited while the check ran\n")
    started.send(CheckFinished(stale))
    assert now(loop).verdict is None, "a verdict of content no longer there is never shown"
    assert loop.session.state_of(loop.exercise) == "pending", "and never marks it done"
    assert now(loop).busy is None and now(loop).recheck_due
    assert now(loop).activity == "checking" and started.status == "checking..."
    assert not started.saved().mine.done
    started.tick_later()
    assert started.worker.checks == ["wrap_the_id", "wrap_the_id"]
    fresh = started.finish(_passed())
    assert now(loop).verdict == fresh and loop.session.state_of(loop.exercise) == "done"


def test_a_verdict_for_another_exercise_is_dropped(started: Harness) -> None:
    loop = started.loop
    started.finish(_passed(), started.exercise("types_only"))
    assert now(loop).verdict is None and now(loop).busy is None
    assert loop.session.state_of(started.exercise("types_only")) == "pending"
    assert loop.exercise.name == "wrap_the_id"
    assert not now(loop).recheck_due, "nothing was asked for meanwhile"


def test_moving_while_a_check_runs_checks_the_new_exercise_after_it(started: Harness) -> None:
    loop = started.loop
    old = started.verdict(_passed())
    started.keys("l", "down", "enter")
    assert loop.exercise.name == "types_only"
    assert started.worker.checks == ["wrap_the_id"], "queued behind the check in flight"
    started.send(CheckFinished(old))
    assert now(loop).verdict is None, "the old exercise's verdict is not shown for the new one"
    assert loop.session.state_of(started.exercise("wrap_the_id")) == "pending"
    assert now(loop).recheck_due
    started.tick_later()
    assert started.worker.checks == ["wrap_the_id", "types_only"]


def test_check_progress_shows_only_once_the_check_is_slow(started: Harness) -> None:
    loop = started.loop
    loop.busy_since = time.monotonic() + FAR  # as if it had just started
    started.send(CheckProgress("mypy is type-checking"))
    assert loop.doing == "mypy is type-checking"
    assert started.status == "checking..."
    assert loop._slow_wait(loop.busy_since) == pytest.approx(SLOW_CHECK)
    loop.busy_since = time.monotonic() - SLOW_CHECK - 1.0  # running for longer than SLOW_CHECK
    assert started.status == "checking: mypy is type-checking..."
    assert loop._slow_wait(time.monotonic()) is None
    started.send(CheckProgress("running the checks (stopped after 10 s)"))
    assert started.status == "checking: running the checks (stopped after 10 s)..."
    started.finish(_failed())
    assert started.status.startswith("not yet · ")
    assert loop._slow_wait(time.monotonic()) is None, "nothing in flight to wait on"
    started.keys("r")
    assert loop.doing is None, "a new check starts with nothing said yet"


def test_a_finished_checks_progress_is_not_shown_while_a_recheck_waits(
    started: Harness,
) -> None:
    loop = started.loop
    loop.busy_since = time.monotonic() - SLOW_CHECK - 1.0
    started.send(CheckProgress("running the checks (stopped after 10 s)"))
    stale = started.verdict(_passed())
    _edit(loop.exercise, "\n# saved again\n")
    started.send(CheckFinished(stale))
    assert now(loop).busy is None and now(loop).recheck_due
    assert started.status == "checking..."


def test_a_checker_failure_is_shown_and_ends_the_check(started: Harness) -> None:
    loop = started.loop
    started.send(CheckFailed("the checker failed: RuntimeError: boom"))
    assert now(loop).busy is None and now(loop).verdict is None
    assert harness_note(started, "the checker failed: RuntimeError: boom")
    started.keys("h")
    assert harness_note(started, "the checker failed"), "it stays until the next verdict"
    started.finish(_failed())
    assert not harness_note(started, "the checker failed")


def harness_note(harness: Harness, text: str) -> bool:
    return any(text in note for note in harness.notes)


# -- saves -------------------------------------------------------------------------------------


def test_a_finished_save_is_checked_after_the_quick_pause(idle: Harness) -> None:
    loop, timing = idle.loop, idle.loop.timing
    _edit(loop.exercise, "\n# saved\n")
    at = time.monotonic()
    idle.send(FileSaved(finished=True, at=at))
    loop._tick(at)
    assert idle.worker.checks == ["wrap_the_id"], "not yet: the pause coalesces writes"
    loop._tick(at + timing.quick)
    assert idle.worker.checks == ["wrap_the_id", "wrap_the_id"]
    assert now(loop).busy == "one"


def test_an_unfinished_write_waits_for_it_to_settle(idle: Harness) -> None:
    loop, timing = idle.loop, idle.loop.timing
    _edit(loop.exercise, "\n# half written\n")
    at = time.monotonic()
    idle.send(FileSaved(finished=False, at=at))
    loop._tick(at + timing.quick)
    assert idle.worker.checks == ["wrap_the_id"]
    loop._tick(at + timing.settle)
    assert idle.worker.checks == ["wrap_the_id", "wrap_the_id"]


def test_a_save_of_content_already_judged_is_skipped(idle: Harness) -> None:
    loop = idle.loop
    at = time.monotonic()
    idle.send(FileSaved(finished=True, at=at), FileTouched(at=at))
    loop._tick(at + FAR)
    assert idle.worker.checks == ["wrap_the_id"], "same content as the verdict on screen"
    assert now(loop).activity == "idle"


def test_a_deleted_file_is_checked_once_it_stays_gone(idle: Harness) -> None:
    loop = idle.loop
    loop.exercise.path.unlink()
    at = time.monotonic()
    idle.send(FileGone(at=at))
    loop._tick(at + loop.timing.settle)
    assert idle.worker.checks == ["wrap_the_id", "wrap_the_id"]


def test_in_manual_mode_saves_wait_for_r(course: Course) -> None:
    harness = _make(course, manual=True)
    harness.loop._start(FakeKeys())
    harness.finish(_failed())
    assert harness.watcher.followed == [], "no file watch in manual mode"
    _edit(harness.loop.exercise, "\n# saved\n")
    at = time.monotonic()
    harness.send(FileSaved(finished=True, at=at))
    harness.loop._tick(at + FAR)
    assert harness.worker.checks == ["wrap_the_id"]
    assert harness.status.startswith("not yet · save your fix, then press r to check · ")
    harness.send(MtimeChanged(since=at, at=at + 1))
    assert harness_note(harness, "the exercise file changed: press r to check it")
    harness.keys("r")
    assert harness.worker.checks == ["wrap_the_id", "wrap_the_id"]


def test_a_save_that_brought_no_event_is_pointed_out(idle: Harness) -> None:
    loop, grace = idle.loop, idle.loop.timing.no_event_grace
    now = time.monotonic()
    idle.send(MtimeChanged(since=now, at=now + 1))
    loop._tick(now + 1)
    assert idle.notes == []
    loop._tick(now + 1 + grace)
    assert harness_note(idle, "the file system sent no change event")
    assert idle.worker.checks == ["wrap_the_id"], "it says so; r checks"


def test_a_late_event_within_the_grace_means_no_warning(idle: Harness) -> None:
    loop, grace = idle.loop, idle.loop.timing.no_event_grace
    now = time.monotonic()
    idle.send(MtimeChanged(since=now, at=now + 1), FileTouched(at=now + 1.5))
    loop._tick(now + 1 + grace)
    assert idle.notes == [] and loop.suspect is None


def test_saving_another_exercise_says_which_one_is_current(idle: Harness) -> None:
    other = idle.exercise("types_only")
    idle.send(OtherFileSaved(other.path.resolve()))
    assert harness_note(
        idle,
        "you saved exercises/01_types/types_only.py; the current exercise is still "
        "wrap_the_id (n moves on once it passes, l picks another)",
    )
    assert idle.loop.exercise.name == "wrap_the_id"
    assert idle.worker.checks == ["wrap_the_id"]
    idle.send(OtherFileSaved(idle.loop.exercise.path.resolve()))
    assert len(idle.notes) == 1, "its own file is no other file"


def test_a_resize_redraws(idle: Harness) -> None:
    before = len(idle.screen.draws)
    idle.send(Resized())
    assert len(idle.screen.draws) == before + 1


# -- keys --------------------------------------------------------------------------------------


def test_n_before_a_pass_explains_and_stays(idle: Harness) -> None:
    idle.keys("n")
    assert idle.loop.exercise.name == "wrap_the_id"
    assert harness_note(idle, "n moves on once this exercise passes")
    assert idle.worker.checks == ["wrap_the_id"]


def test_n_after_a_pass_moves_to_the_next_pending_and_checks_it(started: Harness) -> None:
    loop = started.loop
    started.finish(_passed())
    started.keys("h")
    started.keys("n")
    assert loop.exercise.name == "types_only"
    assert now(loop).verdict is None and loop.hints_shown == 0
    assert started.worker.checks == ["wrap_the_id", "types_only"]
    assert now(loop).busy == "one"
    assert started.watcher.followed[-1] == loop.exercise.path
    assert started.saved().mine.current == "types_only", "the move is saved"


def test_n_when_everything_is_done_shows_the_final_message(started: Harness) -> None:
    loop = started.loop
    other = started.saved()
    for name in ("types_only", "double_it"):
        other.mark(other.exercise(name), done=True)
    other.save()
    assert loop.session.refresh()
    started.finish(_passed())
    assert loop.session.finished
    assert started.status == "all exercises done · q quits"
    started.keys("n")
    assert loop.exercise.name == "wrap_the_id"
    assert harness_note(started, "Every fixture exercise passes.")


def test_p_goes_back_and_says_so_at_the_first(idle: Harness) -> None:
    loop = idle.loop
    idle.keys("p")
    assert loop.exercise.name == "wrap_the_id"
    assert harness_note(idle, "this is the first exercise")
    idle.keys("l", "down", "down", "enter")
    assert loop.exercise.name == "double_it"
    idle.finish(_failed())
    idle.keys("p")
    assert loop.exercise.name == "types_only"
    assert idle.worker.checks == ["wrap_the_id", "double_it", "types_only"]
    assert idle.saved().mine.current == "types_only"


def test_the_list_moves_a_cursor_and_enter_makes_its_exercise_current(idle: Harness) -> None:
    loop = idle.loop
    idle.keys("l")
    assert now(loop).view == "list" and loop.selected == 0
    assert idle.status == "pick an exercise: Enter makes it the current one"
    assert "double_it" in idle.screen.frame
    idle.keys("up")
    assert loop.selected == 0, "stops at the top"
    idle.keys("down", "j", "down", "j")
    assert loop.selected == 2, "stops at the bottom"
    idle.keys("k")
    assert loop.selected == 1
    idle.keys("n", "x", "r")
    assert now(loop).view == "list" and not now(loop).confirming, (
        "other keys do nothing in the list"
    )
    assert idle.worker.checks == ["wrap_the_id"]
    idle.keys("enter")
    assert now(loop).view == "verdict" and loop.exercise.name == "types_only"
    assert idle.worker.checks == ["wrap_the_id", "types_only"]


@pytest.mark.parametrize("close", ["esc", "q", "l"])
def test_the_list_closes_without_moving(idle: Harness, close: str) -> None:
    idle.keys("l", "down", close)
    assert now(idle.loop).view == "verdict" and idle.loop.exercise.name == "wrap_the_id"
    assert not now(idle.loop).quit
    assert idle.worker.checks == ["wrap_the_id"]


def test_enter_on_the_current_exercise_just_closes_the_list(idle: Harness) -> None:
    verdict = idle.loop.verdict
    idle.keys("l", "enter")
    assert now(idle.loop).view == "verdict" and now(idle.loop).verdict == verdict
    assert idle.worker.checks == ["wrap_the_id"]


def test_h_shows_one_more_hint_level_each_time_and_remembers_it(idle: Harness) -> None:
    loop = idle.loop
    assert len(loop.exercise.hints) == 2
    idle.keys("h")
    assert loop.hints_shown == 1 and idle.saved().hints_seen(loop.exercise) == 1
    assert "hint 1/2: Look at the argument's type." in idle.screen.frame
    idle.keys("h")
    assert loop.hints_shown == 2 and idle.saved().hints_seen(loop.exercise) == 2
    idle.keys("h")
    assert loop.hints_shown == 2
    assert harness_note(idle, "that was the last hint")
    idle.keys("h")
    assert idle.notes.count("that was the last hint") == 1, "one note, not one per press"


def test_hints_seen_in_an_earlier_session_are_shown_at_once(course: Course) -> None:
    earlier = Session.open(course, "exercises")
    earlier.see_hints(earlier.exercise("wrap_the_id"), 1)
    earlier.save()
    harness = _make(course)
    harness.loop._start(FakeKeys())
    harness.keys("h")
    assert harness.loop.hints_shown == 2, "the seen level and the next one"


def test_x_then_n_changes_nothing(idle: Harness) -> None:
    loop = idle.loop
    _edit(loop.exercise, "\n# my work\n")
    mine = loop.exercise.path.read_bytes()
    idle.keys("x")
    assert now(loop).confirming and now(loop).activity == "confirm-reset"
    assert idle.status == (
        "reset exercises/01_types/wrap_the_id.py to its original? "
        "your copy is backed up first [y/n] "
    )
    idle.keys("n")
    assert not now(loop).confirming
    assert loop.exercise.path.read_bytes() == mine
    assert harness_note(idle, "not reset: nothing was changed")
    assert not loop.course.backups_dir.exists()


def test_any_key_but_y_declines_the_reset(idle: Harness) -> None:
    loop = idle.loop
    _edit(loop.exercise, "\n# my work\n")
    mine = loop.exercise.path.read_bytes()
    idle.keys("x", "q")
    assert not now(loop).quit, "the answer to the question, not a command"
    assert loop.exercise.path.read_bytes() == mine


def test_x_then_y_restores_the_original_backs_up_and_marks_undone(started: Harness) -> None:
    loop = started.loop
    _edit(loop.exercise, "\n# my passing work\n")
    mine = loop.exercise.path.read_bytes()
    started.finish(_passed())
    assert loop.session.state_of(loop.exercise) == "done"
    started.keys("x", "y")
    assert not now(loop).confirming
    assert loop.exercise.path.read_bytes() == loop.exercise.pristine_path.read_bytes()
    [backup] = [p for p in loop.course.backups_dir.rglob("*.py")]
    assert backup.read_bytes() == mine
    assert loop.session.state_of(loop.exercise) == "pending"
    assert started.saved().state_of(started.exercise("wrap_the_id")) == "pending"
    relative = backup.relative_to(loop.course.root)
    assert harness_note(
        started, f"restored exercises/01_types/wrap_the_id.py; your copy was saved to {relative}"
    )
    # The file watcher reports the restored file; no check is sent before that.
    assert started.worker.checks == ["wrap_the_id"]
    at = time.monotonic()
    started.send(FileSaved(finished=True, at=at))
    loop._tick(at + loop.timing.quick)
    assert started.worker.checks == ["wrap_the_id", "wrap_the_id"]


def test_the_reset_note_stays_for_the_restored_files_verdict_and_goes_after(
    idle: Harness,
) -> None:
    loop = idle.loop
    _edit(loop.exercise, "\n# my work\n")
    idle.keys("x", "y")
    idle.keys("h")
    assert harness_note(idle, "restored "), "a key press does not take it away"
    loop._check(force=False)
    idle.finish(_failed())  # the restored file's verdict
    assert harness_note(idle, "restored ")
    _edit(loop.exercise, "\n# a new attempt\n")
    loop._check(force=False)
    idle.finish(_failed())
    assert not harness_note(idle, "restored ")


def test_in_manual_mode_a_reset_checks_at_once(course: Course) -> None:
    harness = _make(course, manual=True)
    harness.loop._start(FakeKeys())
    harness.finish(_failed())
    harness.keys("x", "y")
    assert harness.worker.checks == ["wrap_the_id", "wrap_the_id"]


def test_a_reset_that_cannot_be_done_says_why(idle: Harness) -> None:
    loop = idle.loop
    loop.exercise.pristine_path.unlink()
    mine = loop.exercise.path.read_bytes()
    idle.keys("x", "y")
    assert harness_note(idle, "reset failed: the original of wrap_the_id is missing")
    assert loop.exercise.path.read_bytes() == mine


def test_c_checks_every_exercise_and_moves_to_the_first_failure(idle: Harness) -> None:
    loop = idle.loop
    idle.keys("c")
    assert idle.worker.calls[-1] == ("check_all", ("wrap_the_id", "types_only", "double_it"))
    assert now(loop).busy == "all" and idle.status == "checking all 3 exercises..."
    idle.keys("c")
    assert harness_note(idle, "a check is running: press c again when it is done")
    assert [what for what, _ in idle.worker.calls].count("check_all") == 1
    wrap, types_only, double_it = loop.session.catalog.exercises
    batch = (
        idle.verdict(_passed(), wrap),
        idle.verdict(_failed(), types_only),
        idle.verdict(_passed(), double_it),
    )
    idle.send(CheckAllFinished(batch))
    assert now(loop).busy is None and now(loop).view == "all" and loop.batch == batch
    assert loop.exercise == types_only and now(loop).verdict == batch[1]
    assert loop.session.done_count == 2
    assert idle.saved().done_count == 2 and idle.saved().mine.current == "types_only"
    assert "check all: 2/3 pass" in idle.screen.frame
    idle.keys("r")
    assert now(loop).view == "verdict"
    assert idle.worker.checks == ["wrap_the_id", "types_only"]


@pytest.mark.parametrize("key", ["q", "eof"])
def test_q_and_end_of_input_quit(idle: Harness, key: str) -> None:
    idle.keys(key)
    assert now(idle.loop).quit


def test_end_of_input_quits_from_the_list_too(idle: Harness) -> None:
    idle.keys("l", "eof")
    assert now(idle.loop).quit


# -- progress written by other processes -------------------------------------------------------


def test_progress_saved_elsewhere_is_taken_in_and_a_disagreement_rechecked(
    started: Harness,
) -> None:
    loop = started.loop
    started.finish(_passed())
    assert loop.session.refresh() is False, "the loop's own save is nothing new"
    elsewhere = started.saved()
    elsewhere.mark(elsewhere.exercise("wrap_the_id"), done=False)  # e.g. a verify elsewhere
    elsewhere.save()
    assert loop.session.refresh() is True
    assert loop.session.state_of(loop.exercise) == "pending"
    loop._outside_change()
    assert started.worker.checks == ["wrap_the_id", "wrap_the_id"], "judged again"
    assert now(loop).busy == "one"
    started.finish(_passed())
    assert started.saved().state_of(started.exercise("wrap_the_id")) == "done"


def test_progress_saved_elsewhere_that_agrees_is_taken_in_without_a_check(
    started: Harness,
) -> None:
    loop = started.loop
    started.finish(_passed())
    elsewhere = started.saved()
    elsewhere.mark(elsewhere.exercise("double_it"), done=True)
    elsewhere.save()
    assert loop.session.refresh() is True
    loop._outside_change()
    assert started.worker.checks == ["wrap_the_id"]
    assert loop.session.done_count == 2
    assert started.screen.frame.count("] 2/3") == 1, "the progress bar is redrawn"
    started.keys("n")
    assert loop.exercise.name == "types_only", "n skips what was done elsewhere"


def test_a_verdict_shown_for_replaced_content_is_left_to_the_saves_own_check(
    started: Harness,
) -> None:
    loop = started.loop
    started.finish(_passed())
    _edit(loop.exercise, "\n# changed elsewhere too\n")
    elsewhere = started.saved()
    elsewhere.mark(elsewhere.exercise("wrap_the_id"), done=False)
    elsewhere.save()
    assert loop.session.refresh()
    loop._outside_change()
    assert started.worker.checks == ["wrap_the_id"], "the save's own event brings the check"


def test_a_corrupt_progress_file_written_elsewhere_is_reported_and_rewritten(
    started: Harness,
) -> None:
    loop = started.loop
    started.finish(_passed())
    loop.course.state_path.write_text("{ not json")
    assert loop.session.refresh()
    loop._outside_change()
    assert harness_note(started, "was unreadable")
    assert loop.session.state_of(loop.exercise) == "done"
    started.keys("h")  # any save writes the whole known progress back
    assert started.saved().state_of(started.exercise("wrap_the_id")) == "done"


def test_a_current_exercise_chosen_elsewhere_is_followed(started: Harness) -> None:
    loop = started.loop
    started.finish(_passed())
    started.keys("n")
    assert loop.exercise.name == "types_only"
    elsewhere = started.saved()
    earlier = elsewhere.exercise("wrap_the_id")
    elsewhere.mark(earlier, done=False)  # what `reset wrap_the_id` elsewhere writes
    elsewhere.move_to(earlier)
    elsewhere.save()
    assert loop.session.refresh()
    loop._outside_change()
    assert loop.exercise.name == "wrap_the_id"
    assert started.watcher.followed[-1] == loop.exercise.path
    # The check of types_only that `n` started is still in flight: its verdict is dropped and
    # the restored exercise is judged afresh, not trusted to be what was shown before.
    assert now(loop).rerun_wanted
    started.finish(_failed(), started.exercise("types_only"))
    started.tick_later()
    assert started.worker.checks[-1] == "wrap_the_id"
    assert harness_note(started, "progress changed in another terminal: wrap_the_id")
    started.finish(_failed())
    assert not harness_note(started, "progress changed in another terminal")
    assert started.saved().mine.current == "wrap_the_id"


def test_c_shows_each_verdict_as_it_arrives(idle: Harness) -> None:
    loop = idle.loop
    idle.keys("c")
    assert now(loop).view == "all"
    assert "checking all: 0 of 3 judged, 0 pass" in idle.screen.frame
    assert idle.screen.frame.count("  ...   exercises/") == 3
    wrap, types_only, double_it = loop.session.catalog.exercises
    second = idle.verdict(_failed(), types_only)
    idle.send(CheckAllProgress(second))  # verdicts come in the order they are reached
    assert "  FAIL  exercises/01_types/types_only.py" in idle.screen.frame
    assert "  ...   exercises/01_types/wrap_the_id.py" in idle.screen.frame
    assert idle.status == "checking all 3 exercises: 1 judged..."
    first = idle.verdict(_passed(), wrap)
    idle.send(CheckAllProgress(first))
    assert "checking all: 2 of 3 judged, 1 pass" in idle.screen.frame
    assert loop.session.done_count == 0, "progress is recorded once the check is complete"
    idle.send(CheckAllFinished((first, second, idle.verdict(_passed(), double_it))))
    assert "check all: 2/3 pass" in idle.screen.frame and "  ...   " not in idle.screen.frame


def test_a_checker_failure_during_c_drops_the_rows_never_reached(idle: Harness) -> None:
    loop = idle.loop
    idle.keys("c")
    idle.send(CheckAllProgress(idle.verdict(_passed(), loop.session.catalog.exercises[0])))
    idle.send(CheckFailed("the checker failed: boom"))
    assert now(loop).busy is None
    assert "  ...   " not in idle.screen.frame
    assert harness_note(idle, "the checker failed: boom")
