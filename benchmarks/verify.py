"""`typed-ai-rustlings verify` over the whole suite with the solutions in place, cold and warm.

Copies this checkout's course to a temporary folder and copies the solutions over the
exercises (and the challenges), so every exercise passes. A cold run starts with no caches
at all: a fresh cache folder (mypy's cache, the hypothesis storage, the snapshots) and no
`__pycache__` in the course. A warm run reuses the caches the previous run left. Each is
run five times (`--runs`) as a fresh `python -m checker verify` process, timed from launch
to exit; every run must pass every exercise.

    .venv/bin/python benchmarks/verify.py [--runs N] [--track exercises|challenges]

The last line reads `verify cold=<s> warm=<s> exercises=<n>` (medians).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from course_copy import copy_course


def solved_course(folder: Path) -> Path:
    """A copy of the course with every exercise and challenge replaced by its solution."""
    root = copy_course(folder)
    solutions = root / "solutions"
    for track, source in (("challenges", solutions / "challenges"), ("exercises", solutions)):
        for solution in source.rglob("*.py"):
            relative = solution.relative_to(source)
            if track == "exercises" and relative.parts[0] == "challenges":
                continue
            shutil.copyfile(solution, root / track / relative)
    return root


def forget_bytecode(root: Path) -> None:
    for folder in root.rglob("__pycache__"):
        shutil.rmtree(folder, ignore_errors=True)


def verify_once(root: Path, cache: Path, track: str) -> tuple[float, int]:
    """Seconds from launch to exit, and how many exercises passed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TYPED_AI_RUSTLINGS_")}
    env["XDG_CACHE_HOME"] = str(cache)
    command = [sys.executable, "-m", "checker", "verify", "--json", "--track", track]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    try:
        report = json.loads(done.stdout)
        verdicts = report["exercises"]
    except (json.JSONDecodeError, KeyError, TypeError):
        raise SystemExit(f"verify printed no report:\n{done.stdout}\n{done.stderr}") from None
    failed = [v.get("name") for v in verdicts if not v.get("passed")]
    if done.returncode != 0 or failed:
        raise SystemExit(f"verify failed with the solutions in place: {failed}\n{done.stderr}")
    return seconds, len(verdicts)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each kind (median)")
    parser.add_argument("--track", choices=("exercises", "challenges"), default="exercises")
    args = parser.parse_args()
    cold: list[float] = []
    warm: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as folder:
        base = Path(folder)
        root = solved_course(base)
        count = 0
        for run in range(args.runs):
            cache = base / f"cache-{run}"
            forget_bytecode(root)
            seconds, count = verify_once(root, cache, args.track)
            cold.append(seconds)
            print(f"cold run {run + 1}: {seconds:.2f} s", flush=True)
        cache = base / "cache-0"
        for run in range(args.runs):
            seconds, count = verify_once(root, cache, args.track)
            warm.append(seconds)
            print(f"warm run {run + 1}: {seconds:.2f} s", flush=True)
    print(
        f"verify cold={statistics.median(cold):.2f} warm={statistics.median(warm):.2f} "
        f"exercises={count}"
    )


if __name__ == "__main__":
    main()
