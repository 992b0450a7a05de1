"""The one judgement everything else calls: guard, then mypy, then pytest, on a trusted snapshot."""

from __future__ import annotations

import ast
import functools
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
UNMARKED = "# mypy must reject: "
"""What a mark's `type: ignore` becomes in the snapshot mypy reads. The tool asks for the rejection
itself, an error it must see, rather than for the absence of `unused-ignore`: mypy's daemon drops
unused-ignore reports for code it re-checks after another module changed (python/mypy#9655), and a
dropped report would read as a rejection still in place."""


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
    """A line of the trusted checks that mypy must keep rejecting, with each of `codes`.

    `first`..`last` are the lines of the statement the mark is on: mypy applies an ignore to
    every error its statement reports, wherever in the statement the error points."""

    line: int
    codes: frozenset[str]
    first: int
    last: int

    def met_by(self, diagnostic: Diagnostic, code: str | None = None) -> bool:
        """True if `diagnostic` is this mark's rejection (with `code`, when given)."""
        return (
            diagnostic.is_error
            and self.first <= diagnostic.line <= self.last
            and bool(_covered_codes(diagnostic.code) & ({code} if code else self.codes))
        )


@functools.cache
def _covered_codes(code: str | None) -> frozenset[str]:
    """The codes an ignore may name to cover an error with `code`: itself and the code it is a
    sub-code of (`# type: ignore[assignment]` covers `[method-assign]`)."""
    if code is None:
        return frozenset()
    from mypy.errorcodes import error_codes  # mypy is there whenever a report is

    parent = error_codes[code].sub_code_of if code in error_codes else None
    return frozenset({code} if parent is None else {code, parent.code})


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


Mark = tuple[int, int, int, frozenset[str]]
"""A mark in the checks: its line, the columns of its `type: ignore[...]`, and its codes."""


def _marks(source: str) -> list[Mark]:
    """(line, start column, end column, codes) of each mark in the checks part, found in real
    comments (never inside strings); lines count from the top of `source`."""
    parts = split(source)
    if parts.checks is None:
        return []
    offset = parts.learner.count("\n")
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(parts.checks).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []
    found = []
    for token in tokens:
        match = EXPECT_COMMENT.search(token.string) if token.type == tokenize.COMMENT else None
        if match:
            codes = frozenset(c.strip() for c in match.group(1).split(",") if c.strip())
            column = token.start[1]
            found.append(
                (offset + token.start[0], column + match.start(), column + match.end(), codes)
            )
    return found


def _statement_lines(source: str) -> dict[int, tuple[int, int]]:
    """For each line inside a simple statement (or a compound statement's header), the lines the
    statement spans. Empty when the file does not parse: mypy then reports the syntax error."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return {}
    spans: dict[int, tuple[int, int]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        body = getattr(node, "body", None)
        last = node.end_lineno or node.lineno
        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            last = body[0].lineno - 1  # only the header: the body's statements are their own
        for line in range(node.lineno, max(last, node.lineno) + 1):
            if line not in spans or spans[line][1] - spans[line][0] > last - node.lineno:
                spans[line] = (node.lineno, max(last, node.lineno))
    return spans


def expected_errors(source: str, marks: list[Mark] | None = None) -> tuple[ExpectedError, ...]:
    """Marked lines of the checks part (`marks`, when already found), each with the statement
    it marks."""
    marks = _marks(source) if marks is None else marks
    spans = _statement_lines(source) if marks else {}
    return tuple(
        ExpectedError(line, codes, *spans.get(line, (line, line))) for line, _, _, codes in marks
    )


def unmarked(source: str, marks: list[Mark] | None = None) -> str:
    """`source` with each mark (`marks`, when already found) turned from `type: ignore[...]`
    into a plain comment, so that mypy reports the rejection it must make. Lines and their
    numbers stay as they are."""
    lines = source.split("\n")
    for line, start, end, codes in _marks(source) if marks is None else marks:
        text = lines[line - 1]
        lines[line - 1] = text[:start] + UNMARKED + ", ".join(sorted(codes)) + text[end:]
    return "\n".join(lines)


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
    marks = _marks(source)  # read once: every save comes through here
    write_snapshot(snapshot, unmarked(source, marks))
    return Prepared(
        exercise,
        content_hash(data),
        source,
        snapshot,
        tuple(findings),
        expected_errors(source, marks),
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
    own_errors = [d for d in mine if d.file == snapshot and d.is_error]
    rejections = {d for d in own_errors for e in prepared.expected if e.met_by(d)}
    unexpected = [d for d in mine if d.is_error and d not in rejections]
    learner_lines = split(prepared.source).learner.count("\n")
    learner_clean = not any(d.file == snapshot and d.line <= learner_lines for d in unexpected)
    # A mark is accepted when one of its codes is no longer reported on its statement (as
    # `unused-ignore` says of an ignore listing a code that matched nothing).
    accepted = [
        e
        for e in prepared.expected
        if not all(any(e.met_by(d, code) for d in own_errors) for code in e.codes)
    ]
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
                WidenedMark(e.line, e.codes, line_of(prepared.source, e.line)) for e in accepted
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
    on_verdict: Callable[[Verdict], None] | None = None,
) -> list[Verdict]:
    """Many verdicts with one mypy run over all snapshots and the checks run in parallel;
    `on_verdict` hears of each one as soon as it is reached (from a worker thread)."""
    from concurrent.futures import ThreadPoolExecutor

    prepared = [prepare(course, exercise, path=path, label=label) for exercise, path in batch]
    report = typechecker.check([p.snapshot for p in prepared])

    def one(p: Prepared) -> Verdict:
        verdict = conclude(p, report, tests, timeout=timeout)
        if on_verdict is not None:
            on_verdict(verdict)
        return verdict

    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    try:
        return list(pool.map(one, prepared))
    except KeyboardInterrupt:
        # Ctrl-C: drop the queued checks and stop the running ones instead of waiting them out.
        pool.shutdown(wait=False, cancel_futures=True)
        tests.close()
        raise
    finally:
        pool.shutdown(wait=True)
