"""The fork server's parent process: `python -m checker.forkparent FD ROOT [MODULES]`.

It imports pytest, rich and tiny_ml once, plus whatever a pytest session and its plugins import
lazily, freezes its heap (`gc.freeze()`, so children share it copy-on-write) and then forks one
fresh child per request. It never imports an exercise: each child imports the snapshot from
disk itself, so an edit can never be served from a module object left over from an earlier run.
The child runs the same pytest command line, environment and sentinel as `ProcessTestRunner`;
the time limit kills the child's whole process group and keeps the output written so far.
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import io
import json
import os
import pkgutil
import select
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import pytest

from checker.atomic import write_atomically
from checker.clipping import read_clipped
from checker.forkframes import (
    REFERENCE_PACKAGE,
    ForkRequest,
    ForkResult,
    ProtocolError,
    recv_frame,
    send_frame,
)
from checker.reaper import become_subreaper, kill_adopted, kill_process_group
from checker.testrun import pytest_arguments

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
# Whose versions decide what a session imports lazily.
_PLUGIN_HOSTS: Final = ("pytest", "hypothesis")


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


def _session_modules(store: Path | None) -> list[str]:
    """The modules a real pytest session imports (plugins import lazily, per session).

    Finding them takes a probe session (about 0.3 s of every start), so what it found is kept in
    `store`, keyed by what decides it; a launch then only imports the names. A stale or broken
    store costs that time again, never a verdict: the children import whatever is missing.
    """
    key = _environment_key()
    if store is not None:
        stored = _read_store(store, key)
        if stored is not None:
            return stored
    found = _probe_session_modules()
    if store is not None:
        try:
            write_atomically(store, json.dumps({"key": key, "modules": found}))
        except OSError:
            pass  # a read-only cache: the next start probes again
    return found


def _environment_key() -> str:
    versions = [getattr(sys.modules.get(name), "__version__", "") for name in _PLUGIN_HOSTS]
    parts = [sys.version, sys.prefix, *map(str, versions), _PROBE]  # the environment, by any name
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _read_store(store: Path, key: str) -> list[str] | None:
    try:
        data: object = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    modules = data.get("modules")
    if not isinstance(modules, list) or not all(isinstance(name, str) for name in modules):
        return None
    return [str(name) for name in modules]


def _probe_session_modules() -> list[str]:
    """Run one session on a throwaway test in a throwaway child, so the parent imports what it
    imported without keeping any state of a session."""
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


def _import_all(names: Sequence[str]) -> None:
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # the child reports it with pytest's own words
            continue


def _warm_up(root: Path, store: Path | None) -> None:
    """Import what every child needs, never an exercise, then freeze the heap.

    The parent runs with the children's environment, so the probe session loads exactly
    the plugins their sessions will load. A module that fails to import is left for each
    child to fail on (and report) by itself.
    """
    sys.path.insert(0, str(root))
    names = list(_WARM_MODULES)
    if (root / REFERENCE_PACKAGE / "__init__.py").is_file():
        names.append(REFERENCE_PACKAGE)
        names.extend(
            info.name
            for info in pkgutil.walk_packages(
                [str(root / REFERENCE_PACKAGE)], f"{REFERENCE_PACKAGE}."
            )
        )
    _import_all(names)
    _import_all(_session_modules(store))
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


def serve(fd: int, root: Path, store: Path | None = None) -> None:
    """The parent's loop: one request at a time until the runner hangs up."""
    sock = socket.socket(fileno=fd)
    # A fresh interpreter's path without what the children set themselves: its first
    # entry (the working folder) and the PYTHONPATH entries.
    own = {os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p}
    base_path = [p for p in sys.path if os.path.abspath(p) not in own and p not in ("", ".")]
    become_subreaper()
    _warm_up(root, store)
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


if __name__ == "__main__":
    serve(int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else None)
