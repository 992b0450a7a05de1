"""A one-shot signal that stops work in flight: checks started before anyone knew they were needed."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Cancellation:
    """Set once, never cleared.

    Work in flight registers how to stop itself for as long as it runs: it is stopped at once
    if the cancellation came first, and never after it has finished (so the process id of a
    child that has exited is never signalled).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._stops: list[Callable[[], object]] = []

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        # Stops run under the lock, so `stoppable` cannot return while one is still running.
        with self._lock:
            self._cancelled = True
            for stop in self._stops:
                stop()

    @contextmanager
    def stoppable(self, stop: Callable[[], object]) -> Iterator[None]:
        """`stop` ends the work inside this block if the cancellation comes (or came) meanwhile."""
        with self._lock:
            if self._cancelled:
                stop()
            self._stops.append(stop)
        try:
            yield
        finally:
            with self._lock:
                self._stops.remove(stop)
