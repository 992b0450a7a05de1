"""The real command against hostile code, broken installs, read-only checkouts and Ctrl-C."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.checker.conftest import CourseCopy, Result

WRAP = "exercises/01_types/wrap_the_id.py"
DOUBLE = "exercises/02_runtime/double_it.py"
TYPES_ONLY = "exercises/01_types/types_only.py"
STATE = ".typed-ai-rustlings-state.json"
CHECKER_TRACEBACK = 'File "' + str(Path(__file__).parents[2] / "checker")


def with_env(course: CourseCopy, **changes: str | None) -> CourseCopy:
    env = dict(course.env)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return CourseCopy(course.root, env)


def no_traceback(result: Result) -> None:
    assert "Traceback (most recent call last)" not in result.text, result.text


def test_every_guard_rule_is_refused_in_one_verdict(course: CourseCopy) -> None:
    course.edit(
        WRAP,
        "# TODO: hand over a Token, not an int.\n",
        "# mypy: ignore-errors\n"
        "from typing import TYPE_CHECKING, Any, cast, no_type_check\n"
        "import sys\n"
        "len = 3\n"
        "def visible_index(token: Token) -> int:\n"
        "    return 3\n"
        "sys.exit(0)\n",
    )
    course.edit(WRAP, "shown = visible_index(raw_index)", "shown = 3  # type: ignore")
    result = course.run("run", "wrap_the_id")
    assert result.code == 1
    lines = course.path(WRAP).read_text().splitlines()
    expected = {
        "mypy-comment": "# mypy: ignore-errors",
        "any": "from typing import TYPE_CHECKING",
        "cast": "from typing import TYPE_CHECKING",
        "no-type-check": "from typing import TYPE_CHECKING",
        "type-checking": "from typing import TYPE_CHECKING",
        "rebind": "len = 3",
        "exit": "sys.exit(0)",
        "type-ignore": "shown = 3  # type: ignore",
    }
    for rule, source_line in expected.items():
        number = lines.index(next(line for line in lines if line.startswith(source_line))) + 1
        assert f"[{rule}]" in result.out, rule
        assert f"--> {WRAP}:{number}\n" in result.out, (rule, number)
    assert "`visible_index` is used by the checks and is bound again here" in result.out
    assert "error[" not in result.out, "guard refusals come first and alone"


def test_a_same_size_edit_right_after_a_verdict_is_judged_fresh(course: CourseCopy) -> None:
    assert course.run("run", "double_it").code == 1
    course.edit(DOUBLE, "    return x + 2", "    return x * 2")
    result = course.run("run", "double_it")
    assert result.code == 0, result.text
    course.edit(DOUBLE, "    return x * 2", "    return x + 2")
    assert course.run("run", "double_it").code == 1


def test_a_loop_at_import_is_stopped_and_unflushed_output_kept(course: CourseCopy) -> None:
    course.edit(
        DOUBLE,
        "\n\ndef double",
        '\n\nprint("before the loop")\nwhile int("1"):\n    pass\n\n\ndef double',
    )
    started = time.monotonic()
    result = with_env(course, PYTHONUNBUFFERED=None).run("run", "double_it", "--timeout", "2")
    assert time.monotonic() - started < 20
    assert result.code == 1
    assert "did not finish within 2 s" in result.out
    assert "before the loop" in result.out
    no_traceback(result)


@pytest.fixture
def fake_mypy(tmp_path: Path) -> Path:
    package = tmp_path / "fake" / "mypy"
    package.mkdir(parents=True)
    return package


def test_missing_mypy_names_the_fix(course: CourseCopy, fake_mypy: Path) -> None:
    (fake_mypy / "__init__.py").write_text(
        'raise ModuleNotFoundError("No module named \'mypy\'", name="mypy")\n'
    )
    result = with_env(course, PYTHONPATH=str(fake_mypy.parent)).run("run", "wrap_the_id")
    assert result.code == 1
    assert "mypy could not check this file" in result.out
    assert "mypy is not installed" in result.out and "pip install -e ." in result.out
    assert CHECKER_TRACEBACK not in result.text


def test_crashing_mypy_is_a_message_not_a_checker_traceback(
    course: CourseCopy, fake_mypy: Path
) -> None:
    (fake_mypy / "__init__.py").write_text("")
    (fake_mypy / "__main__.py").write_text(
        "import sys\nsys.stderr.write('INTERNAL ERROR: mypy fell over\\n')\nsys.exit(2)\n"
    )
    result = with_env(course, PYTHONPATH=str(fake_mypy.parent)).run("verify", "--json")
    assert result.code == 1
    first = json.loads(result.out)["exercises"][0]
    assert first["passed"] is False and first["stage"] == "types"
    assert "mypy itself failed" in first["outcome"]["typecheck_failure"]
    assert "INTERNAL ERROR: mypy fell over" in first["outcome"]["typecheck_failure"]
    assert CHECKER_TRACEBACK not in result.text


def read_only_command(root: Path, command: list[str]) -> list[str] | None:
    """The command run with `root` read-only: a private read-only bind mount when root."""
    if os.geteuid() != 0:
        return command
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    script = 'mount --bind -o ro "$0" "$0" && cd "$0" && exec "$@"'
    wrapped = [unshare, "-m", "sh", "-c", script, str(root), *command]
    probe = subprocess.run(
        [unshare, "-m", "sh", "-c", script, str(root), "true"], capture_output=True, check=False
    )
    return wrapped if probe.returncode == 0 else None


@pytest.fixture
def read_only(course: CourseCopy) -> Iterator[None]:
    if os.geteuid() != 0:
        for path in (course.root, *course.root.rglob("*")):
            path.chmod(path.stat().st_mode & ~0o222)
    yield
    if os.geteuid() != 0:
        for path in (course.root, *course.root.rglob("*")):
            path.chmod(path.stat().st_mode | 0o200)


def run_read_only(course: CourseCopy, *args: str) -> Result:
    command = read_only_command(course.root, [sys.executable, "-m", "checker", *args])
    if command is None:
        pytest.skip("this machine can neither drop write permission nor mount read-only")
    done = subprocess.run(
        command,
        cwd=course.root,
        env=course.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.mark.usefixtures("read_only")
def test_a_read_only_checkout_names_what_could_not_be_written(course: CourseCopy) -> None:
    before = course.path(WRAP).read_bytes()
    result = run_read_only(course, "run", "wrap_the_id")
    assert result.code == 1
    assert "error[arg-type]" in result.out, "the verdict is still given"
    assert f"progress not saved: could not write {course.root / STATE}" in result.err
    no_traceback(result)
    result = run_read_only(course, "reset", "wrap_the_id", "--yes")
    assert result.code == 1
    assert "reset failed: could not save your copy to" in result.err
    assert str(course.root / ".typed-ai-rustlings" / "backups") in result.err
    assert "nothing was changed" in result.err
    no_traceback(result)
    assert course.path(WRAP).read_bytes() == before


class Terminal:
    """The command on a pseudo-terminal, as a learner's shell runs it (Ctrl-C, Ctrl-D, colour)."""

    def __init__(self, course: CourseCopy, *args: str, env: dict[str, str] | None = None) -> None:
        command = [sys.executable, "-m", "checker", *args]
        pid, fd = pty.fork()
        if pid == 0:
            try:
                os.chdir(course.root)
                os.execve(sys.executable, command, env or course.env)
            finally:
                os._exit(127)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 200, 0, 0))
        self.pid, self.fd, self.seen = pid, fd, ""

    def _read(self, deadline: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the command closed the terminal
            chunk = b""
        self.seen += chunk.decode("utf-8", "replace")
        return bool(chunk)

    def expect(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            assert time.monotonic() < deadline and self._read(deadline), (text, self.seen)

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        deadline = time.monotonic() + timeout
        while self._read(deadline):
            assert time.monotonic() < deadline, self.seen
        os.close(self.fd)
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status), self.seen


def test_a_terminal_gets_colour_unless_no_color_is_set(course: CourseCopy) -> None:
    coloured_env = {k: v for k, v in course.env.items() if k != "NO_COLOR"}
    coloured_env["TERM"] = "xterm-256color"
    code, out = Terminal(course, "hint", "wrap_the_id", "--all", env=coloured_env).finish()
    assert code == 0 and "\x1b[" in out and "Wrap the int" in out
    code, out = Terminal(
        course, "hint", "wrap_the_id", "--all", env={**coloured_env, "NO_COLOR": "1"}
    ).finish()
    assert code == 0 and "\x1b[" not in out and "Wrap the int" in out


@pytest.mark.parametrize(
    ("answer", "code", "said"),
    [
        ("\x03", 130, "interrupted"),
        ("\x04", 1, "nothing was changed"),
        ("n\r", 1, "nothing was changed"),
        ("y\r", 0, "your copy was saved to"),
    ],
    ids=["ctrl-c", "ctrl-d", "no", "yes"],
)
def test_the_reset_prompt(course: CourseCopy, answer: str, code: int, said: str) -> None:
    course.edit(WRAP, "raw_index = 3", "raw_index = 3  # my work")
    terminal = Terminal(course, "reset", "wrap_the_id")
    terminal.expect("[y/N]")
    # A person answers after reading the question; a key sent within microseconds of the prompt
    # can land before input() starts reading, where the interpreter cannot act on Ctrl-C yet.
    time.sleep(0.3)
    terminal.send(answer)
    status, out = terminal.finish()
    assert status == code, out
    assert said in out
    assert "Traceback" not in out
    kept = "# my work" in course.path(WRAP).read_text()
    assert kept is (code != 0)
    backups = list((course.root / ".typed-ai-rustlings").rglob("wrap_the_id.py"))
    assert len(backups) == (1 if code == 0 else 0)


@pytest.mark.parametrize(
    "args",
    [
        ("run", "double_it"),
        ("verify", "--all", "--no-daemon"),
        ("verify", "--all"),
    ],
    ids=["run", "verify-plain", "verify-forkservers"],
)
def test_ctrl_c_during_the_checks_stops_at_once_and_cleanly(
    course: CourseCopy, args: tuple[str, ...], tmp_path: Path
) -> None:
    course.solve("01_types/wrap_the_id.py")
    course.solve("01_types/types_only.py")
    started_marker = tmp_path / "looping"
    course.edit(
        DOUBLE,
        "    return x + 2",
        f"    import pathlib\n    pathlib.Path({str(started_marker)!r}).touch()\n"
        "    while True:\n        pass",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", *args, "--timeout", "60"],
        cwd=course.root,
        env=course.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not started_marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert started_marker.exists(), "the looping check never started"
        interrupted = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=8)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert time.monotonic() - interrupted < 8, "Ctrl-C waited for the time limit"
    assert process.returncode == 130, out + err
    assert "interrupted" in err and "Traceback" not in err
    leftovers = sorted(p.name for p in course.root.iterdir() if p.name.startswith(STATE))
    assert leftovers in ([], [STATE], [STATE, f"{STATE}.lock"], [f"{STATE}.lock"])
    if leftovers:
        json.loads(course.path(STATE).read_text())


def test_watch_without_its_module_says_so(course: CourseCopy) -> None:
    code = (
        "import sys\n"
        "sys.modules['checker.watch'] = None\n"
        "from checker.cli import main\n"
        "sys.exit(main(['watch']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=course.root,
        env=course.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "watch mode is not available" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_console_script_is_the_same_command(course: CourseCopy) -> None:
    script = Path(sys.executable).parent / "typed-ai-rustlings"
    if not script.exists():
        pytest.skip(f"{script} is not installed: run `pip install -e .`")
    done = subprocess.run(
        [str(script), "hint", "double_it", "--all"],
        cwd=course.root / "exercises",
        env=course.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert "hint 2/2: Doubling multiplies by two." in done.stdout


def test_verify_json_reports_every_exercise(course: CourseCopy) -> None:
    course.solve("01_types/wrap_the_id.py")
    result = course.run("verify", "--json")
    assert result.code == 1
    data = json.loads(result.out)
    assert data["passed"] is False
    assert [(e["name"], e["passed"], e["stage"]) for e in data["exercises"]] == [
        ("wrap_the_id", True, "pass"),
        ("types_only", False, "types"),
        ("double_it", False, "tests"),
    ]
    assert data["exercises"][1]["outcome"]["errors"][0]["code"] == "return-value"
    assert data["exercises"][2]["outcome"]["tests"]["outcome"] == "failed"
    listed = json.loads(course.run("list", "--json").out)
    assert listed["current"] == "types_only"


def test_dev_check_prints_one_line_per_problem(course: CourseCopy) -> None:
    course.path("solutions/02_runtime/double_it.py").unlink()
    course.path("solutions/01_types/extra.py").write_text("x = 1\n")
    solution = course.path("solutions/01_types/wrap_the_id.py")
    solution.write_text(solution.read_text() + "# an extra line in the checks\n")
    for folder in ("exercises", "exercises/.pristine"):
        suffix = ".orig" if ".pristine" in folder else ""
        shutil.copy(
            course.path("solutions/01_types/types_only.py"),
            course.path(f"{folder}/01_types/types_only.py{suffix}"),
        )
    result = course.run("dev", "check")
    assert result.code == 1
    lines = result.out.splitlines()
    for start in (
        "double_it: the solution solutions/02_runtime/double_it.py is missing",
        "solutions/01_types/extra.py: a solution with no catalog entry",
        "wrap_the_id: the checks part of the solution differs from the exercise's",
        "wrap_the_id: the solution does not pass (refused by the guard [checks-edited]",
        "types_only: the untouched exercise already passes",
    ):
        assert any(line.startswith(start) for line in lines), (start, result.out)
    assert lines[-1] == "dev check (exercises): 3 exercises, 5 problems"


def test_dev_check_catches_a_test_exercise_that_fails_mypy_first(course: CourseCopy) -> None:
    for path in (DOUBLE, "exercises/.pristine/02_runtime/double_it.py.orig"):
        course.edit(path, "    return x + 2", '    return x + "2"')
    result = course.run("dev", "check")
    assert result.code == 1
    assert "double_it: declared `test` but mypy fails first ([operator])" in result.out


def test_dev_snapshot_refreshes_the_pristine_copy(course: CourseCopy) -> None:
    course.edit(TYPES_ONLY, "# TODO: return the length.", "# TODO: return the word count.")
    result = course.run("dev", "snapshot")
    assert result.code == 0
    assert "refreshed exercises/.pristine/01_types/types_only.py.orig" in result.out
    pristine = course.path("exercises/.pristine/01_types/types_only.py.orig")
    assert pristine.read_text() == course.path(TYPES_ONLY).read_text()
    assert "0 pristine copies refreshed" in course.run("dev", "snapshot").out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("reset", "dubble_it", "--yes"), "no exercise named dubble_it; did you mean double_it?"),
        (("hint", "zzz"), "no exercise named zzz; `typed-ai-rustlings list` shows them all"),
        (("list", "--track", "challenges"), "challenges/info.toml: the catalog is missing"),
    ],
)
def test_usage_problems_exit_2_with_one_line(
    course: CourseCopy, args: tuple[str, ...], message: str
) -> None:
    result = course.run(*args)
    assert result.code == 2
    assert message in result.err
    no_traceback(result)


def test_a_misspelt_catalog_field_is_named(course: CourseCopy) -> None:
    catalog = course.path("exercises/info.toml")
    catalog.write_text(
        catalog.read_text().replace('expect = "test"', 'expect = "test"\nalow = ["any"]')
    )
    result = course.run("list")
    assert result.code == 2
    assert (
        "exercise #3 (double_it): field `alow` is not a catalog field; did you mean `allow`?"
        in result.err
    )


def test_hint_levels_one_at_a_time(course: CourseCopy) -> None:
    first = course.run("hint", "wrap_the_id", "--level", "1")
    assert first.code == 0
    assert "hint 1/2: Look at the argument's type." in first.out
    assert "hint 2/2" not in first.out
    assert "`typed-ai-rustlings hint wrap_the_id` shows level 2 of 2" in first.out
    both = course.run("hint", "wrap_the_id", "--level", "5")
    assert "hint 2/2: Wrap the int: Token(3)." in both.out and "shows level" not in both.out


@pytest.mark.parametrize("value", ["0", "-3", "soon", "inf"])
def test_a_time_limit_must_be_positive_seconds(course: CourseCopy, value: str) -> None:
    result = course.run("run", "double_it", "--timeout", value)
    assert result.code == 2
    assert "argument --timeout" in result.err
    no_traceback(result)


def test_the_caret_stays_under_the_span_after_non_ascii_text(course: CourseCopy) -> None:
    line = 'label = "→ café"; shown = visible_index(raw_index)'
    course.edit(WRAP, "shown = visible_index(raw_index)", line)
    result = course.run("run", "wrap_the_id")
    assert result.code == 1
    assert f"20 | {line}\n" in result.out
    caret = " " * line.index("raw_index") + "^" * len("raw_index")
    assert f"   | {caret}\n" in result.out, result.out
    assert f"--> {WRAP}:20:{line.index('raw_index') + 1}\n" in result.out


@pytest.mark.parametrize("args", [("list", "--json"), ("hint", "double_it")])
def test_a_reader_that_goes_away_gets_no_traceback(
    course: CourseCopy, args: tuple[str, ...]
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", *args],
        cwd=course.root,
        env=course.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
