"""The warm mypy daemon never gives a verdict the plain `mypy` process would not."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mypy.dmypy_util import send
from mypy.ipc import IPCClient, read_status

from checker.catalog import load_catalog
from checker.course import Course
from checker.daemon import DaemonError, DaemonSettings, DaemonTypeChecker, MypyDaemon
from checker.outcome import WrongTypes
from checker.testrun import ProcessTestRunner
from checker.typecheck import Diagnostic, ProcessTypeChecker, TypeCheckReport
from checker.verdict import judge
from checker.workspace import write_snapshot

PACKAGE = '''\
"""A stand-in for the reference package: a distinct id type and one function."""
from typing import NewType

TokenId = NewType("TokenId", int)


def index_of(token: TokenId) -> int:
    return int(token)
'''
CLEAN = "from tiny_ml import TokenId, index_of\n\nresult = index_of(TokenId(3))\n"
# Same size as CLEAN: an int where a TokenId belongs.
BROKEN = "from tiny_ml import TokenId, index_of\n\nresult = index_of(int(3) * 1)\n"
OTHER = "from tiny_ml import TokenId, index_of\n\nresult: str = index_of(TokenId(3))\n"


class Rig:
    """A course folder, a state folder and the plain flags, for driving MypyDaemon directly."""

    def __init__(self, tmp_path: Path) -> None:
        self.root = tmp_path / "course"
        (self.root / "tiny_ml").mkdir(parents=True)
        (self.root / "tiny_ml" / "__init__.py").write_text(PACKAGE, encoding="utf-8")
        self.state = tmp_path / "state"
        self.state.mkdir()
        self.work = tmp_path / "work"
        self.work.mkdir()
        config = self.state / "mypy.ini"
        config.write_text(f"[mypy]\nmypy_path = {self.root}\n", encoding="utf-8")
        self.flags = (
            "--strict",
            "--warn-unreachable",
            "-O",
            "json",
            "--config-file",
            str(config),
            "--cache-dir",
            str(self.state / "mypy_cache"),
        )

    def settings(self, *, check_timeout: float = 20.0) -> DaemonSettings:
        return DaemonSettings(
            flags=self.flags,
            cwd=self.work,
            state_dir=self.state,
            root=self.root,
            check_timeout=check_timeout,
        )

    def plain(self, path: Path) -> list[dict[str, object]]:
        """What a fresh `mypy` process says about this file."""
        done = subprocess.run(
            [sys.executable, "-m", "mypy", *self.flags, "--no-error-summary", str(path)],
            cwd=self.work,
            capture_output=True,
            text=True,
            check=False,
        )
        # 2 is a blocking error (a syntax error), still reported as JSON lines.
        assert done.returncode in (0, 1, 2) and not done.stderr, done.stderr
        return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def codes(out: str) -> list[tuple[int, object]]:
    diagnostics = [json.loads(line) for line in out.splitlines() if line.strip()]
    return [(int(d["line"]), d["code"]) for d in diagnostics]


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Rig:
    """Shared by the tests of one warm daemon: its cache is filled once per module."""
    return Rig(tmp_path_factory.mktemp("daemon-rig"))


@pytest.fixture
def cold_rig(tmp_path: Path) -> Rig:
    """A rig of its own, cache empty, for a test that starts (and stops) its own daemon."""
    return Rig(tmp_path)


@pytest.fixture(scope="module")
def daemon(rig: Rig) -> Iterator[MypyDaemon]:
    """One daemon for the tests about its answers; a test that kills it waits for its
    replacement before it ends, so the next test finds it running."""
    server = MypyDaemon(rig.settings())
    server.start()
    assert server.wait_ready()  # these tests are about the daemon's answers, not the fallback
    yield server
    server.close()


def write(path: Path, text: str, *, mtime_ns: int | None = None) -> None:
    path.write_text(text, encoding="utf-8")
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))


def test_same_size_same_second_edits_are_seen(daemon: MypyDaemon, rig: Rig) -> None:
    exercise = rig.work / "same_second.py"
    assert len(CLEAN) == len(BROKEN)
    stamp = (int(time.time()) - 100) * 1_000_000_000
    for _ in range(3):
        write(exercise, BROKEN, mtime_ns=stamp)
        assert codes(daemon.check([exercise]).out) == [(3, "arg-type")]
        write(exercise, CLEAN, mtime_ns=stamp)
        assert daemon.check([exercise]) == ("", 0)


def test_back_to_earlier_content_in_a_new_second(daemon: MypyDaemon, rig: Rig) -> None:
    exercise = rig.work / "back_again.py"
    stamp = (int(time.time()) - 100) * 1_000_000_000
    write(exercise, CLEAN, mtime_ns=stamp)
    assert daemon.check([exercise]).status == 0
    # Hidden from the watcher: same size, same second.
    write(exercise, BROKEN, mtime_ns=stamp)
    assert daemon.check([exercise]).status == 1
    # A new second, with the content the watcher still has on record.
    write(exercise, CLEAN, mtime_ns=stamp + 1_000_000_000)
    assert daemon.check([exercise]).status == 0
    write(exercise, BROKEN, mtime_ns=stamp + 2_000_000_000)
    assert daemon.check([exercise]).status == 1


def test_missing_file_is_never_reported_clean(daemon: MypyDaemon, rig: Rig) -> None:
    exercise = rig.work / "recreated.py"
    write(exercise, CLEAN)
    assert daemon.check([exercise]).status == 0
    exercise.unlink()
    with pytest.raises(DaemonError):
        daemon.check([exercise])
    write(exercise, BROKEN)
    assert codes(daemon.check([exercise]).out) == [(3, "arg-type")]


def test_answers_match_a_fresh_mypy_process(daemon: MypyDaemon, rig: Rig) -> None:
    exercise = rig.work / "parity.py"
    variants = [
        CLEAN,
        BROKEN,
        OTHER,
        "def f(x: int) -> int:\n    return x +\n",  # a syntax error
        "import missing_module\n",
        "def f(x: int) -> str:\n    if isinstance(x, int):\n        return 'a'\n    return 'b'\n",
        CLEAN,
    ]
    # Each variant in a second of its own: the plain process, the reference here, would take
    # an edit that keeps the size and the second for no edit at all.
    start = time.time_ns()
    for seconds, text in enumerate(variants):
        write(exercise, text, mtime_ns=start + seconds * 1_000_000_000)
        answer = daemon.check([exercise])
        expected = rig.plain(exercise)
        got = [json.loads(line) for line in answer.out.splitlines() if line.strip()]
        assert got == expected, text
        assert answer.status == (1 if expected else 0)


def test_killed_daemon_fails_one_check_then_restarts(daemon: MypyDaemon, rig: Rig) -> None:
    exercise = rig.work / "killed.py"
    write(exercise, BROKEN)
    assert daemon.check([exercise]).status == 1
    pid = daemon.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    with pytest.raises(DaemonError):
        daemon.check([exercise])
    assert daemon.wait_ready()
    assert daemon.pid not in (None, pid)
    assert codes(daemon.check([exercise]).out) == [(3, "arg-type")]


def test_malformed_request_kills_it_and_it_comes_back(daemon: MypyDaemon, rig: Rig) -> None:
    exercise = rig.work / "malformed.py"
    write(exercise, CLEAN)
    assert daemon.check([exercise]).status == 0
    status = read_status(str(daemon.status_file))
    name = status["connection_name"]
    assert isinstance(name, str)
    with IPCClient(name, 5) as client:
        send(client, {"command": "status"})  # no is_tty: the daemon crashes on it
    write(exercise, BROKEN)
    with pytest.raises(DaemonError):
        daemon.check([exercise])
    assert daemon.wait_ready()
    assert daemon.check([exercise]).status == 1


def test_hung_daemon_times_out_and_is_replaced(cold_rig: Rig) -> None:
    server = MypyDaemon(cold_rig.settings(check_timeout=1.0))
    server.start()
    try:
        assert server.wait_ready()
        exercise = cold_rig.work / "hung.py"
        write(exercise, CLEAN)
        assert server.check([exercise]).status == 0
        pid = server.pid
        assert pid is not None
        os.kill(pid, signal.SIGSTOP)
        # Without the check's own time limit this would wait for the stopped daemon forever.
        with pytest.raises(DaemonError):
            server.check([exercise])
        assert server.wait_ready()
        write(exercise, BROKEN)
        assert server.check([exercise]).status == 1
    finally:
        server.close()


def test_nothing_is_written_into_the_course(daemon: MypyDaemon, rig: Rig) -> None:
    before = sorted(p.relative_to(rig.root) for p in rig.root.rglob("*"))
    exercise = rig.work / "readonly.py"
    write(exercise, CLEAN)
    assert daemon.check([exercise]).status == 0
    after = sorted(p.relative_to(rig.root) for p in rig.root.rglob("*"))
    assert after == before
    assert daemon.status_file.parent == rig.state
    assert not (rig.work / ".dmypy.json").exists()
    assert not (rig.work / ".mypy_cache").exists()


def test_second_start_reuses_the_seeded_cache(cold_rig: Rig) -> None:
    first = MypyDaemon(cold_rig.settings())
    first.start()
    assert first.wait_ready()
    first.close()
    assert (cold_rig.state / "dmypy_cache" / "seeded-for").is_file()
    second = MypyDaemon(cold_rig.settings())
    second.start()
    try:
        # A check does not wait for a starting daemon (the plain checker answers it).
        with pytest.raises(DaemonError, match="still starting"):
            second.check([cold_rig.work / "reuse.py"])
        assert second.wait_ready()
        exercise = cold_rig.work / "reuse.py"
        write(exercise, BROKEN)
        assert codes(second.check([exercise]).out) == [(3, "arg-type")]
    finally:
        second.close()


def children_of(pid: int) -> dict[int, str]:
    """Live child processes of `pid`, with their command lines."""
    found: dict[int, str] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="ascii").rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ")
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found[int(stat.parent.name)] = command.decode(errors="replace")
    return found


def test_a_cold_start_never_makes_a_check_wait(cold_rig: Rig) -> None:
    """With the cache still to fill, a check is refused at once: the plain checker answers."""
    server = MypyDaemon(cold_rig.settings())
    server.start()
    try:
        exercise = cold_rig.work / "cold.py"
        write(exercise, BROKEN)
        with pytest.raises(DaemonError, match="filling its cache"):
            server.check([exercise])
        assert server.pid is None, "the check was refused before the daemon was ready"
        assert server.wait_ready()
        assert codes(server.check([exercise]).out) == [(3, "arg-type")]
    finally:
        server.close()


def test_the_cache_fills_at_low_priority(cold_rig: Rig) -> None:
    server = MypyDaemon(cold_rig.settings())
    server.start()
    try:
        deadline = time.monotonic() + 10
        seeding: list[int] = []
        while not seeding and time.monotonic() < deadline:
            children = children_of(os.getpid())
            seeding = [pid for pid, cmd in children.items() if "--cache-fine-grained" in cmd]
            time.sleep(0.01)
        assert seeding, "the cache fill never started"
        assert os.getpriority(os.PRIO_PROCESS, seeding[0]) >= 10
    finally:
        server.close()


def test_quitting_while_the_cache_fills_is_prompt(cold_rig: Rig) -> None:
    server = MypyDaemon(cold_rig.settings())
    server.start()
    time.sleep(0.3)
    server.close()
    # Had close waited for the fill instead of stopping it, the fill would have finished.
    assert not (cold_rig.state / "dmypy_cache" / "seeded-for").exists()
    # (Other tests' daemons may run: only this rig's processes must be gone.)
    assert not any(str(cold_rig.state) in cmd for cmd in children_of(os.getpid()).values())


def test_close_stops_the_daemon(cold_rig: Rig) -> None:
    server = MypyDaemon(cold_rig.settings())
    server.start()
    assert server.wait_ready()
    pid = server.pid
    assert pid is not None
    server.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert not server.status_file.exists()
    with pytest.raises(DaemonError):
        server.check([cold_rig.work / "any.py"])


# -- DaemonTypeChecker: the TypeChecker the watcher uses -------------------------------


def make_checkout(folder: Path) -> Course:
    root = folder / "checkout"
    (root / "tiny_ml").mkdir(parents=True)
    (root / "tiny_ml" / "__init__.py").write_text(PACKAGE, encoding="utf-8")
    return Course(root)


@pytest.fixture(scope="module")
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("user-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


@pytest.fixture(scope="module")
def checkout(user_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Course:
    return make_checkout(tmp_path_factory.mktemp("shared"))


@pytest.fixture
def cold_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Course:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    return make_checkout(tmp_path)


@pytest.fixture(scope="module")
def fast(checkout: Course) -> Iterator[DaemonTypeChecker]:
    """One warm checker for the module; a test that kills its daemon waits for the next."""
    checker = DaemonTypeChecker(checkout)
    checker.start()
    assert checker.daemon.wait_ready()
    yield checker
    checker.close()


def snapshot(course: Course, name: str = "lesson") -> Path:
    return course.cache_dir / "snapshots" / "current" / "exercises" / name / f"{name}.py"


def error_codes(report: TypeCheckReport) -> list[tuple[int, str | None]]:
    return [(d.line, d.code) for d in report.diagnostics if d.is_error]


def test_reports_equal_the_plain_checker(fast: DaemonTypeChecker, checkout: Course) -> None:
    plain = ProcessTypeChecker(checkout)
    path = snapshot(checkout)
    for text in (CLEAN, BROKEN, OTHER, "import missing_module\n", "x: int = 'a'\nreveal_type(x)\n"):
        write_snapshot(path, text)
        expected = plain.check([path])
        assert expected.failure is None
        assert fast.check([path]) == expected, text


def test_syntax_error_is_a_diagnostic(fast: DaemonTypeChecker, checkout: Course) -> None:
    path = snapshot(checkout)
    write_snapshot(path, "def f(x: int) -> int:\n    return x +\n")
    report = fast.check([path])
    assert report.failure is None
    assert error_codes(report) == [(2, "syntax")]


def test_quick_saves_never_get_a_stale_report(fast: DaemonTypeChecker, checkout: Course) -> None:
    path = snapshot(checkout)
    for round_ in range(30):
        text = BROKEN if round_ % 2 else CLEAN
        write_snapshot(path, text)
        report = fast.check([path])
        assert error_codes(report) == ([(3, "arg-type")] if round_ % 2 else []), round_


def test_dead_daemon_falls_back_to_the_plain_answer(
    fast: DaemonTypeChecker, checkout: Course
) -> None:
    path = snapshot(checkout)
    write_snapshot(path, CLEAN)
    assert fast.check([path]) == TypeCheckReport(())
    pid = fast.daemon.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    write_snapshot(path, BROKEN)
    report = fast.check([path])
    assert report == ProcessTypeChecker(checkout).check([path])
    assert error_codes(report) == [(3, "arg-type")]
    assert fast.daemon.wait_ready()
    assert error_codes(fast.check([path])) == [(3, "arg-type")]


def test_read_only_checkout(cold_checkout: Course) -> None:
    before = sorted(p.relative_to(cold_checkout.root) for p in cold_checkout.root.rglob("*"))
    for folder in (cold_checkout.root, cold_checkout.root / "tiny_ml"):
        folder.chmod(0o555)
    checker = DaemonTypeChecker(cold_checkout)
    checker.start()
    try:
        path = snapshot(cold_checkout)
        write_snapshot(path, BROKEN)
        assert error_codes(checker.check([path])) == [(3, "arg-type")]
        assert checker.daemon.status_file.parent == cold_checkout.cache_dir
    finally:
        checker.close()
        for folder in (cold_checkout.root, cold_checkout.root / "tiny_ml"):
            folder.chmod(0o755)
    after = sorted(p.relative_to(cold_checkout.root) for p in cold_checkout.root.rglob("*"))
    assert after == before


def test_daemon_ends_when_its_watcher_is_killed(cold_rig: Rig) -> None:
    program = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from checker.daemon import DaemonSettings, MypyDaemon\n"
        f"flags = {cold_rig.flags!r}\n"
        f"daemon = MypyDaemon(DaemonSettings(flags, Path({str(cold_rig.work)!r}), "
        f"Path({str(cold_rig.state)!r}), Path({str(cold_rig.root)!r})))\n"
        "daemon.start()\n"
        "assert daemon.wait_ready()\n"
        "print(daemon.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    watcher = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, text=True)
    try:
        assert watcher.stdout is not None
        pid = int(watcher.stdout.readline())
        watcher.kill()
        watcher.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.05)
        assert not _alive(pid)
        assert not list(cold_rig.state.glob("dmypy-*.json"))
    finally:
        watcher.kill()
        watcher.wait()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_two_snapshot_families_never_mix(fast: DaemonTypeChecker, checkout: Course) -> None:
    current = snapshot(checkout)
    batch = checkout.cache_dir / "snapshots" / "batch" / "exercises" / "lesson" / "lesson.py"
    write_snapshot(current, BROKEN)
    write_snapshot(batch, CLEAN)
    for _ in range(2):
        assert error_codes(fast.check([current])) == [(3, "arg-type")]
        assert error_codes(fast.check([batch])) == []


def file_of(diagnostic: Diagnostic) -> str:
    return diagnostic.file


def test_a_batch_then_one_file(fast: DaemonTypeChecker, checkout: Course) -> None:
    files = [snapshot(checkout, f"lesson_{n}") for n in range(3)]
    for path, text in zip(files, (CLEAN, BROKEN, OTHER), strict=True):
        write_snapshot(path, text)
    report = fast.check(files)
    plain = ProcessTypeChecker(checkout).check(files)
    # Files may come in another order (mypy's processing order); each file's list may not.
    assert sorted(report.diagnostics, key=file_of) == sorted(plain.diagnostics, key=file_of)
    by_file = {(Path(d.file).name, d.code) for d in report.diagnostics if d.is_error}
    assert by_file == {("lesson_1.py", "arg-type"), ("lesson_2.py", "assignment")}
    write_snapshot(files[1], CLEAN)
    assert fast.check([files[1]]) == TypeCheckReport(())


# -- verdicts on the daemon: marked lines of the checks -----------------------------------------

FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"


def test_a_widened_mark_fails_on_the_daemon_whatever_was_checked_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mypy's daemon drops `unused-ignore` reports for code it re-checks after another module
    changed (python/mypy#9655): moving from one widened exercise to the next once made the
    second pass. The verdict asks mypy for the rejection itself, which the daemon keeps."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    root = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    course = Course(root)
    catalog = load_catalog(course)
    exercises = [e for e in catalog if e.name in ("wrap_the_id", "types_only")]
    tests = ProcessTestRunner(course)
    checker = DaemonTypeChecker(course)
    checker.start()
    try:
        assert checker.daemon.wait_ready()
        seen: list[tuple[str, str, tuple[int, ...]]] = []
        for exercise in [*exercises, *exercises, *reversed(exercises)]:
            widened = course.shortcuts_dir("exercises") / exercise.dir / exercise.name
            exercise.path.write_text((widened / "widened_parameter.py").read_text())
            verdict = judge(course, exercise, typechecker=checker, tests=tests)
            outcome = verdict.outcome
            lines = (
                tuple(m.line for m in outcome.widened) if isinstance(outcome, WrongTypes) else ()
            )
            seen.append((exercise.name, verdict.stage, lines))
            assert checker.daemon.pid is not None, "answered by the daemon"
        assert all(stage == "types" and lines for _, stage, lines in seen), seen
        for exercise in exercises:
            exercise.path.write_text(exercise.solution_path.read_text())
            assert judge(course, exercise, typechecker=checker, tests=tests).passed
    finally:
        checker.close()
        tests.close()
