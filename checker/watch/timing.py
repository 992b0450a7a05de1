"""When a save is checked: immediately after a finished write, later while saves keep coming.

A finished write (closed after writing, or renamed onto the file) is checked after a tiny
coalescing pause, so the learner sees the verdict at once. A write that may not be over
(created or modified with no close yet, as on platforms without close events) waits a
little longer. Saves in a burst (a second save soon after the first: format-on-save, an
editor's autosave, a script) wait until the burst goes quiet, so one burst costs one or two
checks and the last content wins.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Timing:
    """All delays in seconds."""

    quick: float = 0.01
    settle: float = 0.15
    burst: float = 0.2
    burst_gap: float = 0.3
    poll: float = 1.0
    no_event_grace: float = 1.0

    @classmethod
    def from_env(cls) -> Timing:
        """The defaults, adjustable for slow disks, tests and benchmarks:
        TYPED_AI_RUSTLINGS_DEBOUNCE_MS is how long a burst of saves must stay quiet (and how
        long an unfinished write waits); TYPED_AI_RUSTLINGS_POLL_MS is how often the
        no-event poll samples the file."""
        timing = cls()
        debounce = _env_ms("TYPED_AI_RUSTLINGS_DEBOUNCE_MS")
        if debounce is not None:
            seconds = debounce / 1000
            timing = replace(timing, settle=seconds, burst=seconds, burst_gap=seconds * 1.5)
        poll = _env_ms("TYPED_AI_RUSTLINGS_POLL_MS")
        if poll is not None:
            seconds = max(poll, 50.0) / 1000
            timing = replace(timing, poll=seconds, no_event_grace=seconds)
        return timing


def _env_ms(name: str) -> float | None:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if value >= 0 else None


class Debouncer:
    """Holds the moment the next check is due, given the saves seen so far."""

    def __init__(self, timing: Timing) -> None:
        self._timing = timing
        self._due: float | None = None
        self._last_finished: float | None = None

    def saw(self, *, finished: bool, at: float) -> None:
        """A save event arrived; the latest event decides when the check is due."""
        in_burst = self._last_finished is not None and at - self._last_finished < (
            self._timing.burst_gap
        )
        if in_burst:
            window = self._timing.burst
        elif finished:
            window = self._timing.quick
        else:
            window = self._timing.settle
        if finished:
            self._last_finished = at
        self._due = at + window

    def soon(self, at: float) -> None:
        """Ask for a check without a new save (e.g. a stale verdict was dropped), keeping any
        later due time a burst has set."""
        candidate = at + self._timing.quick
        if self._due is None or self._due < candidate:
            self._due = candidate

    def wait(self, now: float) -> float | None:
        """Seconds until the check is due (0 when due now), or None when none is pending."""
        if self._due is None:
            return None
        return max(0.0, self._due - now)

    def take(self, now: float) -> bool:
        """True once when the check is due, clearing it."""
        if self._due is None or now < self._due:
            return False
        self._due = None
        return True

    def clear(self) -> None:
        self._due = None
