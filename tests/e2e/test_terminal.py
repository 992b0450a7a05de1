"""The terminal, the keys, and the ways out: nothing lost, nothing left running, tty restored."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e import saves
from tests.e2e.harness import SGR, STATE_FILE, Course, Terminal, command

pytestmark = pytest.mark.e2e

ADD = "exercises/01_basics/add.py"
PASS = r"press n to move on"
FAIL = r"not yet · save the file to check again"
SPIN_AT_IMPORT = (
    "import itertools\n\n\ndef _spin() -> None:\n"
    "    print('spinning', flush=True)\n"
    "    for _ in itertools.count():\n        pass\n\n\n_spin()\n\n\n"
    "def add(a: int, b: int) -> int:\n    return a + b\n"
)


def _in_shell(course: Course, *args: str) -> Terminal:
    """watch started from a shell that prints the tty settings before and after it."""
    line = shlex.join([*command(), "watch", *args])
    script = f'stty -g; echo BEFORE; {line}; echo "EXIT=$?"; stty -g; echo AFTER'
    return Terminal(["bash", "--norc", "-c", script], cwd=course.root, env=course.env())


def _assert_tty_restored(term: Terminal) -> None:
    before = re.search(r"(\S+)\nBEFORE", term.text)
    after = term.expect(r"(\S+)\nAFTER", timeout=10)
    assert before is not None
    assert after.group(1) == before.group(1)


def _helpers_of(course: Course) -> dict[int, str]:
    """Live processes started for this course (mypy daemon, fork server), by pid."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if str(course.root) in cmdline or str(course.cache) in cmdline:
            found[int(entry.name)] = cmdline
    return found


def _assert_no_helpers_left(course: Course) -> None:
    """Everything the watcher started is gone (promptly: it is stopped, not left to time out)."""
    deadline = time.monotonic() + 2
    while _helpers_of(course) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _helpers_of(course)


def _state_is_whole(course: Course) -> dict[str, object]:
    leftovers = [p.name for p in course.root.iterdir() if p.name.endswith(".tmp")]
    assert not leftovers
    data: object = json.loads(course.path(STATE_FILE).read_text())
    assert isinstance(data, dict)
    return data


def test_q_quits_restoring_the_terminal_and_stopping_the_helpers(course: Course) -> None:
    term = _in_shell(course)
    try:
        term.expect(r"error\[return-value\]", timeout=30)
        term.send("q")
        term.expect(r"bye: your progress is saved")
        term.expect(r"EXIT=0")
        _assert_tty_restored(term)
        assert term.wait_exit() == 0
    finally:
        term.kill()
    _assert_no_helpers_left(course)


def _watcher_pid(shell: Terminal) -> int:
    """The watch process the test's shell started."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        children = Path(f"/proc/{shell.pid}/task/{shell.pid}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.05)
    raise AssertionError("the shell started no watcher")


def test_sigterm_and_suspend_restore_the_terminal(course: Course) -> None:
    term = _in_shell(course)
    try:
        term.expect(r"error\[return-value\]", timeout=30)
        term.expect(FAIL)
        watcher = _watcher_pid(term)
        # Ctrl-Z stops the watcher (the terminal is given back first); SIGCONT redraws it.
        term.send("\x1a")
        deadline = time.monotonic() + 5
        while "T (stopped)" not in Path(f"/proc/{watcher}/status").read_text():
            assert time.monotonic() < deadline, "Ctrl-Z did not stop the watcher"
            time.sleep(0.05)
        os.kill(watcher, signal.SIGCONT)
        term.expect(r"error\[return-value\]")
        term.send("h")
        term.expect(r"hint 1/3")
        os.kill(watcher, signal.SIGTERM)
        term.expect(r"EXIT=143")
        _assert_tty_restored(term)
        term.wait_exit()
        assert "Traceback (most recent call last)" not in term.text
    finally:
        term.kill()
    _assert_no_helpers_left(course)
    _state_is_whole(course)


def test_ctrl_c_during_a_check_is_a_clean_exit(course: Course) -> None:
    saves.in_place(course.path("exercises/01_basics/add.py"), course.solution(ADD))
    term = _in_shell(course, "--timeout", "20")
    try:
        term.expect(PASS, timeout=30)
        saves.in_place(course.path(ADD), course.learner(ADD, SPIN_AT_IMPORT))
        term.expect(r"checking\.\.\.")
        time.sleep(0.5)
        term.interrupt()
        term.expect(r"interrupted: your progress is saved", timeout=10)
        term.expect(r"EXIT=130")
        _assert_tty_restored(term)
        term.wait_exit()
        assert "Traceback (most recent call last)" not in term.text
    finally:
        term.kill()
    state = _state_is_whole(course)
    assert state["tracks"] == {"exercises": {"current": "add", "done": ["add"]}}
    assert "_spin()" in course.read(ADD)
    # The fork server's check in flight is stopped too, not left to run out its time limit.
    _assert_no_helpers_left(course)


def test_reset_asks_and_keeps_a_backup(course: Course) -> None:
    mine = course.learner(ADD, "def add(a: int, b: int) -> int:\n    return 0  # my attempt\n")
    saves.in_place(course.path(ADD), mine)
    with course.watching() as term:
        term.expect(r"assert add\(2, 3\) == 5")
        term.send("x")
        term.expect(r"reset exercises/01_basics/add\.py to its original\? .*\[y/n\]")
        term.send("n")
        term.expect(r"not reset: nothing was changed")
        assert course.read(ADD) == mine
        term.send("x")
        term.expect(r"\[y/n\]")
        term.send("y")
        found = term.expect(r"your copy was saved to (\.typed-ai-rustlings/backups/\S+)")
        term.expect(r"error\[return-value\]")
        assert course.read(ADD) == course.read("exercises/.pristine/01_basics/add.py.orig")
        assert course.path(found.group(1)).read_text() == mine
        # A second reset keeps both copies.
        saves.in_place(course.path(ADD), mine.replace("my attempt", "second attempt"))
        term.expect(r"assert add\(2, 3\) == 5")
        term.send("x")
        term.expect(r"\[y/n\]")
        term.send("y")
        term.expect(r"your copy was saved to")
        backups = sorted(course.path(".typed-ai-rustlings/backups").rglob("add.py"))
        assert len(backups) == 2


def test_ctrl_c_at_the_reset_question_changes_nothing(course: Course) -> None:
    term = course.spawn("watch")
    try:
        term.expect(FAIL, timeout=30)
        term.send("x")
        term.expect(r"\[y/n\]")
        term.interrupt()
        term.expect(r"interrupted")
        assert term.wait_exit() == 130
    finally:
        term.kill()
    assert course.read(ADD) == course.read("exercises/.pristine/01_basics/add.py.orig")
    assert not course.path(".typed-ai-rustlings").exists()
    _state_is_whole(course)


def test_resize_redraws_at_the_new_width(course: Course) -> None:
    with course.watching() as term:
        term.expect(FAIL)
        term.resize(30, 70)
        term.expect(r"error\[return-value\]")
        rule = term.expect(r"─+").group(0)
        assert len(rule) == 69
        term.resize(30, 120)
        term.expect(r"error\[return-value\]")
        assert len(term.expect(r"─+").group(0)) == 119


def test_without_a_terminal_watch_refuses_and_points_to_run_and_verify(course: Course) -> None:
    for args in (["watch"], []):
        done = subprocess.run(
            [*command(), *args],
            cwd=course.root,
            env=course.env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2, done
        assert "needs a terminal" in done.stderr
        assert "typed-ai-rustlings run" in done.stderr
        assert "typed-ai-rustlings verify" in done.stderr
        assert "Traceback" not in done.stderr


def test_no_color_means_no_colour_codes(course: Course) -> None:
    with course.watching() as term:
        term.expect(FAIL)
        assert not SGR.search(term.raw), term.raw[:2000]
    coloured = course.env(NO_COLOR="")
    with course.watching(env=coloured) as term:
        term.expect(FAIL)
        assert SGR.search(term.raw)


def test_keys_hint_list_next_and_check_all(course: Course) -> None:
    with course.watching() as term:
        term.expect(FAIL)
        term.send("n")
        term.expect(r"n moves on once this exercise passes")
        term.send("h")
        term.expect(r"hint 1/3: Look at what add returns\.")
        term.send("h")
        term.expect(r"hint 2/3: str\(\.\.\.\) is not an int\.")
        term.send("l")
        term.expect(r"> add +pending")
        term.expect(r"  double +pending")
        term.send("l")
        term.expect(r"error\[return-value\]")
        saves.in_place(
            course.path("exercises/01_basics/double.py"),
            course.solution("exercises/01_basics/double.py"),
        )
        term.send("c")
        term.expect(r"checking all 3 exercises")
        term.expect(r"FAIL  exercises/01_basics/add\.py")
        term.expect(r"ok    exercises/01_basics/double\.py")
        term.expect(r"check all: 1/3 pass")
        saves.in_place(course.path(ADD), course.solution(ADD))
        term.expect(PASS)
        term.send("n")
        # double is done already, so the next pending exercise is greet.
        term.expect(r"greet  exercises/02_more/greet\.py")
        term.expect(r"error\[operator\]")
    tracks = course.state()["tracks"]
    assert tracks == {
        "exercises": {"current": "greet", "done": ["add", "double"], "hints": {"add": 2}}
    }


def test_the_last_exercise_shows_the_final_message(course: Course) -> None:
    course.path(STATE_FILE).write_text(
        json.dumps(
            {"version": 1, "tracks": {"exercises": {"current": "greet", "done": ["add", "double"]}}}
        )
    )
    greet = "exercises/02_more/greet.py"
    with course.watching() as term:
        term.expect(r"error\[operator\]")
        saves.temp_then_rename(course.path(greet), course.solution(greet))
        term.expect(r"Fixture course complete: every exercise passes\.")
        term.expect(r"all exercises done")


def test_challenges_track(course: Course) -> None:
    challenge = "challenges/01_paper/challenge.py"
    with course.watching("--track", "challenges") as term:
        term.expect(r"paper_scale  challenges/01_paper/challenge\.py")
        term.expect(r"error\[")
        saves.in_place(
            course.path(challenge), course.read("solutions/challenges/01_paper/challenge.py")
        )
        term.expect(r"Fixture challenges complete\.")


def test_no_daemon_uses_plain_processes(course: Course) -> None:
    earlier = set(_helpers_of(course))
    with course.watching("--no-daemon") as term:
        term.expect(r"error\[return-value\]")
        saves.in_place(course.path(ADD), course.solution(ADD))
        term.expect(PASS)
        started = [c for pid, c in _helpers_of(course).items() if pid not in earlier]
        assert not [c for c in started if "dmypy" in c or "forkparent" in c], started


def test_a_course_never_prepared_is_prepared_once_in_sight(course: Course, tmp_path: Path) -> None:
    """A clone's first launch does `init`'s preparation in the foreground, saying so; later
    launches find it done."""
    env = course.env(XDG_CACHE_HOME=str(tmp_path / "never-used"))
    with course.watching(env=env) as term:
        term.expect(r"preparing mypy and pytest \(once\)")
        term.expect(r"ready \(\d+ s\)", timeout=120)
        term.expect(r"error\[return-value\]")
    with course.watching(env=env) as term:
        term.expect(r"error\[return-value\]")
        assert "preparing mypy" not in term.text
