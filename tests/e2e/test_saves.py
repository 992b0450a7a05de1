"""Every way a learner's editor saves is seen, once, and the verdict is for what was saved."""

from __future__ import annotations

import hashlib
import time

import pytest

from tests.e2e import saves
from tests.e2e.harness import Course

pytestmark = pytest.mark.e2e

ADD = "exercises/01_basics/add.py"
PASS = r"press n to move on"
BROKEN = r"error\[return-value\]"
DEBOUNCE = 0.15  # TYPED_AI_RUSTLINGS_DEBOUNCE_MS in the harness environment
SLACK = 0.35  # scheduling on a busy 2-core machine


def _times(course: Course, word: str) -> list[float]:
    return [float(line.split()[0]) for line in course.log_lines(word)]


@pytest.mark.parametrize("style", sorted(saves.STYLES))
def test_each_save_style_is_checked_within_one_debounce(course: Course, style: str) -> None:
    if style.startswith("vim") and not saves.have_vim():
        pytest.skip("vim is not installed")
    save = saves.STYLES[style]
    path = course.path(ADD)
    broken = course.read(ADD)
    with course.watching() as term:
        term.expect(BROKEN)
        for round_number, text in enumerate((course.solution(ADD), broken, course.solution(ADD))):
            starts = len(_times(course, "check start"))
            save(path, text)
            term.expect(PASS if round_number % 2 == 0 else BROKEN)
            checks = _times(course, "check start")[starts:]
            assert len(checks) == 1, course.log.read_text()
            events = [t for t in _times(course, "event saved") if t <= checks[0]]
            assert events, course.log.read_text()
            # The check starts within one debounce of the last event of the save.
            assert checks[0] - events[-1] <= DEBOUNCE + SLACK, course.log.read_text()


def test_a_save_that_changes_nothing_is_not_rechecked(course: Course) -> None:
    path = course.path(ADD)
    with course.watching() as term:
        term.expect(BROKEN)
        term.expect(r"save the file to check again")
        saves.in_place(path, course.read(ADD))
        saves.temp_then_rename(path, course.read(ADD))
        path.touch()
        term.settle(1.0)
        assert len(course.log_lines("check start")) == 1, course.log.read_text()
        assert len(course.log_lines("check skipped, unchanged")) >= 1, course.log.read_text()
        # A real change after that is still seen.
        saves.in_place(path, course.solution(ADD))
        term.expect(PASS)
        assert len(course.log_lines("check start")) == 2


def test_fifty_saves_in_one_second_check_the_last_content_once_or_twice(course: Course) -> None:
    path = course.path(ADD)
    versions = [
        course.learner(
            ADD,
            f"def add(a: int, b: int) -> int:\n    return a + b + value_{number}\n",
        )
        for number in range(1, 50)
    ]
    versions.append(course.solution(ADD))
    index = {hashlib.sha256(text.encode()).hexdigest()[:12]: n for n, text in enumerate(versions)}
    with course.watching() as term:
        term.expect(BROKEN)
        term.expect(r"save the file to check again")
        before = len(course.log_lines("check start"))
        shown_before = len(course.log_lines("verdict shown"))
        written: list[float] = []
        started = time.monotonic()
        for number, text in enumerate(versions):
            saves.in_place(path, text)
            written.append(time.monotonic())
            time.sleep(max(0.0, started + (number + 1) / 50 - time.monotonic()))
        assert written[-1] - started < 1.2
        term.expect(PASS)
        term.settle(1.0)
        log = course.log.read_text()
        runs = course.log_lines("check start")[before:]
        assert 1 <= len(runs) <= 2, log
        shown = [line.split() for line in course.log_lines("verdict shown")[shown_before:]]
        # The last content wins ...
        assert shown[-1][3] == hashlib.sha256(versions[-1].encode()).hexdigest()[:12], log
        # ... and no verdict was shown after a newer save had landed (stale ones are dropped).
        for fields in shown:
            version = index[fields[3]]
            if version + 1 < len(versions):
                assert float(fields[0]) < written[version + 1] + 0.005, log
        assert not term.text[term.pos :].count("value_"), term.text[term.pos :]


def test_saving_another_exercise_does_not_switch(course: Course) -> None:
    other = "exercises/01_basics/double.py"
    elsewhere = "exercises/02_more/greet.py"
    with course.watching() as term:
        term.expect(BROKEN)
        saves.in_place(course.path(other), course.solution(other))
        term.expect(r"you saved exercises/01_basics/double\.py; the current exercise is still add")
        saves.in_place(course.path(elsewhere), course.solution(elsewhere))
        term.settle(0.8)
        assert "double" not in [line.split()[-1] for line in course.log_lines("move to")]
        assert all(" add " in line for line in course.log_lines("check start"))
        term.send("l")
        term.expect(r"> add ")
        term.send("\x1b")  # Esc closes the list (so does q: the block's q then quits)
        term.expect(r"add  exercises/01_basics/add\.py")
        state = course.state()
        tracks = state["tracks"]
        assert isinstance(tracks, dict)
        assert tracks["exercises"]["current"] == "add"


def test_manual_run_checks_only_on_r(course: Course) -> None:
    path = course.path(ADD)
    with course.watching("--manual-run") as term:
        term.expect(BROKEN)
        term.expect(r"save your fix, then press r to check")
        saves.in_place(path, course.solution(ADD))
        term.expect(r"the exercise file changed: press r to check it", timeout=5)
        assert len(course.log_lines("check start")) == 1
        term.send("r")
        term.expect(PASS)


def test_a_save_without_any_event_is_noticed(course: Course) -> None:
    path = course.path(ADD)
    with course.watching() as term:
        term.expect(BROKEN)
        term.expect(r"save the file to check again")
        silent = saves.SilentWrite(path)
        try:
            # `str(a + b)` becomes `int(a + b)`, which mypy accepts.
            silent.replace(b"return str(a + b)", b"return int(a + b)")
            term.expect(r"sent no change event", timeout=6)
            term.expect(r"--manual-run")
            assert len(course.log_lines("check start")) == 1, course.log.read_text()
            term.send("r")
            term.expect(PASS)
        finally:
            silent.close()
