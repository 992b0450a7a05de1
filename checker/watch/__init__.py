"""Watch mode: the current exercise, rechecked on every save.

One concern per module: `events` (which file-system events are saves), `keys` (single
keys and the terminal mode), `timing` (when a save is checked), `worker` (verdicts off the
UI thread), `frames` and `screen` (what is drawn), `loop` (the state machine tying them).
"""

from checker.watch.loop import run_watch

__all__ = ["run_watch"]
