"""The one judgement everything else calls: guard, then mypy, then pytest, on a trusted snapshot."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from checker.ahead import ChecksAhead
from checker.catalog import Exercise
from checker.course import MARKER, Course, snapshot_mention, snapshots_root_of
from checker.guard import GuardFinding, guard, names_used
from checker.outcome import (
    ChecksFailed,
    Outcome,
    Passed,
    Refused,
    Stage,
    TypeProblem,
    WidenedMark,
    WrongTypes,
)
from checker.testrun import TestReport, TestRunner
from checker.typecheck import Diagnostic, TypeChecker, TypeCheckReport
from checker.workspace import content_hash, read_text, snapshot_path, split, write_snapshot

DEFAULT_TIMEOUT = 10.0
EXPECT_COMMENT = re.compile(r"#\s*type:\s*ignore\[([a-z0-9,\- ]+)\]")
"""A negative assertion in the checks, written the way typeshed's test cases write theirs: under
--strict an ignore that no longer matches an error is itself an error (`unused-ignore`), so plain
mypy and every editor agree with the tool on solved and widened files alike."""
UNUSED_IGNORE = "unused-ignore"


REACHED_THE_END = '_mypy_read_the_whole_file: int = ""\n'
"""Appended to every snapshot: mypy must report its one error. When it does not, something above
the marker (an `assert` on a name mypy treats as always true, such as `MYPY`) made mypy skip the
rest of the file, checks and marked lines included, and "no error" would mean nothing."""
STOPPED_EARLY = (
    "mypy stopped reading this file before its end: code above the marker line makes the rest "
    "unreachable for mypy (an `assert` or `if` on a name it treats as a constant), so the checks "
    "were never type-checked. Remove that code."
)


@dataclass(frozen=True)
class ExpectedError:
    """A line of the trusted checks that mypy must keep rejecting (with one of `codes`, if any)."""

    line: int
    codes: frozenset[str]


@dataclass(frozen=True)
class Verdict:
    """One check of one file: its outcome (with the evidence) is the only thing that marks it done."""

    exercise: Exercise
    content_hash: str
    outcome: Outcome
    source: str = ""

    @property
    def passed(self) -> bool:
        return isinstance(self.outcome, Passed)

    @property
    def stage(self) -> Stage:
        return self.outcome.stage

    @property
    def tests(self) -> TestReport | None:
        """The checks' report, when they ran."""
        return self.outcome.report if isinstance(self.outcome, ChecksFailed | Passed) else None


@dataclass(frozen=True)
class Prepared:
    """A file read, guarded and snapshotted, waiting for its type check."""

    exercise: Exercise
    content_hash: str
    source: str
    snapshot: Path
    guard: tuple[GuardFinding, ...]
    expected: tuple[ExpectedError, ...]
    course_root: Path


def expected_errors(source: str) -> tuple[ExpectedError, ...]:
    """Marked lines of the checks part, found in real comments (never inside strings)."""
    parts = split(source)
    if parts.checks is None:
        return ()
    offset = parts.learner.count("\n")
    found: list[ExpectedError] = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(parts.checks).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return ()
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        match = EXPECT_COMMENT.search(token.string)
        if match:
            codes = frozenset(c.strip() for c in (match.group(1) or "").split(",") if c.strip())
            found.append(ExpectedError(offset + token.start[0], codes))
    return tuple(found)


def trusted_checks(exercise: Exercise) -> str | None:
    """The checks part of the pristine copy: the learner's copy of it is never believed."""
    for path in (exercise.pristine_path, exercise.solution_path):
        try:
            return split(read_text(path)).checks
        except FileNotFoundError:
            continue
    return None


def prepare(
    course: Course, exercise: Exercise, *, path: Path | None = None, label: str = "current"
) -> Prepared:
    """Read the file, guard the learner's part and write the spliced snapshot."""
    target = path or exercise.path
    missing: GuardFinding | None = None
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        data = b""
        missing = GuardFinding(
            0,
            "missing",
            f"{exercise.relative_path} is missing: `typed-ai-rustlings reset {exercise.name}` restores it",
        )
    text, encoding_problem = decode_source(data)
    parts = split(text)
    checks = trusted_checks(exercise)
    findings: list[GuardFinding] = [missing] if missing else []
    if encoding_problem:
        findings.append(encoding_problem)
    if checks is None:
        findings.append(
            GuardFinding(
                0, "pristine", "the original checks of this exercise are missing from the course"
            )
        )
        checks = parts.checks or ""
    elif parts.checks is None and missing is None:
        findings.append(
            GuardFinding(
                0, "marker", f"the line `{MARKER}` is missing: the checks below it were removed"
            )
        )
    elif parts.checks is not None and not same_checks(parts.checks, checks):
        changed = _first_difference(parts.checks, checks) + parts.learner.count("\n")
        findings.append(
            GuardFinding(
                changed,
                "checks-edited",
                "the checks below the marker line were changed: undo that edit (the checks are restored for this verdict)",
            )
        )
    if missing is None and encoding_problem is None:
        findings.extend(
            guard(
                parts.learner,
                allow=exercise.allow,
                protected=names_used(checks),
                imports=exercise.imports,
                forbid=exercise.forbid,
                checks=checks,
            )
        )
    source = parts.learner + checks
    source += ("" if not source or source.endswith("\n") else "\n") + REACHED_THE_END
    snapshot = snapshot_path(course, exercise, label)
    write_snapshot(snapshot, source)
    return Prepared(
        exercise,
        content_hash(data),
        source,
        snapshot,
        tuple(findings),
        expected_errors(source),
        course.root.resolve(),
    )


CODING_DECLARATION = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
BOM = b"\xef\xbb\xbf"


def decode_source(data: bytes) -> tuple[str, GuardFinding | None]:
    """The file as text with line endings made plain, or why Python would not read it as UTF-8.

    A BOM is dropped (editors on Windows add one); other encodings are refused because mypy,
    the guard and Python could each read such a file differently."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        text = data.decode("utf-8")
        problem = None
    except UnicodeDecodeError as error:
        text = data.decode("utf-8", "replace")
        problem = GuardFinding(
            data[: error.start].count(b"\n") + 1,
            "encoding",
            "this file is not valid UTF-8: save it as UTF-8 (your editor's encoding setting)",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for number, first_lines in enumerate(text.splitlines()[:2], 1):
        declared = CODING_DECLARATION.match(first_lines)
        if declared and declared.group(1).lower().replace("_", "-") not in {"utf-8", "utf8"}:
            problem = problem or GuardFinding(
                number,
                "encoding",
                f"the file declares the encoding {declared.group(1)}: only UTF-8 is read",
            )
    return text, problem


def _normalised(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def same_checks(edited: str, original: str) -> bool:
    """Line endings, trailing spaces and final newlines are not edits."""
    return _normalised(edited) == _normalised(original)


def _first_difference(edited: str, original: str) -> int:
    for number, (a, b) in enumerate(
        zip(edited.splitlines(), original.splitlines(), strict=False), 1
    ):
        if a != b:
            return number
    return min(len(edited.splitlines()), len(original.splitlines())) + 1


Progress = Callable[[str], None]
"""Told what a verdict waits on next ("types", "tests"), so a slow wait can say what it is."""


def _no_progress(stage: str) -> None:
    pass


def conclude(
    prepared: Prepared,
    report: TypeCheckReport,
    tests: TestRunner,
    *,
    timeout: float,
    progress: Progress = _no_progress,
) -> Verdict:
    """Match mypy's diagnostics against the marked lines, then run the checks if types are right."""
    snapshot = str(prepared.snapshot.resolve())
    snapshots_root = str(snapshots_root_of(prepared.snapshot.resolve()))
    last_line = prepared.source.count("\n")
    reached = [
        d
        for d in report.diagnostics
        if d.file == snapshot and d.line == last_line and d.code == "assignment"
    ]
    mine = tuple(
        d
        for d in report.diagnostics
        if (d.file == snapshot or (d.is_error and not d.file.startswith(snapshots_root)))
        and d not in reached
    )
    if report.failure is None and not reached and not any(d.is_error for d in mine):
        report = replace(report, failure=STOPPED_EARLY)
    marks = {e.line: e for e in prepared.expected}

    def accepted_mark(d: Diagnostic) -> bool:
        return d.file == snapshot and d.code == UNUSED_IGNORE and d.line in marks

    unexpected = [d for d in mine if d.is_error and not accepted_mark(d)]
    learner_lines = split(prepared.source).learner.count("\n")
    learner_clean = not any(d.file == snapshot and d.line <= learner_lines for d in unexpected)
    accepted = sorted({d.line for d in mine if accepted_mark(d)})
    outcome: Outcome
    if prepared.guard:
        outcome = Refused(prepared.guard)
    elif report.failure is not None or unexpected or accepted:
        notes = [d for d in mine if d.severity == "note"]
        outcome = WrongTypes(
            problems=tuple(
                _problem(d, notes, prepared, snapshot, learner_lines) for d in unexpected
            ),
            # A marked line is only "widened" once the learner's part type-checks: while it has
            # errors of its own, mypy may have given up on a type the mark depends on.
            widened=tuple(
                WidenedMark(line, marks[line].codes, line_of(prepared.source, line))
                for line in accepted
            )
            if learner_clean
            else (),
            failure=report.failure,
        )
    elif prepared.exercise.test:
        progress("tests")
        checks = name_the_learners_file(
            tests.run(prepared.snapshot, timeout=timeout), prepared.exercise
        )
        outcome = Passed(checks) if checks.outcome == "passed" else ChecksFailed(checks)
    else:
        outcome = Passed(None)
    return Verdict(prepared.exercise, prepared.content_hash, outcome, prepared.source)


def line_of(source: str, number: int) -> str:
    """Line `number` (1-based) of `source`, or "" past its end."""
    lines = source.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _problem(
    diagnostic: Diagnostic,
    notes: Sequence[Diagnostic],
    prepared: Prepared,
    snapshot: str,
    learner_lines: int,
) -> TypeProblem:
    """The error with the file it is really in: the learner's, or another one (tiny_ml) by name."""
    own = [n.message for n in notes if n.file == diagnostic.file and n.line == diagnostic.line]
    if diagnostic.file == snapshot:
        return TypeProblem(
            diagnostic,
            prepared.exercise.relative_path,
            line_of(prepared.source, diagnostic.line),
            tuple(own),
            in_checks=diagnostic.line > learner_lines,
        )
    path = Path(diagnostic.file)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    shown = (
        path.relative_to(prepared.course_root)
        if path.is_relative_to(prepared.course_root)
        else path
    )
    return TypeProblem(diagnostic, str(shown), line_of(text, diagnostic.line), tuple(own), False)


def name_the_learners_file(report: TestReport, exercise: Exercise) -> TestReport:
    """pytest names the snapshot it ran; the learner reads and opens their own file, which has
    the same lines (the snapshot is their part followed by the trusted checks, unchanged)."""
    snapshot = snapshot_mention(exercise.track, exercise.name)

    def learners(text: str) -> str:
        return snapshot.sub(exercise.relative_path, text)

    return replace(
        report,
        failures=tuple(replace(f, message=learners(f.message)) for f in report.failures),
        output=learners(report.output),
    )


def judge(
    course: Course,
    exercise: Exercise,
    *,
    typechecker: TypeChecker,
    tests: TestRunner,
    timeout: float = DEFAULT_TIMEOUT,
    path: Path | None = None,
    progress: Progress = _no_progress,
) -> Verdict:
    """One verdict for one exercise file (by default the learner's own copy)."""
    prepared = prepare(course, exercise, path=path)
    # A runtime exercise's checks start alongside mypy; conclude keeps their report only if the
    # types are right.
    runs_checks = prepared.exercise.test and not prepared.guard
    ahead = ChecksAhead(tests, prepared.snapshot, timeout=timeout) if runs_checks else None
    try:
        progress("types")
        report = typechecker.check([prepared.snapshot])
        return conclude(
            prepared, report, tests if ahead is None else ahead, timeout=timeout, progress=progress
        )
    finally:
        if ahead is not None:
            ahead.close()


def judge_many(
    course: Course,
    batch: Sequence[tuple[Exercise, Path]],
    *,
    typechecker: TypeChecker,
    tests: TestRunner,
    timeout: float = DEFAULT_TIMEOUT,
    label: str = "batch",
    workers: int = 2,
) -> list[Verdict]:
    """Many verdicts with one mypy run over all snapshots and the checks run in parallel."""
    from concurrent.futures import ThreadPoolExecutor

    prepared = [prepare(course, exercise, path=path, label=label) for exercise, path in batch]
    report = typechecker.check([p.snapshot for p in prepared])
    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    try:
        return list(pool.map(lambda p: conclude(p, report, tests, timeout=timeout), prepared))
    except KeyboardInterrupt:
        # Ctrl-C: drop the queued checks and stop the running ones instead of waiting them out.
        pool.shutdown(wait=False, cancel_futures=True)
        tests.close()
        raise
    finally:
        pool.shutdown(wait=True)
