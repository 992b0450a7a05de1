"""An optional plain-text log of what the watcher saw and did, for troubleshooting.

Set TYPED_AI_RUSTLINGS_WATCH_LOG=/some/file to record every save event, check, skipped
save and dropped (stale) verdict with a timestamp: the quickest way to see whether a
file system delivers events at all (network drives, WSL mounts).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path


class Trace:
    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls) -> Trace:
        raw = os.environ.get("TYPED_AI_RUSTLINGS_WATCH_LOG", "").strip()
        return cls(Path(raw) if raw else None)

    def __call__(self, what: str) -> None:
        if self._path is None:
            return
        # The system-wide monotonic clock, so other processes' timings line up with it.
        line = f"{time.monotonic():.4f} {what}\n"
        with self._lock:
            try:
                with self._path.open("a", encoding="utf-8") as log:
                    log.write(line)
            except OSError:
                self._path = None
