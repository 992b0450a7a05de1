"""One kill ends a check's whole process group, and a group already gone is no error."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from checker.reaper import kill_process_group

pytestmark = pytest.mark.skipif(os.name != "posix", reason="process groups are POSIX")


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting for whoever adopted it to reap it."""
    stat = Path(f"/proc/{pid}/stat")
    if stat.parent.parent.is_dir():
        try:
            text = stat.read_text()
        except OSError:
            return False
        return text[text.rfind(")") + 2] not in "ZX"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_whole_group_is_killed() -> None:
    process = subprocess.Popen(
        ["sh", "-c", "sleep 60 & echo $!; wait"],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    grandchild = int(process.stdout.readline())
    assert _running(grandchild)
    assert kill_process_group(process.pid)
    assert process.wait(timeout=10) == -signal.SIGKILL
    process.stdout.close()
    deadline = time.monotonic() + 10
    while _running(grandchild) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not _running(grandchild), "the grandchild in the group is killed too"


def test_a_group_already_gone_is_reported_not_raised() -> None:
    process = subprocess.Popen(["true"], start_new_session=True)
    process.wait()
    assert not kill_process_group(process.pid)
