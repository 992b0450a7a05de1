"""The no-event poll: a save is noticed from the first moment a file is followed."""

from __future__ import annotations

import os
import queue
import time
from pathlib import Path

from checker.watch.events import MtimePoller
from checker.watch.messages import Message, MtimeChanged


def _poller(interval: float) -> tuple[MtimePoller, queue.Queue[Message]]:
    inbox: queue.Queue[Message] = queue.Queue()
    return MtimePoller(inbox.put, interval), inbox


def test_a_change_right_after_follow_is_reported(tmp_path: Path) -> None:
    target = tmp_path / "exercise.py"
    target.write_text("x = 1\n")
    poller, inbox = _poller(0.05)
    poller.start()
    try:
        poller.follow(target)
        followed = time.monotonic()
        stat = target.stat()
        os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
        change = inbox.get(timeout=2.0)
    finally:
        poller.stop()
    assert isinstance(change, MtimeChanged)
    assert change.since <= followed + 0.01 < change.at


def test_an_unchanged_file_reports_nothing(tmp_path: Path) -> None:
    target = tmp_path / "exercise.py"
    target.write_text("x = 1\n")
    poller, inbox = _poller(0.02)
    poller.start()
    try:
        poller.follow(target)
        time.sleep(0.2)
    finally:
        poller.stop()
    assert inbox.empty()


def test_a_file_that_comes_back_is_reported(tmp_path: Path) -> None:
    target = tmp_path / "exercise.py"
    poller, inbox = _poller(0.02)
    poller.start()
    try:
        poller.follow(target)
        time.sleep(0.1)
        assert inbox.empty()
        target.write_text("x = 2\n")
        assert isinstance(inbox.get(timeout=2.0), MtimeChanged)
    finally:
        poller.stop()
