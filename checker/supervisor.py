"""One lifecycle for the warm helper processes (the mypy daemon, the pytest fork server).

A helper starts in the background, so the first verdict never waits for more than it must; a
helper that fails is stopped and started again in the background, so the verdict in hand goes to
the plain backend and the next one is fast again; after several failures in a row it is left
stopped for the session; `close` stops it at once, even in the middle of a start or a request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Final, Generic, TypeVar

Handle = TypeVar("Handle")
"""What a started helper is to its client: its process and the way to talk to it."""

MAX_FAILURES: Final = 5
"""A helper that fails this many times in a row is not started again in this session."""


class HelperUnavailable(Exception):
    """The helper cannot serve this request; the caller answers it another way."""


class Supervisor(Generic[Handle]):
    """Owns one helper: at most one running or starting at any time; thread-safe."""

    def __init__(
        self,
        name: str,
        *,
        spawn: Callable[[], Handle],
        stop: Callable[[Handle], None],
        interrupt: Callable[[Handle | None], None] | None = None,
        max_failures: int = MAX_FAILURES,
    ) -> None:
        """`spawn` starts a helper and returns once it is ready (raising when it cannot);
        `stop` ends one for good; `interrupt` wakes whatever waits on a helper (a start, a
        request in flight) so that `close` never waits it out."""
        self.name = name
        self._spawn_helper = spawn
        self._stop_helper = stop
        self._interrupt = interrupt
        self._max_failures = max_failures
        self._state_lock = threading.Lock()
        self._request_lock = threading.Lock()  # one request at a time, no restart during one
        self._ready = threading.Event()
        self._starter: threading.Thread | None = None
        self._handle: Handle | None = None
        self._error = f"the {name} was never started"
        self._closed = False
        self._failures = 0

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def starting(self) -> bool:
        return not self._ready.is_set()

    @property
    def ready_handle(self) -> Handle | None:
        """The running helper once it is ready, else None."""
        return self._handle if self._ready.is_set() else None

    @property
    def error(self) -> str:
        """Why there is no running helper."""
        return self._error

    def start(self) -> None:
        """Start the helper in the background unless it runs, is starting, or was closed."""
        with self._state_lock:
            if self._closed or self._starter is not None or self._handle is not None:
                return
            self._ready.clear()
            self._starter = threading.Thread(target=self._run_spawn, name=self.name, daemon=True)
            self._starter.start()

    def _run_spawn(self) -> None:
        try:
            handle = self._spawn_helper()
        # Whatever stopped the start, the waiters must wake and fall back: a thread that died
        # with the event unset would leave every later check waiting for its time limit.
        except Exception as err:
            with self._state_lock:
                self._error = f"the {self.name} did not start: {err}"
                self._starter = None
                self._ready.set()
            return
        with self._state_lock:
            closed = self._closed
            if not closed:
                self._handle = handle
            self._starter = None
            self._ready.set()
        if closed:
            self._stop_helper(handle)

    def wait_ready(self, timeout: float) -> bool:
        """Block until the helper is ready or its start failed; True if it runs."""
        return self._ready.wait(timeout) and self._handle is not None

    @contextmanager
    def request(self) -> Iterator[Handle]:
        """The running helper, held for one request; HelperUnavailable if there is none."""
        with self._request_lock:
            handle = self._handle
            if handle is None:
                raise self.fail(self._error)
            yield handle

    def succeeded(self) -> None:
        """A request was answered: the count of failures in a row starts again."""
        self._failures = 0

    def fail(self, reason: str) -> HelperUnavailable:
        """Stop the helper, start a new one in the background unless it failed too often, and
        return the error for the caller to raise."""
        self._discard("the {name} was stopped after a failure: " + reason)
        self._failures += 1
        if self._failures < self._max_failures:
            self.start()
        return HelperUnavailable(reason)

    def _discard(self, why: str) -> None:
        with self._state_lock:
            handle, self._handle = self._handle, None
            self._error = why.format(name=self.name)
        if handle is not None:
            self._stop_helper(handle)

    def close(self) -> None:
        """Stop for good, at once: a start or a request in progress is interrupted, not awaited."""
        with self._state_lock:
            self._closed = True
            starter, handle = self._starter, self._handle
        if self._interrupt is not None:
            self._interrupt(handle)
        if starter is not None:
            starter.join()
        with self._request_lock:
            self._discard("the {name} was stopped")
