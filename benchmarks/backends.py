"""Save to verdict through the plain backends and through the fast ones, in one run.

Builds a throwaway course (a copy of this checkout's `tiny_ml` plus one exercise), then
saves that exercise N times, cycling through a type error, a failing check and a fix,
and judges every save with `checker.verdict.judge`: first with `ProcessTypeChecker` +
`ProcessTestRunner`, then with the warm daemon + fork server from `make_backends`.
All three versions have the same size and the saves follow each other within the same
second, which is exactly the edit a stale cache would miss: every verdict is compared
with the content saved, and a mismatch is counted as wrong.

    .venv/bin/python benchmarks/backends.py [--saves N]

The last line reads `backends median_fast=<ms> median_plain=<ms> ratio=<x> wrong=<n>`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from checker.backends import make_backends
from checker.catalog import Exercise, load_catalog
from checker.course import MARKER, Course
from checker.outcome import ChecksFailed, WrongTypes
from checker.testrun import TestRunner
from checker.typecheck import TypeChecker
from checker.verdict import Verdict, judge

REPO = Path(__file__).resolve().parent.parent
NAME = "token_index"

CATALOG = f"""\
format_version = 1
welcome_message = "Benchmark course."
final_message = "Done."

[[exercises]]
name = "{NAME}"
dir = "01_tokens"
test = true
concept = "A token id is a TokenId, not a raw int."
hint = "Wrap the int."
expect = "arg-type"
"""

CHECKS = f"""{MARKER}


def test_visible_index() -> None:
    assert visible_index(TokenId(3)) == 3
"""

# Three learner parts of one size: a type error, a wrong result, the fix.
VERSIONS: dict[str, str] = {
    "types": "def visible_index(token: TokenId) -> int:\n    return token.index * 1\n\n"
    "shown = visible_index(1000000000)\n",
    "tests": "def visible_index(token: TokenId) -> int:\n    return token.index + 1\n\n"
    "shown = visible_index(TokenId(0))\n",
    "pass": "def visible_index(token: TokenId) -> int:\n    return token.index * 1\n\n"
    "shown = visible_index(TokenId(0))\n",
}
HEADER = '"""token_index: a token id is not a raw int."""\nfrom tiny_ml.domain import TokenId\n\n\n'
CYCLE = ("types", "pass", "tests", "pass")


assert len({len(text) for text in VERSIONS.values()}) == 1, "versions must have one size"


def source(kind: str) -> str:
    return HEADER + VERSIONS[kind] + "\n\n" + CHECKS


def build_course(folder: Path) -> Course:
    root = folder / "course"
    shutil.copytree(
        REPO / "tiny_ml", root / "tiny_ml", ignore=shutil.ignore_patterns("__pycache__")
    )
    (root / "exercises" / "01_tokens").mkdir(parents=True)
    (root / "exercises" / "info.toml").write_text(CATALOG, encoding="utf-8")
    broken = source("types")
    (root / "exercises" / "01_tokens" / f"{NAME}.py").write_text(broken, encoding="utf-8")
    pristine = root / "exercises" / ".pristine" / "01_tokens" / f"{NAME}.py.orig"
    pristine.parent.mkdir(parents=True)
    pristine.write_text(broken, encoding="utf-8")
    solution = root / "solutions" / "01_tokens" / f"{NAME}.py"
    solution.parent.mkdir(parents=True)
    solution.write_text(source("pass"), encoding="utf-8")
    return Course(root)


def matches(kind: str, verdict: Verdict) -> bool:
    """Does the verdict say what the saved content deserves?"""
    if kind == "pass":
        return verdict.passed
    match verdict.outcome:
        case WrongTypes(problems=problems) if kind == "types":
            return [p.diagnostic.code for p in problems] == ["arg-type"]
        case ChecksFailed(report=report) if kind == "tests":
            return report.outcome == "failed"
        case _:
            return False


def drive(
    exercise: Exercise,
    judge_one: Callable[[], Verdict],
    saves: int,
) -> tuple[list[float], int]:
    """Save, judge, compare; the time runs from the write's return to the verdict."""
    times: list[float] = []
    wrong = 0
    for index in range(saves):
        kind = CYCLE[index % len(CYCLE)]
        exercise.path.write_text(source(kind), encoding="utf-8")
        started = time.perf_counter()
        verdict = judge_one()
        times.append((time.perf_counter() - started) * 1000)
        if not matches(kind, verdict):
            wrong += 1
            print(f"  WRONG verdict for a {kind!r} save: stage={verdict.stage}", file=sys.stderr)
    return times, wrong


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def describe(label: str, times: list[float]) -> None:
    by_kind = {
        kind: statistics.median(
            times[i] for i in range(len(times)) if CYCLE[i % len(CYCLE)] == kind
        )
        for kind in VERSIONS
    }
    kinds = " ".join(f"{kind}={ms:.1f}" for kind, ms in by_kind.items())
    print(
        f"{label:6} saves={len(times)} median={statistics.median(times):.1f} ms "
        f"p95={p95(times):.1f} ms min={min(times):.1f} ms max={max(times):.1f} ms "
        f"(median by save: {kinds})"
    )


def measure(course: Course, *, fast: bool, saves: int) -> tuple[list[float], int, float]:
    exercise = load_catalog(course).exercises[0]
    started = time.perf_counter()
    typechecker: TypeChecker
    tests: TestRunner
    typechecker, tests = make_backends(course, fast=fast)
    try:

        def judge_one() -> Verdict:
            return judge(course, exercise, typechecker=typechecker, tests=tests)

        exercise.path.write_text(source("pass"), encoding="utf-8")
        first = judge_one()
        first_ms = (time.perf_counter() - started) * 1000
        if not first.passed:
            raise SystemExit(f"the warm-up verdict failed: {first}")
        times, wrong = drive(exercise, judge_one, saves)
    finally:
        typechecker.close()
        tests.close()
    return times, wrong, first_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=40, help="saves per backend (>= 30)")
    args = parser.parse_args()
    if args.saves < 30:
        parser.error("--saves must be at least 30")
    with tempfile.TemporaryDirectory(prefix="bench-backends-") as folder:
        os.environ["XDG_CACHE_HOME"] = str(Path(folder) / "cache")
        course = build_course(Path(folder))
        plain, plain_wrong, plain_first = measure(course, fast=False, saves=args.saves)
        fast, fast_wrong, fast_first = measure(course, fast=True, saves=args.saves)
    print(f"first verdict: plain={plain_first:.0f} ms fast={fast_first:.0f} ms (with start-up)")
    describe("plain", plain)
    describe("fast", fast)
    median_fast, median_plain = statistics.median(fast), statistics.median(plain)
    print(
        f"backends median_fast={median_fast:.1f} median_plain={median_plain:.1f} "
        f"ratio={median_plain / median_fast:.1f} wrong={plain_wrong + fast_wrong}"
    )


if __name__ == "__main__":
    main()
