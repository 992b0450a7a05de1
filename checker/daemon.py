"""mypy kept warm: a daemon driven over its socket, about 5 ms per check of an edited file.

A fresh `mypy` process costs ~130 ms per save even with a warm cache; the daemon keeps the
whole program in memory and rechecks only what changed. This module starts the daemon
itself (`python -m checker.daemon`, which runs mypy's own `dmypy daemon` command in a
process that is ours to watch and kill) and talks to it in-process with mypy's own IPC
client, never through a `dmypy` client process.

Traps this module is built around:
- The daemon's file watcher treats a file whose size and whole-second mtime did not change
  as unchanged. The checker checks snapshots whose mtime strictly increases; on top of
  that, this module remembers what the daemon believes about each file and, when a file
  changed behind an identical size and second, forces a recheck of the checked files.
- Two files with one module name (one exercise's snapshots in two families) are one
  module to the daemon: when the other file was analysed last, the recheck is forced.
- `recheck --update` crashes a daemon that follows imports, and one malformed request
  kills it. Only `check` requests are sent; a dead, silent or confused daemon is killed,
  restarted in the background, and that verdict comes from the plain checker.
- Status file, log and cache live in the per-user state folder, never in the checkout.
- Filling the cache on the very first launch takes seconds: no check waits for it (the
  plain checker answers), and the fill runs at low priority so that it does not slow
  those answers down.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final, NamedTuple

from mypy.dmypy_util import receive, send
from mypy.ipc import BadStatus, IPCClient, IPCException, read_status
from mypy.version import __version__ as mypy_version

from checker.atomic import write_atomically
from checker.course import Course
from checker.mypy_cache import SEEDED, base_cache_dir, warm_file, warm_text
from checker.reaper import kill_process_group
from checker.supervisor import HelperUnavailable, Supervisor
from checker.typecheck import (
    ProcessTypeChecker,
    TypeCheckReport,
    mypy_environment,
    parse_json_lines,
)

# The daemon always checks the warm module alongside the learner's file: it imports what the
# exercises import (the reference package, pytest, hypothesis, ...), so all of it is loaded once
# at start-up, from the fine-grained cache, instead of on the first save that needs it (a
# library added to a running daemon slows that save, and the next few, by seconds).
_MAX_LOG: Final = 1 << 20
# Filling the cache yields the processor to the checks a learner is waiting for.
_SEED_NICENESS: Final = 19


DaemonError = HelperUnavailable
"""The daemon could not give a trustworthy answer; the caller falls back."""


@dataclass(frozen=True)
class DaemonSettings:
    """How to run the daemon so that it agrees with the plain checker."""

    flags: tuple[str, ...]  # the plain checker's mypy options (strict, config, -O json)
    cwd: Path  # mypy reports paths relative to this: the plain checker's working folder
    state_dir: Path  # per-user folder for status file, cache and log
    root: Path  # course root; its reference package is loaded before the first check
    start_timeout: float = 120.0  # seeding the cache and the first (warm-up) check
    # How long a check waits for a starting daemon before the plain checker answers it. Not at
    # all: with the libraries' analysis cached, plain mypy answers in a fraction of the second
    # or more that loading it into a new daemon takes.
    ready_wait: float = 0.0
    check_timeout: float = 20.0  # one check; a change to the reference package is ~1 s
    env: Mapping[str, str] | None = None  # the plain checker's environment for mypy


class DaemonAnswer(NamedTuple):
    out: str  # mypy's output: one JSON object a line
    status: int  # 0 clean, 1 errors


class _RunningDaemon(NamedTuple):
    proc: subprocess.Popen[bytes]
    connection: str  # the daemon's socket


class _FileView(NamedTuple):
    """What the daemon's watcher records about a file: it compares size and whole second."""

    size: int
    second: int
    digest: str


def _view(path: str) -> _FileView | None:
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            digest = hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None
    return _FileView(st.st_size, int(st.st_mtime), digest)


def _stop(proc: subprocess.Popen[bytes], connection: str | None) -> None:
    """Kill the daemon and remove the socket folder it can no longer remove itself."""
    kill_process_group(proc.pid)
    proc.wait()
    if proc.stdin is not None:
        proc.stdin.close()
    if connection is not None and os.path.basename(connection) == "dmypy.sock":
        shutil.rmtree(os.path.dirname(connection), ignore_errors=True)


def _clear_stale_status_files(state_dir: Path) -> None:
    """Remove status files left by watchers that died without closing their daemon."""
    for status in state_dir.glob("dmypy-*.json"):
        pid = status.stem.removeprefix("dmypy-")
        if pid.isdigit() and not _alive(int(pid)):
            status.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _log_file(path: Path) -> BinaryIO:
    """The daemon's log: appended to, but started afresh once it passes a megabyte."""
    try:
        large = path.stat().st_size > _MAX_LOG
    except FileNotFoundError:
        large = False
    return open(path, "wb" if large else "ab")


class MypyDaemon:
    """One daemon process, its status file and its socket; thread-safe."""

    def __init__(self, settings: DaemonSettings) -> None:
        self._settings = settings
        state = settings.state_dir
        # One status file per watcher process: two watchers on one course do not collide.
        self.status_file = state / f"dmypy-{os.getpid()}.json"
        self._cache_dir = base_cache_dir(state)
        self._seed_marker = self._cache_dir / SEEDED
        self._log = state / "dmypy.log"
        self.warm_file = warm_file(state)
        self._supervisor = Supervisor(
            "mypy daemon", spawn=self._spawn, stop=self._end, interrupt=self._interrupt
        )
        # Set while the daemon starts with its cache still to fill: checks do not wait.
        self._filling = False
        self._seeding_lock = threading.Lock()
        self._seeding: subprocess.Popen[bytes] | None = None  # killed if the watcher quits
        # What the daemon's file watcher recorded for each file it was asked to check,
        # and the content digest its last analysis of that file saw.
        self._watcher: dict[str, _FileView | None] = {}
        self._analysed: dict[str, str] = {}
        # The file each module name was last analysed from. Snapshots of one exercise in
        # two families (current, batch, ...) share a module name, and the daemon keeps
        # serving the other file's analysis when the file it is given looks unchanged.
        self._module_paths: dict[str, str] = {}

    # -- life cycle ------------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        running = self._supervisor.ready_handle
        return running.proc.pid if running is not None else None

    def start(self) -> None:
        """Start the daemon in the background unless it runs or is starting already."""
        self._filling = not self._seeded()
        self._supervisor.start()

    def wait_ready(self, timeout: float | None = None) -> bool:
        limit = self._settings.start_timeout if timeout is None else timeout
        return self._supervisor.wait_ready(limit)

    def _mypy_flags(self) -> list[str]:
        # Later options win. The daemon keeps its own cache, prints only JSON lines, and
        # follows imports normally (mypy's default, as the plain checker does): the
        # daemon refuses "silent", and "skip"/"error" would not see the reference package.
        return [
            *self._settings.flags,
            "--cache-dir",
            str(self._cache_dir),
            "--follow-imports",
            "normal",
            "--no-error-summary",
        ]

    @functools.cached_property
    def _warm_text(self) -> str:
        """Read once per daemon: finding it parses every exercise of the course."""
        return warm_text(self._settings.root)

    def _seed_key(self) -> str:
        # The environment, not the name it was started by: `python`, `python3` and a console
        # script of one virtualenv share one analysis.
        environment = [sys.prefix, sys.version]
        return "\n".join([mypy_version, *environment, *self._mypy_flags(), self._warm_text])

    def _seeded(self) -> bool:
        try:
            return self._seed_marker.read_text(encoding="utf-8") == self._seed_key()
        except OSError:
            return False

    def fill_cache(self, *, low_priority: bool = True) -> bool:
        """Fill the fine-grained cache once, so later starts load instead of analysing; True
        if it is filled.

        Only the warm module (what the exercises import) goes into this cache, never an
        exercise: a cached exercise could be mistaken for an unchanged one. A watcher fills it
        at low priority (it takes seconds, and the plain checker answers meanwhile); `init`
        fills it in the foreground, so the first launch finds it filled.
        """
        self._write_warm_file()  # the daemon checks it on every request, filled or not
        if self._seeded():
            return True
        # Plain checkers copy the base once it is marked filled: never while it is written.
        self._seed_marker.unlink(missing_ok=True)
        command = [
            sys.executable,
            "-m",
            "mypy",
            *self._mypy_flags(),
            "--cache-fine-grained",
            str(self.warm_file),
        ]
        with subprocess.Popen(
            command,
            cwd=self._settings.cwd,
            env=self._settings.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ) as seeding:
            with self._seeding_lock:
                closed = self._supervisor.closed
                self._seeding = None if closed else seeding
            if closed:
                seeding.kill()
            try:
                if low_priority:
                    os.setpriority(os.PRIO_PROCESS, seeding.pid, _SEED_NICENESS)
            except OSError:
                pass  # it has finished already, or may not be lowered here: it runs as is
            try:
                returncode = seeding.wait(self._settings.start_timeout)
            except subprocess.TimeoutExpired:
                seeding.kill()
                raise
            finally:
                with self._seeding_lock:
                    self._seeding = None
        if returncode not in (0, 1):
            return False
        write_atomically(self._seed_marker, self._seed_key().encode("utf-8"))
        return True

    def _write_warm_file(self) -> None:
        self.warm_file.parent.mkdir(parents=True, exist_ok=True)
        self._cache_dir.mkdir(parents=True, exist_ok=True)
        seed = self._warm_text
        if not self.warm_file.is_file() or self.warm_file.read_text("utf-8") != seed:
            self.warm_file.write_text(seed, encoding="utf-8")

    def _spawn(self) -> _RunningDaemon:
        """Fill the cache if it needs it, start the daemon and check the warm module once."""
        self._filling = not self._seeded()
        self.fill_cache()
        if self._supervisor.closed:
            raise DaemonError("closed while the cache was being filled")
        self.status_file.unlink(missing_ok=True)
        command = [
            sys.executable,
            "-m",
            "checker.daemon",
            "--status-file",
            str(self.status_file),
            "daemon",
            "--",
            *self._mypy_flags(),
            "--use-fine-grained-cache",
        ]
        _clear_stale_status_files(self._settings.state_dir)
        with _log_file(self._log) as log:
            proc = subprocess.Popen(
                command,
                cwd=self._settings.cwd,
                env=self._settings.env,
                stdin=subprocess.PIPE,  # held open by us: its end is our end
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        connection: str | None = None
        try:
            connection = self._await_status(proc)
            self._request(connection, [], timeout=self._settings.start_timeout)
        except BaseException:
            _stop(proc, connection)
            raise
        return _RunningDaemon(proc, connection)

    def _await_status(self, proc: subprocess.Popen[bytes]) -> str:
        """Wait until the daemon has written its status file; return its socket name."""
        deadline = time.monotonic() + self._settings.start_timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise DaemonError(f"exited with status {proc.returncode}; see {self._log}")
            try:
                status = read_status(str(self.status_file))
            except BadStatus:
                time.sleep(0.005)
                continue
            pid, name = status.get("pid"), status.get("connection_name")
            if pid == proc.pid and isinstance(name, str):
                return name
            time.sleep(0.005)
        raise DaemonError("no status file before the time limit")

    def _end(self, running: _RunningDaemon) -> None:
        """Forget what this daemon believed about files, then end it."""
        self._watcher.clear()
        self._analysed.clear()
        self._module_paths.clear()
        _stop(running.proc, running.connection)
        self.status_file.unlink(missing_ok=True)

    def _interrupt(self, running: _RunningDaemon | None) -> None:
        """A cache fill in progress ends at once when the watcher quits."""
        with self._seeding_lock:
            if self._seeding is not None:
                self._seeding.kill()

    def close(self) -> None:
        self._supervisor.close()

    # -- requests --------------------------------------------------------------------

    def _request(
        self, connection: str, files: Sequence[str], *, timeout: float, force: bool = False
    ) -> DaemonAnswer:
        request: dict[str, object] = {
            "command": "check",
            "files": [str(self.warm_file), *files],
            # Rechecks every listed file even if the watcher thinks it unchanged. It also
            # stores every expression's type, which grows the daemon: only when needed.
            "export_types": force,
            "is_tty": False,
            "terminal_width": 80,
        }
        try:
            with IPCClient(connection, timeout) as client:
                send(client, request)
                while True:
                    frame = receive(client)
                    if frame.get("final"):
                        break
        except (OSError, IPCException) as err:
            raise DaemonError(f"no answer: {err}") from err
        error, restart = frame.get("error"), frame.get("restart")
        if error is not None or restart is not None:
            raise DaemonError(f"daemon refused: {error or restart}")
        out, err_text, status = frame.get("out"), frame.get("err"), frame.get("status")
        if not isinstance(out, str) or not isinstance(status, int) or status not in (0, 1):
            raise DaemonError(f"unexpected answer: status {status!r}, err {err_text!r}")
        if err_text:
            raise DaemonError(f"daemon wrote to stderr: {err_text!r}")
        return DaemonAnswer(out, status)

    def check(self, files: Sequence[Path]) -> DaemonAnswer:
        """One check of these files (plus the warm module); DaemonError if untrustworthy."""
        supervisor = self._supervisor
        if self._filling and supervisor.starting:
            raise DaemonError("the mypy daemon is still filling its cache")
        if not supervisor.wait_ready(self._settings.ready_wait):
            raise DaemonError("the mypy daemon is still starting")
        with supervisor.request() as running:
            if running.proc.poll() is not None:
                raise supervisor.fail(
                    f"the mypy daemon exited with status {running.proc.returncode}"
                )
            paths = [str(path) for path in files]
            views: dict[str, _FileView] = {}
            for path in paths:
                view = _view(path)
                if view is None:
                    # The daemon reports a missing file as clean: never trust that.
                    raise DaemonError(f"cannot read {path}")
                views[path] = view
            force = any(self._needs_force(path, view) for path, view in views.items())
            try:
                answer = self._request(
                    running.connection, paths, timeout=self._settings.check_timeout, force=force
                )
            except DaemonError as err:
                raise supervisor.fail(str(err)) from err
            self._remember(views)
            supervisor.succeeded()
            return answer

    def _needs_force(self, path: str, view: _FileView) -> bool:
        """True if the daemon would answer from an analysis of other content or another file."""
        if self._module_paths.get(Path(path).stem, path) != path:
            return True
        if self._analysed.get(path, view.digest) == view.digest:
            return False
        record = self._watcher.get(path)
        if record is None or record.size != view.size:
            return False
        # Same size: the watcher rehashes only in a new second, against its recorded hash.
        return record.second == view.second or record.digest == view.digest

    def _remember(self, checked: dict[str, _FileView]) -> None:
        """Mirror the daemon's watcher, which restats every file it has seen on each check."""
        for path in set(self._watcher) | set(checked):
            new = checked[path] if path in checked else _view(path)
            old = self._watcher.get(path)
            if new is None or old is None or (old.size, old.second) != (new.size, new.second):
                self._watcher[path] = new
            # else: same size and second; the watcher keeps its old digest, and so do we
        for path, view in checked.items():
            self._analysed[path] = view.digest
            self._module_paths[Path(path).stem] = path


class DaemonTypeChecker:
    """TypeChecker on a warm daemon, configured exactly as the plain `ProcessTypeChecker`.

    Any doubt about an answer (daemon dead, silent, confused, or a file missing) sends
    that check to the plain checker instead, so the daemon can cost speed, never truth.
    """

    def __init__(self, course: Course, *, fallback: ProcessTypeChecker | None = None) -> None:
        self._fallback = fallback if fallback is not None else ProcessTypeChecker(course)
        # The plain checker's own command line, without its program and files: the same
        # checker-owned config, strict flags and JSON output.
        command = self._fallback.command([])
        program = [self._fallback.python, "-m", "mypy"]
        if command[: len(program)] != program:
            raise ValueError(f"unexpected mypy command line: {command!r}")
        self._cwd = course.cache_dir  # where ProcessTypeChecker runs mypy
        self.daemon = MypyDaemon(
            DaemonSettings(
                flags=tuple(command[len(program) :]),
                cwd=self._cwd,
                state_dir=course.cache_dir,
                root=course.root,
                env=mypy_environment(),
            )
        )

    def start(self) -> None:
        """Start the daemon in the background; checks go to plain mypy until it is ready."""
        self.daemon.start()

    def check(self, files: Sequence[Path]) -> TypeCheckReport:
        if not files:
            return TypeCheckReport(())
        try:
            answer = self.daemon.check(files)
            diagnostics = parse_json_lines(answer.out, self._cwd)
        except (DaemonError, ValueError, TypeError):
            return self._fallback.check(files)
        if answer.status == 1 and not diagnostics:
            return self._fallback.check(files)  # errors promised, none given: do not trust
        warm = str(self.daemon.warm_file.resolve())
        return TypeCheckReport(tuple(d for d in diagnostics if d.file != warm))

    def close(self) -> None:
        self.daemon.close()
        self._fallback.close()


def _end_with_stdin(status_file: str) -> None:
    """Wait for EOF on stdin, then clean up and end the daemon process at once."""
    while os.read(0, 4096):
        pass
    try:
        status = read_status(status_file)
        connection = status.get("connection_name")
        if isinstance(connection, str):
            shutil.rmtree(os.path.dirname(connection), ignore_errors=True)
        os.unlink(status_file)
    except (BadStatus, OSError):
        pass
    os._exit(0)


def _serve(argv: list[str]) -> None:
    """The daemon process: mypy's own `dmypy` command, plus one thread that ends it when
    its stdin closes. The watcher holds the other end of that pipe, so a watcher that dies,
    even by SIGKILL, never leaves a daemon behind. The daemon serves requests one at a time
    and never forks, so the extra thread is safe.
    """
    from mypy.dmypy.client import main

    status_file = argv[argv.index("--status-file") + 1]
    threading.Thread(target=_end_with_stdin, args=(status_file,), daemon=True).start()
    main(argv)


if __name__ == "__main__":
    _serve(sys.argv[1:])
