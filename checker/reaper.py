"""No process a learner's code starts outlives its verdict, not even one that left its session.

Killing a check's process group misses a grandchild that called `setsid`. A Linux child
subreaper adopts such orphans instead of init, so the process that ran the check can find
them among its own children and stop them. Elsewhere the process group is all there is.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Adopt orphaned descendants (Linux); False where the system has no such notion."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        result: int = libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        return False
    return result == 0


def own_children(keep: frozenset[int] = frozenset()) -> list[int]:
    """This process's children, read from /proc, apart from `keep`."""
    me = os.getpid()
    children: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in keep:
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after it.
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 1 and int(fields[1]) == me:
            children.append(int(entry.name))
    return children


def kill_process_group(pgid: int) -> bool:
    """SIGKILL every process in group `pgid` without waiting (safe from any thread or signal
    handler). False when there was no group left to signal (it had ended, or is not ours):
    callers take that as done."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def kill_adopted(keep: frozenset[int] = frozenset(), rounds: int = 50) -> int:
    """Kill and reap every child but `keep`, again as their own children are handed to us."""
    if not Path("/proc/self/stat").exists():
        return 0
    killed = 0
    for _ in range(rounds):
        children = own_children(keep)
        if not children:
            break
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                continue
        for pid in children:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                continue
    return killed


def run_reaped(argv: list[str]) -> int:
    """Run a command as our child; when it ends, or when we are told to stop, end every
    process it left behind. Returns its exit status."""
    become_subreaper()
    child = subprocess.Popen(argv)

    def stop(signum: int, frame: object) -> None:
        child.kill()
        child.wait()
        kill_adopted()
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    code = child.wait()
    kill_adopted()
    return code


if __name__ == "__main__":
    sys.exit(run_reaped(sys.argv[1:]))
