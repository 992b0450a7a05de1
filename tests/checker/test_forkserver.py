"""The fork server runs each pytest in a fresh child: never stale, always bounded in time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker import testrun  # the module, so pytest does not try to collect TestReport
from checker.backends import make_backends, start_daemon
from checker.course import Course
from checker.daemon import DaemonTypeChecker
from checker.forkframes import ForkRequest
from checker.forkserver import ForkServerClient, ForkServerError, ForkServerTestRunner
from checker.testrun import ProcessTestRunner
from checker.typecheck import ProcessTypeChecker
from checker.workspace import write_snapshot

PASSING = """\
def add(a: int, b: int) -> int:
    return a + b


def test_add() -> None:
    assert add(2, 2) == 4
"""
# Same size as PASSING, so a same-second save cannot be told apart by size and mtime.
FAILING = PASSING.replace("a + b", "a - b")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ForkServerClient]:
    """One warm parent for the module; a test that kills it waits for the next before it ends."""
    course = tmp_path_factory.mktemp("course")
    server = ForkServerClient(course, ready_timeout=60.0)
    server.start()
    # Timings below measure a request, not the parent's warm-up.
    assert server.wait_ready()
    yield server
    server.close()


def request(test_file: Path, *, timeout: float = 10.0) -> ForkRequest:
    env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    return ForkRequest(
        argv=("-q", "-p", "no:cacheprovider", str(test_file)),
        env=tuple(env.items()),
        cwd=str(test_file.parent),
        timeout=timeout,
    )


def write(path: Path, text: str, *, mtime_ns: int | None = None) -> None:
    path.write_text(text, encoding="utf-8")
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))


def test_each_run_imports_the_file_fresh(client: ForkServerClient, tmp_path: Path) -> None:
    exercise = tmp_path / "work" / "exercise_one.py"
    exercise.parent.mkdir()
    assert len(PASSING) == len(FAILING)
    stamp = time.time_ns()
    for round_ in range(3):
        write(exercise, PASSING, mtime_ns=stamp)
        passed = client.run(request(exercise))
        assert passed.returncode == 0, passed.output
        # Same size, same mtime: only a fresh import sees the broken code.
        write(exercise, FAILING, mtime_ns=stamp)
        failed = client.run(request(exercise))
        assert failed.returncode == 1, (round_, failed.output)
        assert "assert 0 == 4" in failed.output


def test_delete_and_recreate_is_seen(client: ForkServerClient, tmp_path: Path) -> None:
    exercise = tmp_path / "exercise_two.py"
    write(exercise, PASSING)
    assert client.run(request(exercise)).returncode == 0
    exercise.unlink()
    assert client.run(request(exercise)).returncode != 0
    write(exercise, FAILING)
    assert client.run(request(exercise)).returncode == 1


def test_children_inherit_what_hypothesis_learned_about_local_modules(
    client: ForkServerClient, tmp_path: Path
) -> None:
    providers = pytest.importorskip("hypothesis.internal.conjecture.providers")
    if not hasattr(providers, "_get_local_constants"):
        pytest.skip("this hypothesis does not harvest constants from local modules")
    exercise = tmp_path / "exercise_constants.py"
    write(
        exercise,
        "from hypothesis.internal.conjecture import providers\n\n\n"
        "def test_modules_already_read() -> None:\n"
        "    assert providers._sys_modules_len is not None\n",
    )
    result = client.run(request(exercise))
    assert result.returncode == 0, result.output


def test_time_limit_kills_child_and_keeps_output(client: ForkServerClient, tmp_path: Path) -> None:
    exercise = tmp_path / "exercise_loop.py"
    write(
        exercise,
        "def test_first() -> None:\n    pass\n\n\n"
        "def test_forever() -> None:\n    while True:\n        pass\n",
    )
    # The parent's limit, not the client's control timeout, ended it: `timed_out` says so.
    result = client.run(request(exercise, timeout=1.0))
    assert result.timed_out
    assert result.returncode == -signal.SIGKILL
    # pytest's progress up to the kill: the first test's dot.
    assert result.output == "."
    # The parent survives a timed-out child and serves the next request.
    write(exercise, PASSING)
    assert client.run(request(exercise)).returncode == 0


def test_time_limit_kills_processes_the_child_started(
    client: ForkServerClient, tmp_path: Path
) -> None:
    pid_file = tmp_path / "grandchild.pid"
    exercise = tmp_path / "exercise_spawn.py"
    write(
        exercise,
        "import subprocess, sys, time\n\n\ndef test_spawn() -> None:\n"
        f"    proc = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"    open({str(pid_file)!r}, 'w').write(str(proc.pid))\n"
        "    time.sleep(60)\n",
    )
    result = client.run(request(exercise, timeout=1.5))
    assert result.timed_out
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(grandchild):
        time.sleep(0.05)
    assert not _alive(grandchild)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_os_exit_in_learner_code_is_visible(client: ForkServerClient, tmp_path: Path) -> None:
    exercise = tmp_path / "exercise_exit.py"
    write(exercise, "import os\n\nos._exit(0)\n\n\ndef test_never() -> None:\n    assert False\n")
    result = client.run(request(exercise))
    # The child left with status 0 before pytest finished: no summary line was written.
    assert result.returncode == 0
    assert "passed" not in result.output and "failed" not in result.output


def test_child_environment_is_the_requested_one(client: ForkServerClient, tmp_path: Path) -> None:
    exercise = tmp_path / "exercise_env.py"
    write(
        exercise,
        "import os, sys\n\n\ndef test_env() -> None:\n"
        "    assert os.environ['MARKER_FOR_TEST'] == 'yes'\n"
        f"    assert os.getcwd() == {str(tmp_path)!r}\n"
        f"    assert {str(tmp_path / 'extra')!r} in sys.path\n"
        "    assert 'exercise_one' not in sys.modules\n",
    )
    base = request(exercise)
    env = dict(base.env)
    env["MARKER_FOR_TEST"] = "yes"
    env["PYTHONPATH"] = str(tmp_path / "extra")
    result = client.run(
        ForkRequest(argv=base.argv, env=tuple(env.items()), cwd=base.cwd, timeout=10.0)
    )
    assert result.returncode == 0, result.output


def test_killed_parent_fails_one_request_then_restarts(
    client: ForkServerClient, tmp_path: Path
) -> None:
    exercise = tmp_path / "exercise_three.py"
    write(exercise, PASSING)
    assert client.run(request(exercise)).returncode == 0
    first = client.pid
    assert first is not None
    os.kill(first, signal.SIGKILL)
    with pytest.raises(ForkServerError):
        client.run(request(exercise))
    assert client.wait_ready(60.0)
    assert client.run(request(exercise)).returncode == 0
    assert client.pid not in (None, first)


def test_learner_changes_to_warm_modules_do_not_leak(tmp_path: Path) -> None:
    course = tmp_path / "course"
    (course / "tiny_ml").mkdir(parents=True)
    write(course / "tiny_ml" / "__init__.py", "VALUE = 1\n")
    exercise = tmp_path / "exercise_patch.py"
    write(
        exercise,
        "import tiny_ml\n\n\ndef test_patch() -> None:\n"
        "    assert tiny_ml.VALUE == 1\n    tiny_ml.VALUE = 99\n",
    )
    server = ForkServerClient(course, ready_timeout=60.0)
    server.start()
    try:
        base = request(exercise)
        env = dict(base.env, PYTHONPATH=str(course))
        req = ForkRequest(base.argv, tuple(env.items()), base.cwd, 10.0)
        for _ in range(2):
            result = server.run(req)
            assert result.returncode == 0, result.output
    finally:
        server.close()


def test_changed_reference_package_restarts_the_parent(tmp_path: Path) -> None:
    course = tmp_path / "course"
    package = course / "tiny_ml"
    package.mkdir(parents=True)
    write(package / "__init__.py", "VALUE = 1\n")
    exercise = tmp_path / "exercise_five.py"
    write(
        exercise,
        "import tiny_ml\n\n\ndef test_value() -> None:\n    assert tiny_ml.VALUE == 1\n",
    )
    server = ForkServerClient(course, ready_timeout=60.0)
    server.start()
    try:
        base = request(exercise)
        env = dict(base.env, PYTHONPATH=str(course))
        req = ForkRequest(base.argv, tuple(env.items()), base.cwd, 10.0)
        assert server.run(req).returncode == 0
        write(package / "__init__.py", "VALUE = 2\n")
        with pytest.raises(ForkServerError):
            server.run(req)
        assert server.wait_ready(60.0)
        assert server.run(req).returncode == 1
    finally:
        server.close()


SEES_MINIDOM = """\
import sys


def test_minidom_was_imported_before() -> None:
    assert "xml.dom.minidom" in sys.modules
"""


def test_what_a_session_imports_is_found_once_and_kept(tmp_path: Path) -> None:
    """The probe session runs once per environment; later parents import what it found."""
    store = tmp_path / "modules.json"
    exercise = tmp_path / "exercise_six.py"
    write(exercise, SEES_MINIDOM)
    first = ForkServerClient(tmp_path, modules_store=store, ready_timeout=60.0)
    first.start()
    try:
        assert first.wait_ready()
        kept = json.loads(store.read_text(encoding="utf-8"))
        assert "_pytest.junitxml" in kept["modules"]  # a plugin a session imports lazily
        assert first.run(request(exercise)).returncode == 1  # nobody imported minidom
    finally:
        first.close()
    # A later parent trusts the store of the same environment: it imports what is listed there.
    store.write_text(json.dumps({**kept, "modules": ["xml.dom.minidom"]}), encoding="utf-8")
    second = ForkServerClient(tmp_path, modules_store=store, ready_timeout=60.0)
    second.start()
    try:
        assert second.wait_ready()
        assert second.run(request(exercise)).returncode == 0
    finally:
        second.close()
    # A store of another environment (or a broken one) is found again, not trusted.
    for stale in (json.dumps({"key": "another", "modules": ["xml.dom.minidom"]}), "{"):
        store.write_text(stale, encoding="utf-8")
        third = ForkServerClient(tmp_path, modules_store=store, ready_timeout=60.0)
        third.start()
        try:
            assert third.wait_ready()
            assert third.run(request(exercise)).returncode == 1
            assert json.loads(store.read_text(encoding="utf-8")) == kept
        finally:
            third.close()


def test_close_stops_the_parent(tmp_path: Path) -> None:
    server = ForkServerClient(tmp_path, ready_timeout=60.0)
    server.start()
    assert server.wait_ready()
    pid = server.pid
    assert pid is not None
    server.close()
    assert not _alive(pid)
    with pytest.raises(ForkServerError):
        server.run(request(tmp_path / "missing.py"))


# -- ForkServerTestRunner: the TestRunner the watcher uses -----------------------------


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Course]:
    folder = tmp_path_factory.mktemp("checkout")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder / "user-cache"))
        root = folder / "checkout"
        (root / "tiny_ml").mkdir(parents=True)
        write(root / "tiny_ml" / "__init__.py", "def double(x: int) -> int:\n    return 2 * x\n")
        yield Course(root)


@pytest.fixture(scope="module")
def runner(checkout: Course) -> Iterator[ForkServerTestRunner]:
    tests = ForkServerTestRunner(checkout)
    tests.start()
    # Timings below measure a request, not the parent's warm-up.
    assert tests.server.wait_ready(60.0)
    yield tests
    tests.close()


USES_PACKAGE = """\
from tiny_ml import double


def test_double() -> None:
    assert double(2) == 4
"""


def snapshot(course: Course, name: str = "lesson") -> Path:
    return course.cache_dir / "snapshots" / "current" / "exercises" / name / f"{name}.py"


def summary(report: testrun.TestReport) -> tuple[str, tuple[str, ...]]:
    return report.outcome, tuple(f.test for f in report.failures)


def test_outcomes_equal_the_plain_runner(runner: ForkServerTestRunner, checkout: Course) -> None:
    plain = ProcessTestRunner(checkout)
    path = snapshot(checkout)
    for text in (
        PASSING,
        FAILING,
        USES_PACKAGE,
        "X = 1\n",  # no tests
        "import no_such_module\n\n\ndef test_a() -> None:\n    pass\n",
        "import sys\n\nsys.exit(0)\n\n\ndef test_a() -> None:\n    pass\n",
    ):
        write_snapshot(path, text)
        fast_report = runner.run(path, timeout=10.0)
        plain_report = plain.run(path, timeout=10.0)
        assert summary(fast_report) == summary(plain_report), text


def test_quick_saves_are_imported_fresh(runner: ForkServerTestRunner, checkout: Course) -> None:
    path = snapshot(checkout)
    for round_ in range(20):
        write_snapshot(path, FAILING if round_ % 2 else PASSING)
        report = runner.run(path, timeout=10.0)
        assert report.outcome == ("failed" if round_ % 2 else "passed"), (round_, report)


def test_os_exit_zero_is_a_crash(runner: ForkServerTestRunner, checkout: Course) -> None:
    path = snapshot(checkout)
    write_snapshot(path, "import os\n\nos._exit(0)\n\n\ndef test_a() -> None:\n    pass\n")
    assert runner.run(path, timeout=10.0).outcome == "crashed"
    write_snapshot(
        path,
        "import os\n\n\ndef test_a() -> None:\n    print('bye', flush=True)\n    os._exit(0)\n",
    )
    report = runner.run(path, timeout=10.0)
    assert report.outcome == "crashed"
    assert "bye" in report.output


def test_time_limit_gives_timeout_with_output(
    runner: ForkServerTestRunner, checkout: Course
) -> None:
    path = snapshot(checkout)
    write_snapshot(
        path,
        "def test_loop() -> None:\n"
        "    print('looping', flush=True)\n"
        "    while True:\n        pass\n",
    )
    report = runner.run(path, timeout=1.0)
    assert report.outcome == "timeout"
    assert "looping" in report.output


def test_dead_parent_falls_back_for_that_run(
    runner: ForkServerTestRunner, checkout: Course
) -> None:
    path = snapshot(checkout)
    write_snapshot(path, PASSING)
    assert runner.run(path, timeout=10.0).outcome == "passed"
    pid = runner.server.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    write_snapshot(path, FAILING)
    assert runner.run(path, timeout=10.0).outcome == "failed"  # from the plain runner
    assert runner.server.wait_ready(60.0)
    assert runner.server.pid not in (None, pid)
    write_snapshot(path, PASSING)
    assert runner.run(path, timeout=10.0).outcome == "passed"


def test_parent_ends_when_its_runner_is_killed(tmp_path: Path) -> None:
    program = (
        "import time\n"
        "from pathlib import Path\n"
        "from checker.forkserver import ForkServerClient\n"
        f"server = ForkServerClient(Path({str(tmp_path)!r}))\n"
        "server.start()\n"
        "assert server.wait_ready()\n"
        "print(server.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    runner = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, text=True)
    try:
        assert runner.stdout is not None
        pid = int(runner.stdout.readline())
        runner.kill()
        runner.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.05)
        assert not _alive(pid)
    finally:
        runner.kill()
        runner.wait()


def test_make_backends_returns_at_once(checkout: Course) -> None:
    typechecker, tests = make_backends(checkout, fast=False)
    assert isinstance(typechecker, ProcessTypeChecker)
    assert isinstance(tests, ProcessTestRunner)
    typechecker, tests = make_backends(checkout, fast=True)
    try:
        # Returned before the warm processes were ready: the fork server starts in the
        # background, the daemon only when asked (after the first verdict).
        assert isinstance(typechecker, DaemonTypeChecker) and typechecker.daemon.pid is None
        assert isinstance(tests, ForkServerTestRunner) and tests.server.pid is None
        path = snapshot(checkout)
        write_snapshot(path, USES_PACKAGE)
        assert typechecker.check([path]).diagnostics == ()
        assert tests.run(path, timeout=10.0).outcome == "passed"
        assert tests.server.wait_ready(0.0)  # the run found it ready
        assert not typechecker.daemon.status_file.exists()  # never started
        start_daemon(typechecker)
        assert typechecker.daemon.wait_ready(120.0)
        assert typechecker.check([path]).diagnostics == ()
    finally:
        typechecker.close()
        tests.close()
