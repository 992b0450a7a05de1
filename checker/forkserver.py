"""Pytest in a child forked from a warm parent: ~50 ms a verdict instead of ~250 ms.

The parent (`checker.forkparent`) imports what every check needs once and forks a fresh child
per request. This side starts it in the background and talks to it over a unix socket pair
(`checker.forkframes`); it never imports pytest itself, so a watcher starts its parent without
waiting for that import. When the parent dies, answers garbage or does not answer in time,
the runner kills it, starts a new one in the background and hands that verdict to the plain
`ProcessTestRunner`, so a broken parent costs speed, never correctness.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Final, NamedTuple

from checker.cancel import Cancellation
from checker.course import Course, import_root
from checker.forkframes import (
    REFERENCE_PACKAGE,
    ForkRequest,
    ForkResult,
    ProtocolError,
    recv_frame,
    send_frame,
)
from checker.reaper import kill_process_group
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

# A request cancelled before its child was forked: as if killed at once.
_CANCELLED: Final = ForkResult(-signal.SIGKILL, "", False, 0.0)

ForkServerError = HelperUnavailable
"""The parent could not serve this request; the caller falls back to a plain process."""


class _Parent(NamedTuple):
    proc: subprocess.Popen[bytes]
    sock: socket.socket
    fingerprint: tuple[tuple[str, int, int], ...]  # the reference package it imported


def _package_fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Stat of every source file of the reference package the parent has imported."""
    package = root / REFERENCE_PACKAGE
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
        modules_store: Path | None = None,
        ready_timeout: float = 30.0,
        control_timeout: float = 5.0,
    ) -> None:
        self._root = root
        self._env = dict(env) if env is not None else None
        self._log_path = log_path
        self._modules_store = modules_store
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
                        "checker.forkparent",
                        str(theirs.fileno()),
                        str(self._root),
                        *([str(self._modules_store)] if self._modules_store else []),
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
                raise supervisor.fail(f"{REFERENCE_PACKAGE} changed since the server started")
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
            # What a pytest session imports lazily, found once per environment.
            modules_store=course.cache_dir / "forkserver-modules.json",
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
