"""Watch-mode frames fit the terminal: the header and the keys stay, the verdict is clipped."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from checker import testrun
from checker.course import Course
from checker.outcome import ChecksFailed, Passed
from checker.verdict import Verdict
from checker.watch.frames import KEYS, Picture, View, paint
from tests.checker.test_render_frames import exercise


def _picture(tmp_path: Path, verdict: Verdict, *, view: View = "verdict") -> Picture:
    return Picture(
        course=Course(tmp_path),
        exercise=verdict.exercise,
        verdict=verdict,
        view=view,
        activity="idle",
        done=0,
        total=1,
        finished=False,
        final_message="all done",
        rows=(("ex", "01_x", "pending", True),),
        batch=(),
        hints_shown=1,
        notes=(),
        manual=False,
    )


def _painted(picture: Picture, rows: int, cols: int) -> list[str]:
    console = Console(file=io.StringIO(), width=cols, height=rows, no_color=True, soft_wrap=True)
    with console.capture() as capture:
        paint(console, picture)
    return capture.get().rstrip("\n").split("\n")


def test_a_long_failure_is_clipped_below_the_header(tmp_path: Path) -> None:
    message = "\n".join(f"line {n} of a long failure " + "x" * 70 for n in range(60))
    report = testrun.TestReport(
        "failed", (testrun.TestFailure("ex.py::test_it", message),), "", 0.5
    )
    verdict = Verdict(exercise(tmp_path), "h", ChecksFailed(report), "x = 1\n")
    lines = _painted(_picture(tmp_path, verdict), 24, 80)
    rows = sum(max(1, -(-len(line) // 80)) for line in lines)
    assert rows <= 23, "one row is left for the status line"
    assert lines[0].startswith("[") and lines[1].startswith("ex  exercises/01_x/ex.py")
    assert any(line.startswith("... ") and line.endswith(" more lines") for line in lines)
    assert lines[-3] == "hint 1/1: h", "a hint asked for stays visible"
    assert lines[-1] == KEYS


def test_a_pass_says_what_the_exercise_taught(tmp_path: Path) -> None:
    verdict = Verdict(exercise(tmp_path), "h", Passed(None), "x = 1\n")
    text = "\n".join(_painted(_picture(tmp_path, verdict), 40, 120))
    assert "what this taught: c" in text
    assert "press n to move on to the next exercise" in text
    assert "more line" not in text
