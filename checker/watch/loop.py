"""The watch loop: one thread owns the screen and the progress; everything else sends messages.

Saves are checked off this thread; every verdict is tagged with the content hash it
checked and shown only while that is still the file's content, so a verdict for stale
content is never on screen. A save whose content was already checked is skipped.
"""

from __future__ import annotations

import math
import queue
import sys
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal

from rich.console import Console
from rich.text import Text

from checker.catalog import Exercise
from checker.render import make_console, shown_path
from checker.reset import ResetError, reset_exercise
from checker.session import Session
from checker.verdict import Verdict
from checker.watch.events import MtimePoller, SaveWatcher
from checker.watch.frames import Activity, Picture, View, paint, rows_of, status
from checker.watch.keys import KeyReader, Signals, TerminalMode
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
from checker.watch.screen import Screen
from checker.watch.timing import Debouncer, Timing
from checker.watch.trace import Trace
from checker.watch.worker import CheckWorker
from checker.workspace import content_hash

EXIT_OK, EXIT_USAGE, EXIT_INTERRUPTED = 0, 2, 130
SLOW_CHECK = 0.5
"""Seconds after which the status line says what a check in flight is waiting on."""


@dataclass(frozen=True)
class Note:
    """A line under the verdict. It goes at the next key press, or (`until_verdict`) with the
    next verdict shown, except a verdict of the content in `survives` (the restored file a
    reset notice is about: it stays for that file's own verdict and goes with the next)."""

    text: Text
    until_verdict: bool = False
    survives: str | None = None


def file_hash(path: Path) -> str:
    """The hash a verdict of this file's current content carries (a missing file reads empty)."""
    try:
        return content_hash(path.read_bytes())
    except OSError:
        return content_hash(b"")


class WatchLoop:
    def __init__(
        self,
        session: Session,
        *,
        timeout: float,
        fast: bool,
        manual_run: bool,
        console: Console,
        timing: Timing,
        trace: Trace,
    ) -> None:
        self.session = session
        self.course = session.course
        self.manual = manual_run
        self.timing = timing
        self.trace = trace
        self.inbox: queue.SimpleQueue[Message] = queue.SimpleQueue()
        self.screen = Screen(console, sys.stdout)
        self.worker = CheckWorker(
            self.course, self.inbox.put, fast=fast, timeout=timeout, trace=trace
        )
        self.watcher = SaveWatcher(self.inbox.put)
        self.poller = MtimePoller(self.inbox.put, timing.poll)
        self.debouncer = Debouncer(timing)
        self.exercise: Exercise = session.current()
        self.verdict: Verdict | None = None
        self.view: View = "verdict"
        self.busy: Literal["one", "all"] | None = None
        self.busy_since = 0.0
        self.doing: str | None = None  # what the check in flight waits on, once it is slow
        self.confirming = False
        self.recheck_due = False
        self.batch: tuple[Verdict, ...] = ()  # of the last check of every exercise, so far
        self.batch_of: tuple[Exercise, ...] = ()  # what that check judges
        self.hints_shown = 0
        self.selected = 0
        self.notes: list[Note] = []
        self.rerun_wanted = False
        self.rerun_forced = False
        self.last_event_at = -math.inf
        # A save the poll saw: (no event since this moment, when it was seen).
        self.suspect: tuple[float, float] | None = None
        self.quit = False

    # -- the loop ------------------------------------------------------------------------

    def run(self) -> int:
        fd = sys.stdin.fileno()
        keys = KeyReader(fd, self.inbox.put)
        with TerminalMode(fd) as terminal, Signals(self.inbox.put, terminal):
            try:
                self._start(keys)
                while not self.quit:
                    self._step()
                return EXIT_OK
            except KeyboardInterrupt:
                self.trace("interrupted")
                return EXIT_INTERRUPTED
            finally:
                keys.stop()
                self.watcher.stop()
                self.poller.stop()
                self.worker.close()
                self.screen.close()

    def _start(self, keys: KeyReader) -> None:
        self.worker.start()
        if self.session.done_count == 0 and self.session.mine.current is None:
            welcome = self.session.catalog.welcome_message.strip()
            if welcome:
                self.notes.append(Note(Text(welcome)))
        # Pin the exercise on screen as current, so passing it cannot shift "current".
        self.session.move_to(self.exercise)
        self._follow()
        self.poller.start()
        keys.start()
        self._check(force=True)
        self._draw()

    def _step(self) -> None:
        now = time.monotonic()
        waits = [
            w
            for w in (self.debouncer.wait(now), self._suspect_wait(now), self._slow_wait(now))
            if w is not None
        ]
        try:
            message: Message | None = self.inbox.get(timeout=min(waits, default=1.0))
        except queue.Empty:
            message = None
        # Progress others wrote (`run`, `reset`, `verify` in another terminal) is taken in
        # before anything is drawn or judged: at most a second late, and never overwritten.
        if self.session.refresh():
            self._outside_change()
        if message is not None:
            self._handle(message)
        self._tick(time.monotonic())
        self.screen.status(status(self._picture()))

    def _tick(self, now: float) -> None:
        if self.debouncer.take(now):
            forced, self.rerun_forced = self.rerun_forced, False
            self._check(force=forced)
        if self.suspect is not None:
            since, seen = self.suspect
            if now >= seen + self.timing.no_event_grace:
                self.suspect = None
                if self.last_event_at < since:
                    self.trace("no event for a save")
                    self._note_no_event()

    def _slow_wait(self, now: float) -> float | None:
        """Until a check in flight counts as slow and the status line says what it waits on."""
        if self.busy != "one" or now >= self.busy_since + SLOW_CHECK:
            return None
        return self.busy_since + SLOW_CHECK - now

    def _suspect_wait(self, now: float) -> float | None:
        if self.suspect is None:
            return None
        return max(0.0, self.suspect[1] + self.timing.no_event_grace - now)

    # -- messages ------------------------------------------------------------------------

    def _handle(self, message: Message) -> None:
        if isinstance(message, FileSaved):
            self.last_event_at = message.at
            self.trace(f"event saved {'finished' if message.finished else 'started'}")
            if not self.manual:
                self.debouncer.saw(finished=message.finished, at=message.at)
        elif isinstance(message, FileGone):
            self.last_event_at = message.at
            self.trace("event gone")
            # Often the first half of a save; if the file stays gone, its verdict says so
            # (a verdict of a file that is no longer there must not stay on screen).
            self.debouncer.saw(finished=False, at=message.at)
        elif isinstance(message, FileTouched):
            self.last_event_at = message.at
            self.trace("event touched")
        elif isinstance(message, OtherFileSaved):
            self._other_saved(message.path)
        elif isinstance(message, MtimeChanged):
            self._mtime_changed(message)
        elif isinstance(message, KeyPressed):
            self._key(message.key)
        elif isinstance(message, Resized):
            self._draw()
        elif isinstance(message, CheckFinished):
            self._finished(message.verdict)
        elif isinstance(message, CheckProgress):
            self.doing = message.doing
        elif isinstance(message, CheckAllProgress):
            if self.busy == "all":
                self.batch += (message.verdict,)
                self._draw()
        elif isinstance(message, CheckAllFinished):
            self._all_finished(message.verdicts)
        else:
            self._failed(message)

    def _other_saved(self, path: Path) -> None:
        other = next((e for e in self.session.catalog if e.path.resolve() == path), None)
        if other is None or other.name == self.exercise.name:
            return
        self.trace(f"event other exercise {other.name}")
        if self.session.finished:
            how = "l picks another"
        elif self.session.state_of(self.exercise) == "done":
            how = "n moves on, l picks another"
        else:
            how = "n moves on once it passes, l picks another"
        self._note(
            Text(
                f"you saved {other.relative_path}; the current exercise is still "
                f"{self.exercise.name} ({how})",
                style="yellow",
            ),
            until_verdict=True,
        )

    def _mtime_changed(self, change: MtimeChanged) -> None:
        """Any save since the previous sample should have brought an event by now; the
        grace period lets a late one still arrive."""
        if self.manual:
            self._note(
                Text("the exercise file changed: press r to check it", style="yellow"),
                until_verdict=True,
            )
        elif self.last_event_at < change.since and self.suspect is None:
            self.suspect = (change.since, change.at)

    def _note_no_event(self) -> None:
        self._note(
            Text(
                "you saved the exercise file, but the file system sent no change event "
                "(common on network drives, WSL's /mnt and some container mounts). Press r to "
                "check now, or restart with `typed-ai-rustlings watch --manual-run`.",
                style="bold yellow",
            ),
            until_verdict=True,
        )

    def _note(
        self, note: Text, *, until_verdict: bool = False, survives: str | None = None
    ) -> None:
        if all(note.plain != shown.text.plain for shown in self.notes):
            self.notes.append(Note(note, until_verdict, survives))
        self._draw()

    def _outside_change(self) -> None:
        """Another process changed progress. If it now disagrees with the verdict on screen
        (a `reset` or `verify` elsewhere), judge the file again rather than trust either."""
        self.trace("progress changed outside")
        self._warn()
        elsewhere = self.session.current()
        if elsewhere.name != self.exercise.name:
            # `reset NAME` or `verify` elsewhere chose another current exercise: follow it, so
            # the screen and `list` agree on where the learner is.
            self._move(elsewhere, check=True)
            self._note(
                Text(
                    f"progress changed in another terminal: {elsewhere.name} is current now "
                    "(p goes back, l picks another)",
                    style="yellow",
                ),
                until_verdict=True,
            )
            return
        verdict = self.verdict
        # (A verdict of content since replaced is rechecked by the save's own event.)
        if verdict is not None and verdict.content_hash == file_hash(self.exercise.path):
            if verdict.passed != (self.session.state_of(self.exercise) == "done"):
                self._check(force=True)
        self._draw()

    # -- checks --------------------------------------------------------------------------

    def _check(self, *, force: bool) -> None:
        """Check the current exercise unless its content is what the screen already shows."""
        if self.busy is not None:
            self.rerun_wanted = True
            self.rerun_forced = self.rerun_forced or force
            return
        self.recheck_due = False
        current = file_hash(self.exercise.path)
        if not force and self.verdict is not None and self.verdict.content_hash == current:
            self.trace(f"check skipped, unchanged {current[:12]}")
            return
        self.trace(f"check start {self.exercise.name} {current[:12]}")
        self.worker.check(self.exercise)
        self.busy = "one"
        self.busy_since = time.monotonic()
        self.doing = None

    def _finished(self, verdict: Verdict) -> None:
        self.busy, self.doing = None, None
        now = time.monotonic()
        if verdict.exercise.name != self.exercise.name:
            self.trace(f"verdict dropped, other exercise {verdict.exercise.name}")
            self._after_check(now)
            return
        if verdict.content_hash != file_hash(self.exercise.path):
            self.trace(f"verdict dropped, stale {verdict.content_hash[:12]}")
            self.recheck_due = True
            self.debouncer.soon(now)
            self._after_check(now)
            return
        self.trace(
            f"verdict shown {verdict.content_hash[:12]} {'passed' if verdict.passed else 'failed'}"
        )
        self.verdict = verdict
        if self.view != "list":
            self.view = "verdict"
        self.notes = [
            n for n in self.notes if not n.until_verdict or n.survives == verdict.content_hash
        ]
        for index, note in enumerate(self.notes):
            if note.survives is not None:
                self.notes[index] = Note(note.text, until_verdict=True)
        self.session.record(verdict)
        self._save()
        self._after_check(now)
        self._draw()

    def _after_check(self, now: float) -> None:
        if self.rerun_wanted:
            self.rerun_wanted = False
            self.recheck_due = True
            self.debouncer.soon(now)

    def _all_finished(self, verdicts: tuple[Verdict, ...]) -> None:
        self.busy, self.doing = None, None
        self.trace(f"check all {sum(v.passed for v in verdicts)}/{len(verdicts)}")
        for verdict in verdicts:
            self.session.record(verdict)
        first_failure = next((v for v in verdicts if not v.passed), None)
        if first_failure is not None and first_failure.exercise.name != self.exercise.name:
            self._move(first_failure.exercise, check=False)
        mine = next((v for v in verdicts if v.exercise.name == self.exercise.name), None)
        if mine is not None and mine.content_hash == file_hash(self.exercise.path):
            self.verdict = mine
        self._save()
        self.batch, self.batch_of = verdicts, tuple(v.exercise for v in verdicts)
        if self.view != "list":
            self.view = "all"
        self._after_check(time.monotonic())
        self._draw()

    def _failed(self, failure: CheckFailed) -> None:
        if self.busy == "all":  # rows still waiting would wait forever: keep only those reached
            self.batch_of = tuple(v.exercise for v in self.batch)
        self.busy, self.doing = None, None
        self.trace(f"checker failed: {failure.message}")
        self._note(Text(failure.message, style="bold red"), until_verdict=True)
        self._after_check(time.monotonic())

    # -- keys ----------------------------------------------------------------------------

    def _key(self, key: str) -> None:
        if self.confirming:
            self.confirming = False
            self._answer_reset(key == "y")
            return
        if self.view == "list":
            self._list_key(key)
            return
        self.notes = [n for n in self.notes if n.until_verdict]
        actions = {
            "q": self._quit,
            "eof": self._quit,
            "n": self._next,
            "p": self._previous,
            "h": self._hint,
            "l": self._open_list,
            "c": self._check_all,
            "r": self._rerun,
            "x": self._ask_reset,
        }
        action = actions.get(key)
        if action is not None:
            action()

    def _list_key(self, key: str) -> None:
        """In the list: move the cursor, Enter makes its exercise current, Esc/q/l close."""
        last = len(self.session.catalog) - 1
        if key in {"up", "k"}:
            self.selected = max(0, self.selected - 1)
        elif key in {"down", "j"}:
            self.selected = min(last, self.selected + 1)
        elif key == "enter":
            chosen = self.session.catalog.exercises[self.selected]
            self.view = "verdict"
            if chosen.name == self.exercise.name:
                self._draw()
            else:
                self._move(chosen, check=True)
            return
        elif key in {"esc", "q", "l"}:
            self.view = "verdict"
        elif key == "eof":
            self._quit()
            return
        else:
            return
        self._draw()

    def _quit(self) -> None:
        self.quit = True

    def _next(self) -> None:
        if self.session.state_of(self.exercise) != "done":
            self._note(
                Text("n moves on once this exercise passes (h shows a hint)", style="yellow")
            )
            return
        upcoming = self.session.next_pending(after=self.exercise)
        if upcoming is None:
            self._note(Text(self.session.catalog.final_message.strip(), style="bold green"))
            return
        self._move(upcoming, check=True)

    def _previous(self) -> None:
        earlier = self.session.previous(before=self.exercise)
        if earlier is None:
            self._note(Text("this is the first exercise", style="dim"))
            return
        self._move(earlier, check=True)

    def _move(self, exercise: Exercise, *, check: bool) -> None:
        self.trace(f"move to {exercise.name}")
        self.session.move_to(exercise)
        self._save()
        self.exercise = exercise
        self.verdict = None
        self.hints_shown = 0
        self.notes.clear()
        self.view = "verdict"
        self.debouncer.clear()
        self.suspect = None
        self._follow()
        if check:
            self._check(force=True)
            self._draw()

    def _hint(self) -> None:
        """The next hint level not yet seen (seen levels are remembered in the progress file,
        as `typed-ai-rustlings hint` does); the levels before it stay on screen."""
        total = len(self.exercise.hints)
        seen = self.session.hints_seen(self.exercise)
        if total == 0:
            self._note(Text("this exercise has no hints", style="dim"))
            return
        if seen >= total and self.hints_shown >= total:
            self._note(Text("that was the last hint", style="dim"))
            return
        self.hints_shown = min(seen + 1, total)
        self.session.see_hints(self.exercise, self.hints_shown)
        self._save()
        self._draw()

    def _open_list(self) -> None:
        self.view = "list"
        self.selected = self.session.catalog.index_of(self.exercise.name)
        self._draw()

    def _check_all(self) -> None:
        if self.busy is not None:
            self._note(Text("a check is running: press c again when it is done", style="dim"))
            return
        self.trace("check all start")
        exercises = self.session.catalog.exercises
        self.worker.check_all(exercises)
        self.busy = "all"
        # The list fills in as verdicts arrive: the first within a second, none waits for all.
        self.batch_of, self.batch = tuple(exercises), ()
        if self.view != "list":
            self.view = "all"
        self._draw()

    def _rerun(self) -> None:
        if self.view != "verdict":
            self.view = "verdict"
            self._draw()
        self._check(force=True)

    def _ask_reset(self) -> None:
        self.confirming = True

    def _answer_reset(self, yes: bool) -> None:
        if not yes:
            self._note(Text("not reset: nothing was changed", style="dim"))
            return
        try:
            backup = reset_exercise(self.course, self.exercise)
        except ResetError as error:
            self._note(Text(f"reset failed: {error}", style="bold red"))
            return
        self.trace(f"reset {self.exercise.name}")
        self.session.mark(self.exercise, done=False)
        self._save()
        self.hints_shown = 0
        message = f"restored {self.exercise.relative_path}"
        if backup is not None:
            message += f"; your copy was saved to {shown_path(self.course, backup)}"
        # Shown with the restored file's verdict, gone with the verdict after that.
        self._note(
            Text(message, style="bold"), until_verdict=True, survives=file_hash(self.exercise.path)
        )
        if self.manual:
            self._check(force=True)

    # -- drawing and bookkeeping ---------------------------------------------------------

    def _follow(self) -> None:
        self.poller.follow(self.exercise.path)
        if self.manual:
            return
        try:
            self.watcher.follow(self.exercise.path)
        except OSError as error:
            self.manual = True
            self.notes.append(
                Note(
                    Text(
                        f"cannot watch {self.exercise.path.parent} for saves ({error}); "
                        "press r to check after each save",
                        style="bold yellow",
                    )
                )
            )

    def _save(self) -> None:
        self.session.save()
        self._warn()

    def _warn(self) -> None:
        for warning in self.session.warnings:
            self.notes.append(Note(Text(warning, style="yellow")))
        self.session.warnings.clear()

    @property
    def activity(self) -> Activity:
        if self.confirming:
            return "confirm-reset"
        if self.busy == "all":
            return "checking-all"
        if self.busy == "one" or self.recheck_due:
            return "checking"
        return "idle"

    def _picture(self) -> Picture:
        session = self.session
        return Picture(
            course=self.course,
            exercise=self.exercise,
            verdict=self.verdict,
            view=self.view,
            activity=self.activity,
            done=session.done_count,
            total=len(session.catalog),
            finished=session.finished,
            final_message=session.catalog.final_message,
            rows=rows_of(session.catalog.exercises, session.mine.done, self.exercise.name),
            doing=self.doing if time.monotonic() >= self.busy_since + SLOW_CHECK else None,
            batch=self.batch,
            batch_of=self.batch_of,
            hints_shown=self.hints_shown,
            notes=tuple(note.text for note in self.notes),
            manual=self.manual,
            selected=self.selected,
        )

    def _draw(self) -> None:
        picture = self._picture()
        self.screen.draw(partial(paint, picture=picture), status(picture))


def run_watch(session: Session, *, timeout: float, fast: bool, manual_run: bool) -> int:
    """`typed-ai-rustlings watch`: the current exercise, rechecked on every save."""
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        which = "output" if not sys.stdout.isatty() else "input"
        print(
            f"watch mode needs a terminal, and its {which} is not one. Use "
            "`typed-ai-rustlings run` for one verdict or `typed-ai-rustlings verify` for "
            "every exercise; both print plain text.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    loop = WatchLoop(
        session,
        timeout=timeout,
        fast=fast,
        manual_run=manual_run,
        console=make_console(sys.stdout),
        timing=Timing.from_env(),
        trace=Trace.from_env(),
    )
    code = loop.run()
    if code == EXIT_INTERRUPTED:
        print("interrupted: your progress is saved and nothing was left half-written")
    else:
        print("bye: your progress is saved")
    return code
