"""Pytest in a child forked from a warm parent: ~50 ms a verdict instead of ~250 ms.

The parent (`python -m checker.forkserver FD ROOT`) imports pytest, rich and tiny_ml once,
plus whatever one probe session shows pytest and its plugins import lazily, freezes its heap (`gc.freeze()`, so children share it copy-on-write) and then forks one
fresh child per request. It never imports an exercise: each child imports the snapshot
from disk itself, so an edit can never be served from a module object left over from an
earlier run. The child runs the same pytest command line, environment and sentinel as
`ProcessTestRunner`; the time limit kills the child's whole process group and keeps the
output written so far.

The runner talks to the parent over a unix socket pair: frames of a 4-byte big-endian
length followed by a UTF-8 JSON object. When the parent dies, answers garbage or does
not answer in time, the runner kills it, starts a new one in the background and hands
that verdict to the plain `ProcessTestRunner`, so a broken parent costs speed, never
correctness.
"""

from __future__ import annotations

import gc
import importlib
import io
import json
import os
import pkgutil
import secrets
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, NamedTuple

import pytest

from checker.cancel import Cancellation
from checker.clipping import read_clipped
from checker.course import Course, import_root
from checker.reaper import become_subreaper, kill_adopted, kill_process_group
from checker.supervisor import HelperUnavailable, Supervisor
from checker.testrun import (
    ProcessTestRunner,
    TestReport,
    TestRunner,
    child_environment,
    clip_output,
    conclude,
    pytest_arguments,
)

_HEADER: Final = struct.Struct("!I")
# Frames bigger than this are a broken peer, not a verdict.
_MAX_FRAME: Final = 64 * 1024 * 1024
# Output kept from a child: the start and the end, where pytest writes its summary.
_OUTPUT_HEAD: Final = 256 * 1024
_OUTPUT_TAIL: Final = 768 * 1024
# Modules the parent imports before it forks; the course's own reference package is
# added by name when the course has one.
_WARM_MODULES: Final = (
    "pytest",
    "rich",
    "rich.console",
    "rich.text",
    "hypothesis",  # property checks in exercises: 150-200 ms to import, every time
    "hypothesis.strategies",
    "checker.pytest_hypothesis",
    "checker.pytest_sentinel",  # imported only: its result lists start empty in every child
)
_REFERENCE_PACKAGE: Final = "tiny_ml"


class ProtocolError(Exception):
    """The peer closed the connection or sent something that is not a frame."""


JSONObject = dict[str, object]


def send_frame(sock: socket.socket, message: Mapping[str, object]) -> None:
    """Write one length-prefixed JSON frame."""
    data = json.dumps(message).encode("utf-8")
    sock.sendall(_HEADER.pack(len(data)) + data)


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        chunk = sock.recv(min(remaining, 1 << 20))
        if not chunk:
            raise ProtocolError("connection closed")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def recv_frame(sock: socket.socket) -> JSONObject:
    """Read one frame; raise ProtocolError on EOF, oversize or anything but a JSON object."""
    (size,) = _HEADER.unpack(_recv_exact(sock, _HEADER.size))
    if size > _MAX_FRAME:
        raise ProtocolError(f"frame of {size} bytes")
    try:
        message: object = json.loads(_recv_exact(sock, size).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ProtocolError(f"frame is not JSON: {err}") from err
    if not isinstance(message, dict):
        raise ProtocolError("frame is not a JSON object")
    return {str(key): value for key, value in message.items()}


@dataclass(frozen=True)
class ForkRequest:
    """One pytest run: exactly what a fresh `python -m pytest` process would be given."""

    argv: tuple[str, ...]  # pytest's arguments (after `python -m pytest`)
    env: tuple[tuple[str, str], ...]  # the child's whole environment
    cwd: str
    timeout: float

    def to_json(self) -> JSONObject:
        return {
            "op": "run",
            "argv": list(self.argv),
            "env": dict(self.env),
            "cwd": self.cwd,
            "timeout": self.timeout,
        }

    @classmethod
    def from_json(cls, message: Mapping[str, object]) -> ForkRequest:
        argv = message.get("argv")
        env = message.get("env")
        cwd = message.get("cwd")
        timeout = message.get("timeout")
        if not (isinstance(argv, list) and all(isinstance(arg, str) for arg in argv)):
            raise ProtocolError("argv must be a list of strings")
        if not (
            isinstance(env, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in env.items())
        ):
            raise ProtocolError("env must map strings to strings")
        if not isinstance(cwd, str):
            raise ProtocolError("cwd must be a string")
        if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
            raise ProtocolError("timeout must be a positive number")
        return cls(
            argv=tuple(str(arg) for arg in argv),
            env=tuple((str(k), str(v)) for k, v in env.items()),
            cwd=cwd,
            timeout=float(timeout),
        )


@dataclass(frozen=True)
class ForkResult:
    """What the parent saw of one child."""

    returncode: int  # negative: killed by that signal
    output: str
    timed_out: bool
    seconds: float

    def to_json(self) -> JSONObject:
        return {
            "event": "done",
            "returncode": self.returncode,
            "output": self.output,
            "timed_out": self.timed_out,
            "seconds": self.seconds,
        }

    @classmethod
    def from_json(cls, message: Mapping[str, object]) -> ForkResult:
        returncode = message.get("returncode")
        output = message.get("output")
        timed_out = message.get("timed_out")
        seconds = message.get("seconds")
        if message.get("event") != "done":
            raise ProtocolError(f"expected a done event, got {message.get('event')!r}")
        if not isinstance(returncode, int) or isinstance(returncode, bool):
            raise ProtocolError("returncode must be an int")
        if not isinstance(output, str) or not isinstance(timed_out, bool):
            raise ProtocolError("output must be a string and timed_out a bool")
        if not isinstance(seconds, int | float) or isinstance(seconds, bool):
            raise ProtocolError("seconds must be a number")
        return cls(returncode, output, timed_out, float(seconds))


# A request cancelled before its child was forked: as if killed at once.
_CANCELLED: Final = ForkResult(-signal.SIGKILL, "", False, 0.0)


# ---------------------------------------------------------------------------------------
# The parent: runs in its own process, started by ForkServerClient.


# A check like the exercises' own: a plain test and, when hypothesis is there, a property,
# so the modules a first property test imports lazily are imported by the parent too.
_PROBE: Final = """\
def test_probe() -> None:
    pass


try:
    from hypothesis import given, settings, strategies
except ImportError:
    pass
else:

    @settings(max_examples=5, database=None)
    @given(strategies.lists(strategies.floats()), strategies.text())
    def test_probe_property(numbers: list[float], word: str) -> None:
        pass
"""


def _session_modules() -> list[str]:
    """The modules a real pytest session imports (plugins import lazily, per session).

    Found by running one session on a throwaway test in a throwaway child, so the parent
    imports these modules without keeping any state of a session.
    """
    read_end, write_end = os.pipe()
    with tempfile.TemporaryDirectory(prefix="warm-") as folder:
        probe = Path(folder) / "warm_probe.py"
        probe.write_text(_PROBE, encoding="utf-8")
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.close(read_end)
                null = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(null, fd)
                os.chdir(folder)
                before = set(sys.modules)
                pytest.main(pytest_arguments(probe))
                found = sorted(set(sys.modules) - before - {probe.stem})
                os.write(write_end, "\n".join(found).encode("utf-8"))
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
    return [name for name in data.decode("utf-8").split("\n") if name]


def _warm_up(root: Path) -> None:
    """Import what every child needs, never an exercise, then freeze the heap.

    The parent runs with the children's environment, so the probe session loads exactly
    the plugins their sessions will load. A module that fails to import is left for each
    child to fail on (and report) by itself.
    """
    sys.path.insert(0, str(root))
    names = list(_WARM_MODULES)
    if (root / _REFERENCE_PACKAGE / "__init__.py").is_file():
        names.append(_REFERENCE_PACKAGE)
        names.extend(
            info.name
            for info in pkgutil.walk_packages(
                [str(root / _REFERENCE_PACKAGE)], f"{_REFERENCE_PACKAGE}."
            )
        )
    for name in [*names, *_session_modules()]:
        try:
            importlib.import_module(name)
        except Exception:  # the child reports it with pytest's own words
            continue
    # The parent's own sys.path entry must not leak into children: they rebuild sys.path.
    sys.path.remove(str(root))
    _collect_hypothesis_constants()
    gc.collect()
    gc.freeze()


def _collect_hypothesis_constants() -> None:
    """Let every child inherit the constants hypothesis harvests from local modules.

    On a process's first draw hypothesis reads the source of every local module it has not
    seen yet (the reference package, the checker) for constants worth trying: 20-30 ms per
    check when each child does it. Done here, a child reads only the exercise. The function
    is internal to hypothesis, so any change to it only costs that time, never a verdict.
    """
    try:
        from hypothesis.internal.conjecture.providers import _get_local_constants

        _get_local_constants()
    except Exception:
        return


def _unbuffered_text(fd: int) -> io.TextIOWrapper:
    raw = io.FileIO(fd, "w", closefd=False)
    return io.TextIOWrapper(raw, encoding="utf-8", errors="backslashreplace", write_through=True)


def _child(request: ForkRequest, output_fd: int, base_path: Sequence[str]) -> None:
    """Become `python -m pytest ARGV` as a fresh process would; never returns."""
    code = 70
    try:
        os.setpgid(0, 0)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(output_fd, 1)
        os.dup2(output_fd, 2)
        os.close(null)
        os.close(output_fd)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.chdir(request.cwd)
        os.environ.clear()
        os.environ.update(dict(request.env))
        # What the interpreter would have set up from this environment at start-up.
        sys.dont_write_bytecode = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))
        prefix = os.environ.get("PYTHONPYCACHEPREFIX")
        sys.pycache_prefix = os.path.abspath(prefix) if prefix else None
        pythonpath = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        sys.path[:] = [request.cwd, *(os.path.abspath(p) for p in pythonpath), *base_path]
        sys.argv = [os.path.join(os.path.dirname(sys.executable), "pytest"), *request.argv]
        # Written through at once, so a child killed at the time limit leaves its output.
        sys.stdout = _unbuffered_text(1)
        sys.stderr = _unbuffered_text(2)
        code = int(pytest.main(list(request.argv)))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _wait_for_exit(pid: int, timeout: float) -> None:
    """Return when the child has exited or the time is up, whichever comes first."""
    deadline = time.monotonic() + timeout
    if hasattr(os, "pidfd_open"):  # Linux: sleep until the kernel says it exited
        pidfd = os.pidfd_open(pid)
        try:
            select.select([pidfd], [], [], max(0.0, deadline - time.monotonic()))
        finally:
            os.close(pidfd)
        return
    pause = 0.0005  # elsewhere: poll, briefly at first
    while time.monotonic() < deadline:
        if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            return
        time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        pause = min(pause * 2, 0.01)


def _wait_child(pid: int, timeout: float) -> tuple[int, bool]:
    """Wait for the child, killing its process group at the time limit."""
    _wait_for_exit(pid, timeout)
    done, status = os.waitpid(pid, os.WNOHANG)
    timed_out = done == 0
    # Learner code may have started processes of its own in the child's group.
    kill_process_group(pid)
    if timed_out:
        os.kill(pid, signal.SIGKILL)  # in case it left its group
        _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), timed_out


def _serve_one(sock: socket.socket, request: ForkRequest, base_path: Sequence[str]) -> None:
    with tempfile.TemporaryFile() as output:
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            sock.close()
            _child(request, output.fileno(), base_path)
        try:
            os.setpgid(pid, pid)
        except OSError:
            pass  # the child already did it, or already exited
        send_frame(sock, {"event": "started", "pid": pid})
        returncode, timed_out = _wait_child(pid, request.timeout)
        # Whatever the check started and left behind, in its group or not, ends with it.
        kill_adopted()
        result = ForkResult(
            returncode=returncode,
            output=read_clipped(output.fileno(), _OUTPUT_HEAD, _OUTPUT_TAIL),
            timed_out=timed_out,
            seconds=time.monotonic() - started,
        )
    send_frame(sock, result.to_json())


def serve(fd: int, root: Path) -> None:
    """The parent's loop: one request at a time until the runner hangs up."""
    sock = socket.socket(fileno=fd)
    # A fresh interpreter's path without what the children set themselves: its first
    # entry (the working folder) and the PYTHONPATH entries.
    own = {os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p}
    base_path = [p for p in sys.path if os.path.abspath(p) not in own and p not in ("", ".")]
    become_subreaper()
    _warm_up(root)
    send_frame(sock, {"event": "ready", "pid": os.getpid()})
    while True:
        try:
            message = recv_frame(sock)
        except (ProtocolError, OSError):
            return
        try:
            if message.get("op") != "run":
                raise ProtocolError(f"unknown op {message.get('op')!r}")
            _serve_one(sock, ForkRequest.from_json(message), base_path)
        except ProtocolError as err:
            send_frame(sock, {"event": "error", "message": str(err)})


# ---------------------------------------------------------------------------------------
# The runner's side: owns one parent, starts it in the background, replaces it on failure.


ForkServerError = HelperUnavailable
"""The parent could not serve this request; the caller falls back to a plain process."""


class _Parent(NamedTuple):
    proc: subprocess.Popen[bytes]
    sock: socket.socket
    fingerprint: tuple[tuple[str, int, int], ...]  # the reference package it imported


def _package_fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Stat of every source file of the reference package the parent has imported."""
    package = root / _REFERENCE_PACKAGE
    found: list[tuple[str, int, int]] = []
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except FileNotFoundError:
                    continue
                found.append((path, st.st_mtime_ns, st.st_size))
    return tuple(found)


class ForkServerClient:
    """One warm parent process and the socket to it; safe to call from several threads."""

    def __init__(
        self,
        root: Path,
        *,
        env: Mapping[str, str] | None = None,
        log_path: Path | None = None,
        ready_timeout: float = 30.0,
        control_timeout: float = 5.0,
    ) -> None:
        self._root = root
        self._env = dict(env) if env is not None else None
        self._log_path = log_path
        self._ready_timeout = ready_timeout
        self._control_timeout = control_timeout
        self._supervisor = Supervisor(
            "test server", spawn=self._spawn, stop=self._end, interrupt=self._interrupt
        )
        self._child_lock = threading.Lock()
        self._child: int | None = None  # the in-flight request's child, for close() to stop

    @property
    def pid(self) -> int | None:
        """The parent's process id once it is ready (tests use it to kill the parent)."""
        parent = self._supervisor.ready_handle
        return parent.proc.pid if parent is not None else None

    def start(self) -> None:
        """Start the parent in the background unless it runs or is starting already."""
        self._supervisor.start()

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Block until the parent is ready (or failed to start); True if ready."""
        return self._supervisor.wait_ready(self._ready_timeout if timeout is None else timeout)

    def _spawn(self) -> _Parent:
        ours, theirs = socket.socketpair()
        proc: subprocess.Popen[bytes] | None = None
        try:
            fingerprint = _package_fingerprint(self._root)
            with open(self._log_path or os.devnull, "ab") as log:
                proc = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "checker.forkserver",
                        str(theirs.fileno()),
                        str(self._root),
                    ],
                    pass_fds=(theirs.fileno(),),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=log,
                    cwd=self._root,
                    env=self._env,
                    start_new_session=True,
                )
            theirs.close()
            ours.settimeout(self._ready_timeout)
            hello = recv_frame(ours)
            if hello.get("event") != "ready":
                raise ProtocolError(f"expected ready, got {hello!r}")
        except BaseException:
            theirs.close()
            ours.close()
            if proc is not None:
                kill_process_group(proc.pid)
                proc.wait()
            raise
        return _Parent(proc, ours, fingerprint)

    @staticmethod
    def _end(parent: _Parent) -> None:
        """Kill the parent (and its session)."""
        parent.sock.close()
        kill_process_group(parent.proc.pid)
        parent.proc.wait()

    def _interrupt(self, parent: _Parent | None) -> None:
        """Ctrl-C must not wait out a learner's infinite loop: end the child, and the parent,
        which wakes a run() blocked on the socket."""
        with self._child_lock:
            child = self._child
        if child is not None:
            kill_process_group(child)
        if parent is not None:
            kill_process_group(parent.proc.pid)

    def run(self, request: ForkRequest, cancel: Cancellation | None = None) -> ForkResult:
        """Run one request; ForkServerError means this verdict must come from elsewhere."""
        cancel = cancel if cancel is not None else Cancellation()
        if not self.wait_ready():
            raise ForkServerError("the test server is not ready")
        supervisor = self._supervisor
        with supervisor.request() as parent:
            if cancel.cancelled:
                return _CANCELLED
            if _package_fingerprint(self._root) != parent.fingerprint:
                raise supervisor.fail(f"{_REFERENCE_PACKAGE} changed since the server started")
            child: int | None = None
            try:
                parent.sock.settimeout(self._control_timeout)
                send_frame(parent.sock, request.to_json())
                started = recv_frame(parent.sock)
                pid = started.get("pid")
                if started.get("event") != "started" or not isinstance(pid, int):
                    raise ProtocolError(f"expected started, got {started!r}")
                child = pid
                with self._child_lock:
                    self._child = pid
                # The parent enforces the limit; this only catches a parent that hangs.
                parent.sock.settimeout(request.timeout + self._control_timeout)
                with cancel.stoppable(lambda: kill_process_group(pid)):
                    result = ForkResult.from_json(recv_frame(parent.sock))
            except (OSError, ProtocolError) as err:
                if child is not None:
                    kill_process_group(child)  # what is left of this request
                raise supervisor.fail(f"the test server failed: {err}") from err
            finally:
                with self._child_lock:
                    self._child = None
            supervisor.succeeded()
            return result

    def close(self) -> None:
        """Stop at once, even mid-request."""
        self._supervisor.close()


# ---------------------------------------------------------------------------------------
# The TestRunner: the same command line, environment and sentinel as ProcessTestRunner.


class ForkServerTestRunner:
    """TestRunner on a warm fork server; whatever the server cannot do goes to `fallback`."""

    def __init__(self, course: Course, *, fallback: TestRunner | None = None) -> None:
        self._course = course
        self._fallback = fallback if fallback is not None else ProcessTestRunner(course)
        # The parent gets the children's environment, so it preloads what they will load.
        self.server = ForkServerClient(
            import_root(course),
            env=child_environment(course, Path(os.devnull), ""),
            log_path=course.cache_dir / "forkserver.log",
        )

    def start(self) -> None:
        """Start the parent in the background; the first run waits for it."""
        self._course.cache_dir.mkdir(parents=True, exist_ok=True)
        self.server.start()

    def run(
        self, test_file: Path, *, timeout: float, cancel: Cancellation | None = None
    ) -> TestReport:
        runs = self._course.cache_dir / "runs"
        runs.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="run-", dir=runs) as scratch:
            sentinel = Path(scratch) / "sentinel.json"
            nonce = secrets.token_hex(16)
            env = child_environment(self._course, sentinel, nonce)
            request = ForkRequest(
                argv=tuple(pytest_arguments(test_file)),
                env=tuple(env.items()),
                cwd=scratch,
                timeout=timeout,
            )
            try:
                result = self.server.run(request, cancel)
            except ForkServerError:
                # A closed fallback answers "not-run" at once, so close() never starts a check.
                return self._fallback.run(test_file, timeout=timeout, cancel=cancel)
            output = clip_output(result.output)
            return conclude(sentinel, nonce, output, result.seconds, result.timed_out, timeout)

    def close(self) -> None:
        self.server.close()
        self._fallback.close()


if __name__ == "__main__":
    serve(int(sys.argv[1]), Path(sys.argv[2]))
