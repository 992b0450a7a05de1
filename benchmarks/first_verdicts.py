"""The first verdict of every exercise on a fresh install, and of a check of all of them (`c`).

A fresh install is this checkout's course copied to a temporary folder, with a cache folder
never used before, prepared the way `typed-ai-rustlings init` prepares it (timed on its own;
`--no-prepare` leaves that out, as in a clone whose first launch prepares nothing). Then, each
in a real `typed-ai-rustlings watch` in a pseudo-terminal:

- launch: one launch per exercise, in learning order, on the exercise as shipped; the clock
  runs from the launch to the verdict on the screen;
- step: one watcher on a copy with every exercise solved, stepping through the course with
  `n`; the clock runs from the key to the next exercise's verdict;
- c: `c` in a watcher on the shipped copy and on the solved one, timed to the first verdict
  it shows and to the last.

    .venv/bin/python benchmarks/first_verdicts.py [--no-prepare] [--bound SECONDS]

Each line gives the median, how many took longer than the bound and the slowest (all of those,
or three).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from course_copy import REPO, copy_course
from feedback import SCREEN, launch_first_verdict, watching

sys.path.insert(0, str(REPO))

from checker.catalog import Exercise, load_catalog
from checker.course import Course

PASS = rf"{SCREEN['pass']}|all exercises done"


def summary(label: str, timings: Sequence[tuple[str, float]], bound: float) -> str:
    slowest = sorted(timings, key=lambda item: -item[1])
    over = [(name, seconds) for name, seconds in slowest if seconds > bound]
    return (
        f"{label} ({len(timings)}): median={statistics.median(s for _, s in timings):.2f} s "
        f"over {bound:g} s={len(over)} slowest="
        + " ".join(f"{name}={seconds:.2f} s" for name, seconds in slowest[: max(3, len(over))])
    )


_PREPARE = (
    "import sys; from pathlib import Path; from checker.backends import prepare_checkers; "
    "from checker.course import Course; sys.exit(0 if prepare_checkers(Course(Path(sys.argv[1]))) "
    "else 1)"
)


def prepared(course: Course) -> float:
    """Seconds `init`'s preparation takes (in the cache folder the watchers use).

    In a process of its own, as `init` is: the snapshot families it fills stay held by the
    process that wrote them, and a watcher would get cold ones of its own while it lives."""
    started = time.perf_counter()
    command = [sys.executable, "-c", _PREPARE, str(course.root)]
    if subprocess.run(command, cwd=REPO, check=False).returncode != 0:
        raise SystemExit("preparing mypy failed")
    return time.perf_counter() - started


def launch_walk(
    course: Course, exercises: Sequence[Exercise], cache: Path, log: Path
) -> list[tuple[str, float]]:
    return [(e.name, launch_first_verdict(course, e, cache, log)) for e in exercises]


def step_walk(
    course: Course, exercises: Sequence[Exercise], cache: Path, log: Path
) -> list[tuple[str, float]]:
    """Every exercise solved; one watcher stepping with `n` from the first to the last."""
    for exercise in exercises:
        shutil.copyfile(exercise.solution_path, exercise.path)
    timings: list[tuple[str, float]] = []
    with watching(course, cache, log) as (term, started):
        term.expect(rf"{exercises[0].name}  ", timeout=60)
        term.expect(PASS, timeout=60)
        timings.append((exercises[0].name, time.perf_counter() - started))
        for exercise in exercises[1:]:
            term.settle(0.3)
            pressed = time.perf_counter()
            term.send("n")
            term.expect(rf"{exercise.name}  exercises/", timeout=60)
            term.expect(PASS, timeout=60)
            timings.append((exercise.name, time.perf_counter() - pressed))
    return timings


def check_all(course: Course, cache: Path, log: Path) -> tuple[float, float]:
    """Seconds from `c` to its first verdict on the screen, and to its last."""
    with watching(course, cache, log) as (term, _):
        term.expect(rf"not yet|{PASS}", timeout=60)
        term.settle(2.0)  # the daemon and the fork server are up: `c` is timed, not the launch
        pressed = time.perf_counter()
        term.send("c")
        term.expect(r"checking all: [1-9]\d* of \d+ judged", timeout=120)
        first = time.perf_counter() - pressed
        term.expect(r"check all: \d+/\d+ pass", timeout=300)
        return first, time.perf_counter() - pressed


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--prepare",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="prepare mypy as `init` does before the first launch",
    )
    parser.add_argument("--bound", type=float, default=1.5, help="seconds a first verdict may take")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-first-") as folder:
        base = Path(folder)
        shipped = Course(copy_course(base / "shipped"))
        solved = Course(copy_course(base / "solved"))
        cache, log = base / "cache", base / "watch.log"
        exercises = load_catalog(shipped).exercises
        os.environ["XDG_CACHE_HOME"] = str(cache)  # where the watchers' cache is, as for them
        if args.prepare:
            print(f"init's preparation of mypy and pytest: {prepared(shipped):.1f} s")
            prepared(solved)
        launches = launch_walk(shipped, exercises, cache, log)
        print(
            summary("first verdict after launch, every exercise as shipped", launches, args.bound)
        )
        first, last = check_all(shipped, cache, log)
        print(f"c on the shipped course: first verdict {first:.2f} s, all {last:.2f} s")
        steps = step_walk(solved, load_catalog(solved).exercises, cache, log)
        print(summary("first verdict after n, every exercise solved", steps, args.bound))
        first, last = check_all(solved, cache, log)
        print(f"c on the solved course: first verdict {first:.2f} s, all {last:.2f} s")


if __name__ == "__main__":
    main()
