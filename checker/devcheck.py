"""The suite's integrity: every exercise is broken for its declared reason and its solution passes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from checker.catalog import Catalog, Exercise
from checker.course import Course
from checker.leaks import find_leak
from checker.outcome import ChecksFailed, Outcome, Passed, Refused, WrongTypes, headline
from checker.reference import locate
from checker.testrun import TestRunner
from checker.typecheck import TypeChecker
from checker.verdict import UNUSED_IGNORE, Verdict, expected_errors, judge_many
from checker.workspace import read_text, split


def _python_files(folder: Path, skip: Path | None = None) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*.py")):
        relative = path.relative_to(folder)
        if any(part.startswith((".", "__")) for part in relative.parts):
            continue
        if skip is not None and path.is_relative_to(skip):
            continue
        yield path


def file_problems(course: Course, catalog: Catalog) -> list[str]:
    """Missing, orphaned or inconsistent files: each problem one line naming the file."""
    problems: list[str] = []
    track = catalog.track
    for exercise in catalog:
        texts: dict[str, str] = {}
        for label, path in (
            ("exercise", exercise.path),
            ("solution", exercise.solution_path),
            ("pristine copy", exercise.pristine_path),
        ):
            try:
                texts[label] = read_text(path)
            except FileNotFoundError:
                problems.append(
                    f"{exercise.name}: the {label} {path.relative_to(course.root)} is missing"
                )
        if (
            "exercise" in texts
            and "pristine copy" in texts
            and texts["exercise"] != texts["pristine copy"]
        ):
            problems.append(
                f"{exercise.name}: {exercise.relative_path} differs from its pristine copy (run `typed-ai-rustlings dev snapshot` after editing it)"
            )
        checks = {label: split(text).checks for label, text in texts.items()}
        for label, part in checks.items():
            if part is None:
                problems.append(f"{exercise.name}: the {label} has no checks marker line")
        if (
            "exercise" in checks
            and "solution" in checks
            and checks["exercise"] != checks["solution"]
        ):
            problems.append(
                f"{exercise.name}: the checks part of the solution differs from the exercise's"
            )
    if track == "exercises":
        exercise_roots = [(course.track_dir(track), None)]
        solution_root, solution_skip = (
            course.solutions_dir(track),
            course.solutions_dir("challenges"),
        )
        known = {e.path.resolve() for e in catalog}
        for folder, skip in exercise_roots:
            for path in _python_files(folder, skip):
                if path.resolve() not in known:
                    problems.append(
                        f"{path.relative_to(course.root)}: not in the catalog {course.catalog_path(track).relative_to(course.root)}"
                    )
    else:
        solution_root, solution_skip = course.solutions_dir(track), None
        files = {e.file for e in catalog}
        known = {e.path.resolve() for e in catalog}
        for path in _python_files(course.track_dir(track)):
            if path.name in files and path.resolve() not in known:
                problems.append(
                    f"{path.relative_to(course.root)}: not in the catalog {course.catalog_path(track).relative_to(course.root)}"
                )
    known_solutions = {e.solution_path.resolve() for e in catalog}
    for path in _python_files(solution_root, solution_skip):
        if path.resolve() not in known_solutions:
            problems.append(f"{path.relative_to(course.root)}: a solution with no catalog entry")
    return problems


def exercise_problem(exercise: Exercise, verdict: Verdict) -> str | None:
    """Why the untouched exercise does not fail for exactly its declared reason, if it does not."""
    label = exercise.name
    match verdict.outcome:
        case Passed():
            return f"{label}: the untouched exercise already passes"
        case Refused(findings=findings):
            first = findings[0]
            return f"{label}: the untouched exercise is refused by the guard ({first.rule}: {first.message})"
        case WrongTypes(failure=str(failure)):
            return f"{label}: mypy failed: {failure.splitlines()[0]}"
        case WrongTypes(problems=problems) if exercise.expect == "test":
            first_code = problems[0].diagnostic.code if problems else UNUSED_IGNORE
            return f"{label}: declared `test` but mypy fails first ([{first_code}])"
        case ChecksFailed(report=report) if exercise.expect == "test":
            if report.outcome != "failed":
                return f"{label}: declared `test` but the checks did not fail cleanly ({report.outcome})"
            return None
        case ChecksFailed():
            return f"{label}: declared [{exercise.expect}] but mypy reports no error on an unmarked line"
        case WrongTypes(problems=problems):
            errors = sorted(problems, key=lambda p: (p.diagnostic.line, p.diagnostic.column))
            if not errors:
                if exercise.expect == UNUSED_IGNORE:
                    return None
                return f"{label}: declared [{exercise.expect}] but mypy reports no error on an unmarked line"
            first_error = errors[0].diagnostic
            if first_error.code != exercise.expect:
                return f"{label}: the first mypy error is [{first_error.code}] (line {first_error.line}), the catalog declares [{exercise.expect}]"
            if not expected_errors(verdict.source):
                return f"{label}: a type-level exercise needs at least one `# type: ignore[code]` line in its checks (a call mypy must keep rejecting)"
            return None


def solution_problem(exercise: Exercise, verdict: Verdict) -> str | None:
    if verdict.passed:
        return None
    return f"{exercise.name}: the solution does not pass ({_detail(verdict.outcome)})"


def _detail(outcome: Outcome) -> str:
    """The headline, and for the first error or failure the words an author needs to fix it."""
    match outcome:
        case Refused(findings=findings):
            return f"{headline(outcome)}: {findings[0].message}"
        case WrongTypes(problems=problems) if problems:
            return f"{headline(outcome)} line {problems[0].diagnostic.line}: {problems[0].diagnostic.message}"
        case ChecksFailed(report=report) if report.failures:
            detail = report.failures[0].message.strip().splitlines()[-1:]
            return headline(outcome) + (f": {detail[0]}" if detail else "")
        case _:
            return headline(outcome)


def authoring_problems(course: Course, exercise: Exercise) -> list[str]:
    """The authoring rules a verdict cannot see: the prose must not state the edit, a
    runtime-only lesson must say why no type carries it, and shortcuts must exist."""
    problems: list[str] = []
    if exercise.expect == "test" and exercise.runtime_only is None:
        problems.append(
            f"{exercise.name}: declared `test` without `runtime_only` saying why no type can carry the lesson"
        )
    if exercise.expect != "test" and exercise.runtime_only is not None:
        problems.append(f"{exercise.name}: `runtime_only` is set but the exercise fails at mypy")
    try:
        leak = find_leak(
            split(read_text(exercise.path)).learner,
            split(read_text(exercise.solution_path)).learner,
        )
    except FileNotFoundError:
        leak = None
    if leak:
        problems.append(
            f"{exercise.name}: the exercise's docstring or comments state the solution's edit: {leak}"
        )
    if exercise.tiny_ml is not None and locate(course.root, exercise.tiny_ml) is None:
        problems.append(
            f"{exercise.name}: `tiny_ml = {exercise.tiny_ml!r}` names no definition in tiny_ml (write `tiny_ml.module:Name` or `tiny_ml.module:Class.method`)"
        )
    if not shortcuts_of(exercise):
        problems.append(
            f"{exercise.name}: no shortcut in {exercise.shortcuts_path.relative_to(course.root).as_posix()}/ (a wrong solution the verdict must refuse)"
        )
    return problems


def shortcuts_of(exercise: Exercise) -> list[Path]:
    if not exercise.shortcuts_path.is_dir():
        return []
    return sorted(p for p in exercise.shortcuts_path.glob("*.py") if not p.name.startswith("_"))


def shortcut_problem(exercise: Exercise, path: Path, verdict: Verdict) -> str | None:
    """A shortcut must be refused for a real reason, never for edited checks."""
    label = f"{exercise.name}: shortcut {path.name}"
    try:
        checks = split(read_text(path)).checks
        original = split(read_text(exercise.path)).checks
    except FileNotFoundError:
        return f"{label} is missing"
    if checks != original:
        return f"{label} has checks that differ from the exercise's: a shortcut must keep them"
    if verdict.passed:
        return f"{label} passes: the verdict must refuse it"
    return None


def orphan_shortcuts(course: Course, catalog: Catalog) -> list[str]:
    known = {e.shortcuts_path.resolve() for e in catalog}
    base = course.shortcuts_dir(catalog.track)
    skip = course.shortcuts_dir("challenges") if catalog.track == "exercises" else None
    return [
        f"{path.relative_to(course.root)}: a shortcut with no catalog entry"
        for path in _python_files(base, skip)
        if path.parent.resolve() not in known
    ]


def dev_check(
    course: Course,
    catalog: Catalog,
    *,
    typechecker: TypeChecker,
    tests: TestRunner,
    timeout: float,
    only: frozenset[str] | None = None,
) -> list[str]:
    """Every problem with a track, one line each; an empty list means the track is sound.

    With `only`, just those exercises are judged and the track-wide file checks are skipped."""
    if only is None:
        problems = file_problems(course, catalog) + orphan_shortcuts(course, catalog)
        chosen = list(catalog)
    else:
        unknown = sorted(only - set(catalog.names()))
        problems = [f"{name}: no such exercise in the catalog" for name in unknown]
        chosen = [e for e in catalog if e.name in only]
        problems += [p for p in file_problems(course, catalog) if p.split(":")[0] in only]
    present = [e for e in chosen if e.path.exists() and e.solution_path.exists()]
    broken = judge_many(
        course,
        [(e, e.path) for e in present],
        typechecker=typechecker,
        tests=tests,
        timeout=timeout,
        label="dev-exercise",
    )
    fixed = judge_many(
        course,
        [(e, e.solution_path) for e in present],
        typechecker=typechecker,
        tests=tests,
        timeout=timeout,
        label="dev-solution",
    )
    for exercise, exercise_verdict, solution_verdict in zip(present, broken, fixed, strict=True):
        for problem in (
            exercise_problem(exercise, exercise_verdict),
            solution_problem(exercise, solution_verdict),
        ):
            if problem:
                problems.append(problem)
        problems.extend(authoring_problems(course, exercise))
    # One batch per round, so no two shortcuts of one exercise share a snapshot.
    rounds: list[list[tuple[Exercise, Path]]] = []
    for exercise in present:
        for index, path in enumerate(shortcuts_of(exercise)):
            if index == len(rounds):
                rounds.append([])
            rounds[index].append((exercise, path))
    for index, batch in enumerate(rounds):
        verdicts = judge_many(
            course,
            batch,
            typechecker=typechecker,
            tests=tests,
            timeout=timeout,
            label=f"dev-shortcut-{index}",
        )
        for (exercise, path), verdict in zip(batch, verdicts, strict=True):
            problem = shortcut_problem(exercise, path, verdict)
            if problem:
                problems.append(problem)
    return problems


def _is_a_known_answer(exercise: Exercise, data: bytes) -> bool:
    answers = [exercise.solution_path, *shortcuts_of(exercise)]
    return any(path.is_file() and path.read_bytes() == data for path in answers)


def snapshot_originals(catalog: Catalog) -> list[Path]:
    """Refresh every pristine copy from the exercise as it is now (for authors, after an edit)."""
    written: list[Path] = []
    for exercise in catalog:
        try:
            data = exercise.path.read_bytes()
        except FileNotFoundError:
            continue  # `dev check` names the missing file; there is nothing to copy
        if _is_a_known_answer(exercise, data):
            continue  # a solution or shortcut copied over the exercise is not its original

        exercise.pristine_path.parent.mkdir(parents=True, exist_ok=True)
        if not exercise.pristine_path.exists() or exercise.pristine_path.read_bytes() != data:
            exercise.pristine_path.write_bytes(data)
            written.append(exercise.pristine_path)
    return written
