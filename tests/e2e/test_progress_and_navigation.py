"""Progress shared with other processes, hints one level at a time, and the list: the real
watcher in a pseudo-terminal, with a second `typed-ai-rustlings` run beside it.

No test depends on how fast the machine is: each waits (generously) for what the screen or
the progress file must come to say.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable

import pytest

from tests.e2e import saves
from tests.e2e.harness import STATE_FILE, Course, Terminal

pytestmark = pytest.mark.e2e

ADD = "exercises/01_basics/add.py"
DOUBLE = "exercises/01_basics/double.py"
GREET = "exercises/02_more/greet.py"
PASS = r"press n to move on"
FAIL = r"not yet · save the file to check again"
KEYS_LINE = r"q quit"
EXTRA = 30


def _states(course: Course) -> dict[str, str]:
    code, out = course.command("list", "--json")
    assert code == 0, out
    data = json.loads(out)
    return {e["name"]: e["state"] for e in data["exercises"]}


def _current(course: Course) -> str:
    code, out = course.command("list", "--json")
    assert code == 0, out
    current = json.loads(out)["current"]
    assert isinstance(current, str)
    return current


def _wait_for(what: str, check: Callable[[], bool], timeout: float = 30.0) -> None:
    """Poll `check` until it holds."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"{what} did not happen within {timeout:.0f}s"
        time.sleep(0.1)


def _rerun(term: Terminal, verdict: str) -> None:
    """Press r and wait for the new verdict to be drawn."""
    term.send("r")
    term.expect(r"checking\.\.\.")
    term.expect(verdict)
    term.expect(KEYS_LINE)


def _fits(term: Terminal, rows: int, cols: int) -> list[str]:
    """The last frame, asserted to fit the terminal: the rows it takes once long lines wrap."""
    lines = term.frame()
    used = sum(max(1, math.ceil(len(line) / cols)) for line in lines)
    assert used <= rows, "\n".join(lines)
    return lines


def _with_extra_exercises(course: Course) -> None:
    """Thirty more exercises (copies of `add`), so the list is longer than a terminal."""
    original = course.read(ADD)
    catalog = course.path("exercises/info.toml")
    entries = []
    for number in range(1, EXTRA + 1):
        name = f"extra_{number:02d}"
        for folder in ("exercises", "exercises/.pristine", "solutions"):
            suffix = ".orig" if "pristine" in folder else ""
            target = course.path(f"{folder}/03_extra/{name}.py{suffix}")
            target.parent.mkdir(parents=True, exist_ok=True)
            source = course.solution(ADD) if folder == "solutions" else original
            target.write_text(source)
        entries.append(
            f'\n[[exercises]]\nname = "{name}"\ndir = "03_extra"\ntest = true\n'
            f'concept = "Copy {number} of add."\nhint = ["Look at what add returns."]\n'
            'expect = "return-value"\n'
        )
    catalog.write_text(catalog.read_text() + "".join(entries))


def test_a_reset_in_another_process_is_followed_not_undone_by_the_watcher(
    course: Course,
) -> None:
    saves.in_place(course.path(ADD), course.solution(ADD))
    with course.watching() as term:
        term.expect(PASS)
        term.send("n")
        term.expect(r"double  exercises/01_basics/double\.py")
        term.expect(r"double must multiply by two")
        assert _states(course)["add"] == "done"
        code, out = course.command("reset", "--yes", "add")
        assert code == 0, out
        assert "it is the current exercise now" in out
        assert _states(course)["add"] == "pending"
        # The watcher takes the reset in without being told: it opens the restored exercise.
        term.expect(r"add is current now")
        term.expect(r"error\[return-value\]")
        term.expect(FAIL)
        term.send("l")
        term.expect(r"> add +pending")
        term.send("\x1b")
        term.expect(r"add  exercises/01_basics/add\.py")
        _rerun(term, r"error\[return-value\]")
        assert _states(course)["add"] == "pending", "r marked the reset exercise done again"
        assert _current(course) == "add"
        # The same when `verify` is what corrected the state: add passes, the learner moves
        # on, add breaks behind the watcher's back and `verify` finds out.
        saves.in_place(course.path(ADD), course.solution(ADD))
        term.expect(PASS)
        _wait_for("add marked done", lambda: _states(course)["add"] == "done")
        term.send("n")
        term.expect(r"double  exercises/01_basics/double\.py")
        saves.in_place(course.path(ADD), course.read(f"exercises/.pristine/{ADD[10:]}.orig"))
        assert course.command("verify")[0] == 1
        assert _states(course)["add"] == "pending"
        term.expect(r"add is current now")
        term.expect(FAIL)
        _rerun(term, r"error\[return-value\]")
        assert _states(course)["add"] == "pending", "r marked the failing exercise done again"
        # And once the file really passes, the watcher may say so.
        saves.in_place(course.path(ADD), course.solution(ADD))
        term.expect(PASS)
        _wait_for("add marked done", lambda: _states(course)["add"] == "done")


def test_a_reset_of_the_current_exercise_elsewhere_shows_its_real_verdict(
    course: Course,
) -> None:
    saves.in_place(course.path(ADD), course.solution(ADD))
    with course.watching() as term:
        term.expect(r"what this taught: A function declared to return an int returns an int\.")
        term.expect(PASS)
        code, out = course.command("reset", "--yes", "add")
        assert code == 0, out
        term.expect(r"error\[return-value\]")
        term.expect(FAIL)  # the status line: the last of the frame
        frame = "\n".join(term.frame())
        assert "done:" not in frame and "press n to move on" not in frame, frame
        term.send("l")
        term.expect(r"> add +pending")
        term.send("\x1b")
        term.expect(r"add  exercises/01_basics/add\.py")
    assert _states(course)["add"] == "pending"


def test_the_list_fits_80x24_scrolls_and_enter_makes_an_exercise_current(
    course: Course,
) -> None:
    _with_extra_exercises(course)
    total = 3 + EXTRA
    with course.watching(rows=24, cols=80) as term:
        term.expect(FAIL)
        term.send("l")
        term.expect(rf"1-20 of {total}")
        lines = _fits(term, 24, 80)
        assert lines[0].startswith("[") and f"] 0/{total}" in lines[0]
        assert any(line.startswith("▶ > add ") for line in lines), lines
        term.send("k")  # already at the top: stays
        term.send("j" * 10 + "\x1b[B" * 15)  # down 25 rows: the list scrolls along
        term.expect(r"▶   extra_23 +pending")
        term.expect(rf"\d+-\d+ of {total}")
        lines = _fits(term, 24, 80)
        assert not any("▶ > add" in line for line in lines)
        term.send("\x1b[A" + "k")  # up two
        term.expect(r"▶   extra_21 +pending")
        term.send("\r")
        term.expect(r"extra_21  exercises/03_extra/extra_21\.py")
        term.expect(r"error\[return-value\]")
        _wait_for("extra_21 saved as current", lambda: _current(course) == "extra_21")
        # p goes back one, solved or not.
        term.send("p")
        term.expect(r"extra_20  exercises/03_extra/extra_20\.py")
        # Esc, q and l each close the list without moving (q does not quit from there).
        for close in ("\x1b", "q", "l"):
            term.send("l")
            term.expect(r"▶ > extra_20 +pending")
            term.send(close)
            term.expect(r"extra_20  exercises/03_extra/extra_20\.py")
            term.expect(KEYS_LINE)
        # An earlier exercise, solved: Enter goes back to it and shows it done.
        saves.in_place(course.path(ADD), course.solution(ADD))
        term.send("l")
        term.expect(r"▶ > extra_20")
        term.send("k" * 30 + "\r")
        term.expect(r"add  exercises/01_basics/add\.py")
        term.expect(PASS)
        term.send("p")
        term.expect(r"this is the first exercise")
    assert _current(course) == "add"
    assert _states(course)["add"] == "done"


def test_a_long_failing_verdict_keeps_the_name_on_screen(course: Course) -> None:
    broken = "".join(f'value_{n}: int = "not an int {n}"\n' for n in range(40))
    saves.in_place(
        course.path(ADD),
        course.learner(ADD, broken + "\n\ndef add(a: int, b: int) -> int:\n    return a + b\n"),
    )
    with course.watching(rows=24, cols=80) as term:
        term.expect(r"\.\.\. \d+ more lines")
        term.expect(KEYS_LINE)
        lines = _fits(term, 24, 80)
        assert lines[0].startswith("[") and "] 0/3" in lines[0]
        assert lines[1].startswith("add  exercises/01_basics/add.py")
        assert lines[2].startswith("error[assignment]")
        term.send("h")
        term.expect(r"hint 1/3: Look at what add returns\.")
        term.expect(KEYS_LINE)
        lines = _fits(term, 24, 80)
        assert lines[1].startswith("add  exercises/01_basics/add.py")


def test_hints_come_one_level_at_a_time_and_are_remembered(course: Course) -> None:
    with course.watching() as term:
        term.expect(FAIL)
        term.send("h")
        term.expect(r"hint 1/3: Look at what add returns\.")
        _wait_for("hint level saved", lambda: "hints" in course.read(STATE_FILE))
    assert course.state()["tracks"] == {
        "exercises": {"current": "add", "done": [], "hints": {"add": 1}}
    }
    code, out = course.command("hint")
    assert code == 0
    assert "hint 2/3: str(...) is not an int." in out
    assert "hint 3/3" not in out
    with course.watching() as term:
        term.expect(FAIL)
        term.send("h")
        term.expect(r"hint 1/3: Look at what add returns\.")
        term.expect(r"hint 2/3: str\(\.\.\.\) is not an int\.")
        term.expect(r"hint 3/3: Return a \+ b\.")
        term.send("h")
        term.expect(r"that was the last hint")


def test_the_reset_notice_goes_with_the_next_verdict(course: Course) -> None:
    mine = course.learner(ADD, "def add(a: int, b: int) -> int:\n    return 0  # my attempt\n")
    saves.in_place(course.path(ADD), mine)
    with course.watching() as term:
        term.expect(r"assert add\(2, 3\) == 5")
        term.send("x")
        term.expect(r"\[y/n\]")
        term.send("y")
        term.expect(r"error\[return-value\]")
        term.expect(r"your copy was saved to")
        term.expect(KEYS_LINE)
        assert "your copy was saved to" in "\n".join(term.frame()), "shown with its verdict"
        saves.in_place(course.path(ADD), course.solution(ADD))
        term.expect(PASS)
        term.expect(KEYS_LINE)
        assert "your copy was saved to" not in "\n".join(term.frame())


def test_deleting_the_exercise_file_does_not_leave_done_on_screen(course: Course) -> None:
    saves.in_place(course.path(ADD), course.solution(ADD))
    with course.watching() as term:
        term.expect(PASS)
        course.path(ADD).unlink()
        term.expect(r"is missing: `typed-ai-rustlings reset add` restores it")
        term.expect(KEYS_LINE)
        frame = "\n".join(term.frame())
        assert "done:" not in frame and "press n to move on" not in frame, frame
        _wait_for("add marked pending", lambda: _states(course)["add"] == "pending")
        saves.in_place(course.path(ADD), course.solution(ADD))
        term.expect(PASS)


def test_no_n_moves_on_once_everything_passed(course: Course) -> None:
    course.path(STATE_FILE).write_text(
        json.dumps(
            {"version": 1, "tracks": {"exercises": {"current": "double", "done": ["add", "greet"]}}}
        )
    )
    with course.watching() as term:
        term.expect(r"double must multiply by two")
        saves.in_place(course.path(DOUBLE), course.solution(DOUBLE))
        term.expect(r"Fixture course complete: every exercise passes\.")
        term.expect(r"all exercises done")
        saves.in_place(course.path(ADD), course.solution(ADD))  # another exercise's file
        term.expect(r"you saved exercises/01_basics/add\.py")
        term.send("n")
        term.expect(r"Fixture course complete")
        term.expect(KEYS_LINE)
        assert "n moves on once" not in term.text
