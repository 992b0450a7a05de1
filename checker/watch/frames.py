"""What one frame of the watcher shows, as a pure function of the watcher's state."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rich.console import Console
from rich.text import Text

from checker.catalog import Exercise
from checker.course import Course
from checker.render import exercise_lines, path_link, progress_bar, render_verdict
from checker.verdict import Verdict

View = Literal["verdict", "list", "all"]
Activity = Literal["idle", "checking", "checking-all", "confirm-reset"]

KEYS = "n next · h hint · l list · c check all · r rerun · x reset · q quit"


@dataclass(frozen=True)
class Picture:
    course: Course
    exercise: Exercise
    verdict: Verdict | None
    view: View
    activity: Activity
    done: int
    total: int
    finished: bool
    final_message: str
    rows: tuple[tuple[str, str, str, bool], ...]
    batch: tuple[Verdict, ...]
    hints_shown: int
    notes: tuple[Text, ...]
    manual: bool


def paint(console: Console, picture: Picture) -> None:
    """Everything above the status line."""
    if picture.view == "list":
        _list(console, picture)
    elif picture.view == "all":
        _all(console, picture)
    else:
        _verdict(console, picture)
    for level, hint in enumerate(picture.exercise.hints[: picture.hints_shown], 1):
        line = Text(f"hint {level}/{len(picture.exercise.hints)}: ", style="cyan")
        console.print(line + Text(hint))
    for note in picture.notes:
        console.print(note)
    console.print(Text("─" * max(10, console.width - 1), style="dim"))
    console.print(Text(KEYS, style="dim"))


def status(picture: Picture) -> Text:
    """The last line: what the watcher is doing, or what the learner can do next."""
    if picture.activity == "confirm-reset":
        return Text(
            f"reset {picture.exercise.relative_path} to its original? "
            "your copy is backed up first [y/n] ",
            style="bold yellow",
        )
    if picture.activity == "checking":
        return Text("checking...", style="yellow")
    if picture.activity == "checking-all":
        return Text(f"checking all {picture.total} exercises...", style="yellow")
    if picture.verdict is None:
        return Text("press r to check" if picture.manual else "waiting for a save")
    if picture.verdict.passed:
        if picture.finished:
            return Text("all exercises done · q quits", style="bold green")
        return Text("done · press n for the next exercise", style="bold green")
    if picture.manual:
        return Text("not yet · save your fix, then press r to check", style="red")
    return Text("not yet · save the file to check again", style="red")


def _header(console: Console, picture: Picture) -> None:
    console.print(progress_bar(picture.done, picture.total))
    header = Text(f"{picture.exercise.name}  ", style="bold")
    header.append_text(path_link(picture.course, picture.exercise.path))
    console.print(header)


def _verdict(console: Console, picture: Picture) -> None:
    verdict = picture.verdict
    if verdict is None:
        _header(console, picture)
        console.print(Text(picture.exercise.concept, style="dim"))
        return
    render_verdict(console, picture.course, verdict, done=picture.done, total=picture.total)
    if verdict.passed:
        _after_pass(console, picture)


def _after_pass(console: Console, picture: Picture) -> None:
    if picture.finished:
        console.print()
        console.print(Text(picture.final_message.strip(), style="bold green"))
    else:
        console.print(Text("press n to move on to the next exercise", style="bold"))


def _list(console: Console, picture: Picture) -> None:
    console.print(progress_bar(picture.done, picture.total))
    console.print(exercise_lines(picture.rows), end="")
    console.print(Text("press l to go back to the current exercise", style="dim"))


def _all(console: Console, picture: Picture) -> None:
    console.print(progress_bar(picture.done, picture.total))
    for verdict in picture.batch:
        mark = Text("  ok    ", style="green") if verdict.passed else Text("  FAIL  ", "bold red")
        console.print(mark + Text(verdict.exercise.relative_path))
    passed = sum(v.passed for v in picture.batch)
    console.print(Text(f"check all: {passed}/{len(picture.batch)} pass", style="bold"))
    if picture.finished:
        console.print(Text(picture.final_message.strip(), style="bold green"))
    else:
        line = Text("current exercise: ")
        line.append_text(path_link(picture.course, picture.exercise.path))
        console.print(line)
        console.print(Text("press r to see its verdict", style="dim"))


def rows_of(
    exercises: Sequence[Exercise], done: set[str], current: str
) -> tuple[tuple[str, str, str, bool], ...]:
    return tuple(
        (e.name, e.dir, "done" if e.name in done else "pending", e.name == current)
        for e in exercises
    )
