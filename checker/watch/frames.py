"""What one frame of the watcher shows, as a pure function of the watcher's state.

A frame always fits the terminal: the progress bar and the exercise's name stay on the first
lines and the keys on the last, and whatever is too long in between (a long verdict, the
exercise list) is clipped or scrolled, with a line saying how much is not shown.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text

from checker.catalog import Exercise
from checker.course import Course
from checker.outcome import headline
from checker.render import learned, path_link, progress_bar, render_verdict
from checker.verdict import Verdict

View = Literal["verdict", "list", "all"]
Activity = Literal["idle", "checking", "checking-all", "confirm-reset"]

KEYS = "n next · p back · h hint · l list · c check all · r rerun · x reset · q quit"
LIST_KEYS = "↑/↓ or j/k select · Enter go there · Esc or q close"

Row = tuple[str, str, str, bool]
"""One exercise in the list: name, topic, state, whether it is the current one."""


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
    rows: tuple[Row, ...]
    batch: tuple[Verdict, ...]
    """The verdicts of the last check of every exercise reached so far, in any order."""
    hints_shown: int
    notes: tuple[Text, ...]
    manual: bool
    selected: int = 0
    """The row the list's cursor is on."""
    doing: str | None = None
    """What a slow check in flight is waiting on."""
    batch_of: tuple[Exercise, ...] = ()
    """The exercises that check judges, in learning order."""


class _Lines(Console):
    """A console that keeps what is printed on it as lines of text, so a frame can measure a
    verdict before deciding how much of it fits."""

    def __init__(self, width: int) -> None:
        super().__init__(file=io.StringIO(), width=width, markup=False, highlight=False)
        self._buffer_text = Text()

    def print(
        self,
        *objects: object,
        sep: str = " ",
        end: str = "\n",
        style: str | Style | None = None,
        **options: object,
    ) -> None:
        parts = [o if isinstance(o, Text) else Text(str(o)) for o in objects]
        text = Text(sep).join(parts)
        if style is not None:
            text.stylize(style)
        self._buffer_text.append_text(text)
        self._buffer_text.append(end)

    def lines(self) -> list[Text]:
        return _split(self._buffer_text)


def _split(text: Text) -> list[Text]:
    lines = list(text.split("\n", allow_blank=True))
    return lines[:-1] if lines and not lines[-1].plain else lines


def _rows(line: Text, width: int) -> int:
    """Terminal rows a line takes once the terminal wraps it (lines are printed soft-wrapped)."""
    return max(1, math.ceil(cell_len(line.plain) / max(1, width)))


def _total(lines: Sequence[Text], width: int) -> int:
    return sum(_rows(line, width) for line in lines)


def _clip(lines: Sequence[Text], room: int, width: int, *, what: str = "line") -> list[Text]:
    """As many lines as fit in `room` rows, the last row saying how many more there are."""
    if _total(lines, width) <= room:
        return list(lines)
    kept: list[Text] = []
    used = 0
    for line in lines:
        rows = _rows(line, width)
        if used + rows > room - 1:
            break
        kept.append(line)
        used += rows
    hidden = len(lines) - len(kept)
    if room <= 0:
        return []
    kept.append(Text(f"... {hidden} more {what}{'s' if hidden != 1 else ''}", style="dim"))
    return kept


def _print(console: Console, lines: Sequence[Text]) -> None:
    for line in lines:
        console.print(line)


def paint(console: Console, picture: Picture) -> None:
    """Everything above the status line, in at most the terminal's height minus one rows."""
    width = console.width
    room = max(4, console.height - 1)
    if picture.view == "list":
        _list(console, picture, room)
        return
    top, body, after = _all(picture) if picture.view == "all" else _verdict(picture, width)
    tail: list[Text] = []
    for level, hint in enumerate(picture.exercise.hints[: picture.hints_shown], 1):
        line = Text(f"hint {level}/{len(picture.exercise.hints)}: ", style="cyan")
        tail.extend(_split(line + Text(hint)))
    for note in picture.notes:
        tail.extend(_split(note))
    keys = [Text("─" * max(10, width - 1), style="dim"), Text(KEYS, style="dim")]
    # The header and the keys always show; the verdict body gets what is left, but at
    # least two rows (the first line of the trouble and the count of the rest).
    fixed = _total(top, width) + _total(after, width) + _total(keys, width)
    body_room = max(min(2, len(body)), room - fixed - _total(tail, width))
    body = _clip(body, body_room, width)
    tail = _clip(tail, room - fixed - _total(body, width), width)
    _print(console, [*top, *body, *after, *tail, *keys])


def status(picture: Picture) -> Text:
    """The last line: what the watcher is doing, or what the learner can do next."""
    if picture.activity == "confirm-reset":
        return Text(
            f"reset {picture.exercise.relative_path} to its original? "
            "your copy is backed up first [y/n] ",
            style="bold yellow",
        )
    if picture.activity == "checking":
        return Text(f"checking: {picture.doing}..." if picture.doing else "checking...", "yellow")
    if picture.activity == "checking-all":
        judged = f": {len(picture.batch)} judged" if picture.batch else ""
        return Text(f"checking all {picture.total} exercises{judged}...", style="yellow")
    if picture.view == "list":
        return Text("pick an exercise: Enter makes it the current one", style="dim")
    if picture.verdict is None:
        return Text("press r to check" if picture.manual else "waiting for a save")
    if picture.verdict.passed:
        if picture.finished:
            return Text("all exercises done · q quits", style="bold green")
        return Text("done · press n for the next exercise", style="bold green")
    # What to do first, then why: a narrow terminal cuts the end of the line.
    why = headline(picture.verdict.outcome)
    if picture.manual:
        return Text(f"not yet · save your fix, then press r to check · {why}", style="red")
    return Text(f"not yet · save the file to check again · {why}", style="red")


def _header(picture: Picture) -> list[Text]:
    header = Text(f"{picture.exercise.name}  ", style="bold")
    header.append_text(path_link(picture.course, picture.exercise.path))
    return [progress_bar(picture.done, picture.total), header]


Parts = tuple[list[Text], list[Text], list[Text]]
"""A view's lines: the header (always shown), the body (clipped to fit), what follows it
(always shown)."""


def _verdict(picture: Picture, width: int) -> Parts:
    verdict = picture.verdict
    if verdict is None:
        return _header(picture), [Text(picture.exercise.concept, style="dim")], []
    drawn = _Lines(width)
    render_verdict(drawn, picture.course, verdict, done=picture.done, total=picture.total)
    lines = drawn.lines()
    top, body = lines[:2], lines[2:]
    after: list[Text] = []
    if verdict.passed:
        after.append(learned(picture.course, picture.exercise))
        if picture.finished:
            after.append(Text())
            after.extend(_split(Text(picture.final_message.strip(), style="bold green")))
        else:
            after.append(Text("press n to move on to the next exercise", style="bold"))
    return top, body, after


def _list(console: Console, picture: Picture, room: int) -> None:
    """The exercises around the selected one, as many as fit; the cursor row highlighted."""
    width = console.width
    rows = picture.rows
    window = max(1, room - 3)
    selected = min(max(picture.selected, 0), max(len(rows) - 1, 0))
    start = min(max(0, selected - window // 2), max(0, len(rows) - window))
    shown = rows[start : start + window]
    name_width = max((len(name) for name, _, _, _ in rows), default=0)
    lines = [progress_bar(picture.done, picture.total)]
    for offset, (name, topic, state, current) in enumerate(shown):
        here = start + offset == selected
        line = Text("▶ " if here else "  ", style="bold")
        line.append("> " if current else "  ", style="bold yellow")
        line.append(f"{name:<{name_width}}  ")
        line.append(f"{state:<8}", style={"done": "green", "pending": "dim"}.get(state, ""))
        line.append(f"  {topic}", style="dim")
        line.truncate(max(10, width - 1), overflow="ellipsis")
        if here:
            line.stylize("reverse")
        lines.append(line)
    lines.append(Text("─" * max(10, width - 1), style="dim"))
    where = f" · {start + 1}-{start + len(shown)} of {len(rows)}" if len(shown) < len(rows) else ""
    footer = Text(LIST_KEYS + where, style="dim")
    footer.truncate(max(10, width - 1), overflow="ellipsis")
    lines.append(footer)
    _print(console, lines)


def _all(picture: Picture) -> Parts:
    top = [progress_bar(picture.done, picture.total)]
    body: list[Text] = []
    reached = {verdict.exercise.name: verdict for verdict in picture.batch}
    for exercise in picture.batch_of:
        verdict = reached.get(exercise.name)
        if verdict is None:
            mark = Text("  ...   ", style="dim")
        elif verdict.passed:
            mark = Text("  ok    ", style="green")
        else:
            mark = Text("  FAIL  ", style="bold red")
        body.append(mark + Text(exercise.relative_path))
    passed = sum(v.passed for v in picture.batch)
    if picture.activity == "checking-all":
        counted = f"checking all: {len(picture.batch)} of {len(picture.batch_of)} judged"
        summary = [Text(f"{counted}, {passed} pass", style="bold")]
        return top, body, summary
    summary = [Text(f"check all: {passed}/{len(picture.batch)} pass", style="bold")]
    if picture.finished:
        summary.extend(_split(Text(picture.final_message.strip(), style="bold green")))
    else:
        line = Text("current exercise: ")
        line.append_text(path_link(picture.course, picture.exercise.path))
        summary.append(line)
        summary.append(Text("press r to see its verdict", style="dim"))
    return top, body, summary


def rows_of(exercises: Sequence[Exercise], done: set[str], current: str) -> tuple[Row, ...]:
    return tuple(
        (e.name, e.dir, "done" if e.name in done else "pending", e.name == current)
        for e in exercises
    )
