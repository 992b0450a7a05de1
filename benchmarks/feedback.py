"""Save to verdict in the real `typed-ai-rustlings watch`, and the naive loop, in one run.

Copies this checkout's course to a temporary folder, starts `typed-ai-rustlings watch` in a
pseudo-terminal on one exercise at a time and saves that exercise over and over, cycling
through a type error, a failing check and a pass. Each save is a plain overwrite; the clock
runs from the write's return until the verdict for that content is on the screen. Every
verdict the watcher shows is compared with the content saved (the watcher's trace log names
the content hash of each verdict it draws): one drawn for other content counts as stale.

The same saves are then judged by the naive loop a simple trainer runs: a fresh
`python -m mypy --strict FILE` (warm cache) followed by a fresh `python -m pytest -q FILE`.

At the end of each session the watcher's process tree (the watcher, its mypy daemon and its
pytest fork server) is measured: peak and current resident memory, and CPU while idle.

The first verdict after launch is timed over several launches: the very first launch after
install (the course's first exercise, a cache folder never used before), warm launches
sharing one cache folder, and cold launches on the benchmark's exercises (caches wiped
mid-course, say by a new mypy version; the exercise's checks may import hypothesis, which
mypy then analyses from scratch). The first verdict of every exercise on a fresh install is
`benchmarks/first_verdicts.py`'s to measure.

    .venv/bin/python benchmarks/feedback.py [--saves N] [--naive-saves N] [--launches N]

The last line reads
`save-to-verdict median=<ms> p95=<ms> naive=<ms> ratio=<x> stale=<count>`.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from course_copy import REPO, copy_course

# The pseudo-terminal driver of the end-to-end tests: the benchmark reads the screen the way
# those tests (and a learner) do.
sys.path.insert(0, str(REPO))

from checker.catalog import Exercise, load_catalog
from checker.course import MARKER, Course
from checker.state import load_progress, save_progress
from checker.workspace import content_hash
from tests.e2e.harness import ScreenTimeout, Terminal, command

# What each kind of save must bring to the screen (NO_COLOR is set, so this is plain text).
SCREEN = {
    "types": r"error\[[a-z-]+\]",
    "tests": r"types are right; the checks fail",
    "pass": r"press n to move on",
}
# Each save differs in kind from the one before, so the verdict looked for is never the
# one already on the screen.
CYCLES = {
    "token_id_not_usize": ("types", "pass"),
    "distribution_sums_to_one": ("types", "pass", "tests", "pass"),
}
# A type error added to a passing file: any exercise becomes a "types" save.
TYPE_ERROR = '_benchmark_break: int = "not an int"\n\n\n'
VERDICT_SHOWN = re.compile(r" verdict shown ([0-9a-f]+) (passed|failed)$")


@dataclass(frozen=True)
class Save:
    kind: str  # "types", "tests" or "pass"
    text: str

    @property
    def hash(self) -> str:
        return content_hash(self.text.encode("utf-8"))


@dataclass
class Session:
    """What one watch session measured."""

    name: str
    first_verdict: float  # seconds from launch
    times: list[float]  # milliseconds, one per save
    kinds: list[str]  # the kind of each save
    stale: int
    peak_rss_mb: float
    rss_mb: float
    idle_cpu_percent: float


def shipped_kind(exercise: Exercise) -> str:
    """What the exercise as shipped fails on."""
    return "tests" if exercise.expect == "test" else "types"


def saves_for(course: Course, exercise: Exercise) -> dict[str, Save]:
    """The exercise as shipped, its solution, and whichever third kind it lacks."""
    original = exercise.pristine_path.read_text(encoding="utf-8")
    solution = exercise.solution_path.read_text(encoding="utf-8")
    first = shipped_kind(exercise)
    found = {first: Save(first, original), "pass": Save("pass", solution)}
    if first == "tests":
        cut = solution.index(MARKER)
        found["types"] = Save("types", solution[:cut] + TYPE_ERROR + solution[cut:])
    return found


def make_current(course: Course, exercise: Exercise) -> None:
    progress = load_progress(course)
    progress.track("exercises").current = exercise.name
    save_progress(course, progress)


def environment(cache: Path, log: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"COLUMNS", "LINES", "FORCE_COLOR", "PYTEST_ADDOPTS"}
        and not key.startswith("TYPED_AI_RUSTLINGS_")
    }
    env.update(
        TERM="xterm-256color",
        NO_COLOR="1",
        XDG_CACHE_HOME=str(cache),
        TYPED_AI_RUSTLINGS_WATCH_LOG=str(log),
    )
    return env


def process_tree(root: int) -> list[int]:
    """`root` and every process below it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    tree, queue = [], [root]
    while queue:
        pid = queue.pop()
        tree.append(pid)
        queue.extend(children.get(pid, []))
    return tree


def memory_mb(pids: Sequence[int], field: str) -> float:
    """Sum of a /proc/PID/status memory field (VmRSS, VmHWM) over the processes, in MB."""
    total_kb = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(f"{field}:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return total_kb / 1024


def cpu_seconds(pids: Sequence[int]) -> float:
    ticks = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def new_log_lines(log: Path, seen: int) -> tuple[list[str], int]:
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return lines[seen:], len(lines)


@contextmanager
def watching(course: Course, cache: Path, log: Path) -> Iterator[tuple[Terminal, float]]:
    started = time.perf_counter()
    term = Terminal([*command(), "watch"], cwd=course.root, env=environment(cache, log))
    try:
        yield term, started
        term.send("q")
        term.wait_exit(timeout=30)
    finally:
        term.kill()


def run_session(
    course: Course,
    exercise: Exercise,
    cache: Path,
    log: Path,
    *,
    saves: int,
    pause: float,
    idle: float,
) -> Session:
    versions = saves_for(course, exercise)
    cycle = CYCLES[exercise.name]
    make_current(course, exercise)
    exercise.path.write_text(versions[cycle[-1]].text, encoding="utf-8")
    log.unlink(missing_ok=True)
    times: list[float] = []
    kinds: list[str] = []
    stale = 0
    with watching(course, cache, log) as (term, started):
        term.expect(SCREEN[cycle[-1]], timeout=60)
        first_verdict = time.perf_counter() - started
        _, seen = new_log_lines(log, 0)
        for index in range(saves):
            save = versions[cycle[index % len(cycle)]]
            term.settle(pause)
            exercise.path.write_text(save.text, encoding="utf-8")
            written = time.perf_counter()
            try:
                term.expect(SCREEN[save.kind], timeout=30)
            except ScreenTimeout as missing:
                message = f"save {index} ({save.kind}) never got its verdict:\n{missing}"
                raise SystemExit(message) from None
            times.append((time.perf_counter() - written) * 1000)
            kinds.append(save.kind)
            lines, seen = new_log_lines(log, seen)
            shown = [m for line in lines if (m := VERDICT_SHOWN.search(line))]
            expected = (save.hash[: len(shown[0].group(1))] if shown else "", save.kind == "pass")
            for match in shown:
                if (match.group(1), match.group(2) == "passed") != expected:
                    stale += 1
                    print(f"  STALE verdict after save {index} ({save.kind})", file=sys.stderr)
            if not shown:
                stale += 1
                print(f"  no verdict logged for save {index} ({save.kind})", file=sys.stderr)
        tree = process_tree(term.pid)
        peak, rss = memory_mb(tree, "VmHWM"), memory_mb(tree, "VmRSS")
        before = cpu_seconds(tree)
        term.settle(idle)
        idle_cpu = (cpu_seconds(process_tree(term.pid)) - before) / idle * 100
    return Session(exercise.name, first_verdict, times, kinds, stale, peak, rss, idle_cpu)


def launch_first_verdict(course: Course, exercise: Exercise, cache: Path, log: Path) -> float:
    """Seconds from launch to the first verdict on the exercise as shipped."""
    versions = saves_for(course, exercise)
    make_current(course, exercise)
    kind = shipped_kind(exercise)
    exercise.path.write_text(versions[kind].text, encoding="utf-8")
    with watching(course, cache, log) as (term, started):
        term.expect(SCREEN[kind], timeout=60)
        return time.perf_counter() - started


def fill_caches(course: Course, exercise: Exercise, cache: Path, log: Path) -> None:
    """One launch that stays until the mypy daemon's cache is filled, as after a first session."""
    make_current(course, exercise)
    with watching(course, cache, log) as (term, _):
        term.expect(SCREEN[shipped_kind(exercise)], timeout=60)
        deadline = time.monotonic() + 120
        while not any(cache.rglob("seeded-for")):
            if time.monotonic() > deadline:
                raise SystemExit("the mypy daemon never filled its cache")
            term.settle(0.2)


def naive_loop(course: Course, exercise: Exercise, saves: int) -> list[float]:
    """Fresh mypy then fresh pytest per save, as a trainer without a warm checker runs them.

    Timing only: plain mypy also reports the lines the checks expect to be rejected, so its
    exit status is not a verdict."""
    versions = saves_for(course, exercise)
    cycle = CYCLES[exercise.name]
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_ADDOPTS", "MYPYPATH"}}
    mypy = [sys.executable, "-m", "mypy", "--strict", str(exercise.path)]
    # The course's own pytest settings run its test suite in parallel; a trainer's loop runs
    # the one file in one process.
    pytest = [
        *[sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts="],
        str(exercise.path),
    ]
    exercise.path.write_text(versions["pass"].text, encoding="utf-8")
    subprocess.run(mypy, cwd=course.root, env=env, capture_output=True, check=False)  # warm
    times: list[float] = []
    for index in range(saves):
        save = versions[cycle[index % len(cycle)]]
        exercise.path.write_text(save.text, encoding="utf-8")
        written = time.perf_counter()
        typed = subprocess.run(mypy, cwd=course.root, env=env, capture_output=True, check=False)
        tested = subprocess.run(pytest, cwd=course.root, env=env, capture_output=True, check=False)
        times.append((time.perf_counter() - written) * 1000)
        if typed.returncode not in (0, 1) or tested.returncode not in (0, 1):
            raise SystemExit(f"the naive loop broke: {typed.stdout!r} {tested.stdout!r}")
    return times


def p95(values: Sequence[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--saves", type=int, default=200, help="saves per exercise (>= 30)")
    parser.add_argument("--naive-saves", type=int, default=20, help="naive saves per exercise")
    parser.add_argument(
        "--pause",
        type=float,
        default=0.5,
        help="seconds between a verdict and the next save: a learner's pace, slower than the "
        "0.3 s in which saves count as one burst",
    )
    parser.add_argument("--idle", type=float, default=5.0, help="seconds of idle CPU sampling")
    parser.add_argument(
        "--launches", type=int, default=5, help="launches timed to the first verdict, cold and warm"
    )
    args = parser.parse_args()
    if args.saves < 30:
        parser.error("--saves must be at least 30")
    with tempfile.TemporaryDirectory(prefix="bench-feedback-") as folder:
        base = Path(folder)
        course = Course(copy_course(base))
        ordered = load_catalog(course).exercises
        catalog = {e.name: e for e in ordered}
        exercises = [catalog[name] for name in CYCLES]
        cache, log = base / "cache", base / "watch.log"

        def launches(exercise: Exercise, cold: str | None) -> float:
            """Median seconds to the first verdict; `cold` names fresh cache folders."""
            return statistics.median(
                launch_first_verdict(course, exercise, base / f"{cold}-{n}" if cold else cache, log)
                for n in range(args.launches)
            )

        first_launch = launches(ordered[0], "first")
        fill_caches(course, exercises[0], cache, log)
        warm = launches(exercises[0], None)
        wiped = {e.name: launches(e, f"wiped-{e.name}") for e in exercises}
        sessions = [
            run_session(
                course,
                exercise,
                cache,
                log,
                saves=args.saves,
                pause=args.pause,
                idle=args.idle,
            )
            for exercise in exercises
        ]
        naive = [t for e in exercises for t in naive_loop(course, e, args.naive_saves)]
    print(
        f"first verdict after launch (median of {args.launches}): "
        f"first launch={first_launch:.2f} s ({ordered[0].name}, nothing cached) "
        f"warm={warm:.2f} s ({exercises[0].name})"
    )
    print(
        "  caches wiped mid-course: "
        + " ".join(f"{name}={seconds:.2f} s" for name, seconds in wiped.items())
    )
    for s in sessions:
        by_kind = " ".join(
            f"{kind}={statistics.median(t for t, k in zip(s.times, s.kinds, strict=True) if k == kind):.0f}"
            for kind in dict.fromkeys(s.kinds)
        )
        print(
            f"{s.name}: saves={len(s.times)} median={statistics.median(s.times):.1f} ms "
            f"p95={p95(s.times):.1f} ms max={max(s.times):.1f} ms ({by_kind}) "
            f"stale={s.stale} first={s.first_verdict:.2f} s"
        )
        print(
            f"  watcher tree: peak_rss={s.peak_rss_mb:.0f} MB rss={s.rss_mb:.0f} MB "
            f"idle_cpu={s.idle_cpu_percent:.1f}%"
        )
    times = [t for s in sessions for t in s.times]
    median, naive_median = statistics.median(times), statistics.median(naive)
    print(f"naive loop: saves={len(naive)} median={naive_median:.0f} ms p95={p95(naive):.0f} ms")
    print(
        f"save-to-verdict median={median:.1f} p95={p95(times):.1f} naive={naive_median:.1f} "
        f"ratio={naive_median / median:.1f} stale={sum(s.stale for s in sessions)}"
    )


if __name__ == "__main__":
    main()
