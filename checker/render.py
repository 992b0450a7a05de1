"""Verdicts as a learner reads them: mypy errors shaped like rustc's, learner output kept literal."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from checker.catalog import Exercise
from checker.columns import character_span
from checker.course import Course
from checker.guard import GuardFinding
from checker.outcome import (
    CHECKS_OUTCOME,
    ChecksFailed,
    Outcome,
    Passed,
    Refused,
    TypeProblem,
    WrongTypes,
    headline,
)
from checker.reference import locate
from checker.testrun import TestReport
from checker.verdict import Verdict, line_of


class QuietConsole(Console):
    """A reader that goes away (`... | head`) ends the command quietly and successfully."""

    def on_broken_pipe(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(0)


def make_console(stream: TextIO | None = None) -> Console:
    """Colour on a terminal or with FORCE_COLOR, never with NO_COLOR; never interpret markup in
    what we print."""
    target = stream or sys.stdout
    forced = bool(os.environ.get("FORCE_COLOR"))
    plain = bool(os.environ.get("NO_COLOR")) or not (forced or target.isatty())
    return QuietConsole(
        file=target,
        highlight=False,
        markup=False,
        emoji=False,
        no_color=plain,
        force_terminal=False if plain else (True if forced else None),
        soft_wrap=True,
    )


def shown_path(course: Course, path: Path) -> str:
    try:
        return str(path.relative_to(course.root))
    except ValueError:
        return str(path)


def progress_bar(done: int, total: int, width: int = 30) -> Text:
    """`[#####-----] 12/80`: how far along the course is."""
    filled = round(width * done / total) if total else 0
    bar = Text("[")
    bar.append("#" * filled, style="green")
    bar.append("-" * (width - filled), style="dim")
    bar.append(f"] {done}/{total}")
    return bar


def path_link(course: Course, path: Path) -> Text:
    """The file as a clickable link where the terminal supports it, its relative path otherwise."""
    return Text(shown_path(course, path), style=f"bold link {path.resolve().as_uri()}")


def _code_frame(lines: Text, line: str, number: int, start: int, end: int) -> None:
    line = line.expandtabs(1)
    start, end = character_span(line, start, end)
    gutter = " " * len(str(number))
    lines.append(f"{gutter} |\n", style="blue")
    lines.append(f"{number} | ", style="blue")
    lines.append(line + "\n")
    # Terminal cells, not characters: a wide character (CJK, emoji) takes two.
    width = max(1, cell_len(line[start:end])) if start < len(line) else 1
    lines.append(f"{gutter} | ", style="blue")
    lines.append(" " * cell_len(line[:start]) + "^" * width + "\n", style="bold red")


def problem_text(problem: TypeProblem) -> Text:
    """One mypy error as rustc prints its own: code, message, location, source line and caret."""
    diagnostic = problem.diagnostic
    text = Text()
    code = f"[{diagnostic.code}]" if diagnostic.code else ""
    text.append(f"error{code}", style="bold red")
    text.append(f": {diagnostic.message}\n", style="bold")
    line = problem.line_text.expandtabs(1)
    column = character_span(line, diagnostic.column, diagnostic.column)[0] + 1
    text.append(f"  --> {problem.shown_path}:{diagnostic.line}:{column}\n", style="blue")
    end = diagnostic.end_column if diagnostic.end_line == diagnostic.line else 10**6
    _code_frame(text, problem.line_text, diagnostic.line, diagnostic.column, end)
    notes = [*(diagnostic.hint or "").splitlines(), *problem.notes]
    if problem.in_checks:
        notes.append(
            "this line is in the checks, which you do not edit: the cause is in your code "
            "above the marker line"
        )
    for note in notes:
        text.append("  = note: ", style="blue")
        text.append(note + "\n")
    return text


PYTEST_REPORT_START = re.compile(r"^=+ (FAILURES|ERRORS) =+$", re.MULTILINE)


PYTEST_NOISE = re.compile(r"^(?:[.FEsxX]+(?: +\[ *\d+%\])?|=* ?\d+ (?:passed|failed|error).*)$")


def learner_output(output: str) -> str:
    """What the learner's code printed: without pytest's failure report (shown parsed above),
    its progress dots or its summary line."""
    match = PYTEST_REPORT_START.search(output)
    kept = output[: match.start()] if match else output
    lines = [line for line in kept.splitlines() if not PYTEST_NOISE.match(line.strip())]
    return "\n".join(lines).strip("\n").rstrip()


def _refused_text(where: str, source: str, findings: Sequence[GuardFinding]) -> Text:
    text = Text()
    for finding in findings:
        line = line_of(source, finding.line)
        if finding.rule == "syntax":  # not a refusal: Python itself cannot read the file
            text.append("error[syntax]", style="bold red")
            text.append(f": {finding.message}\n", style="bold")
            text.append(f"  --> {where}:{finding.line}\n", style="blue")
            _code_frame(text, line, finding.line, 0, 0)
            continue
        text.append("refused", style="bold red")
        location = f"{where}:{finding.line}" if finding.line else where
        text.append(f": {finding.message} [{finding.rule}]\n", style="bold")
        text.append(f"  --> {location}\n", style="blue")
        if finding.line:
            text.append(f"  {line.strip()}\n")
    return text


def _wrong_types_text(where: str, outcome: WrongTypes) -> Text:
    text = Text()
    if outcome.failure is not None:
        text.append("mypy could not check this file\n", style="bold red")
        text.append(outcome.failure + "\n")
        return text
    for problem in outcome.problems:
        text.append_text(problem_text(problem))
        text.append("\n")
    for mark in outcome.widened:
        codes = ", ".join(sorted(mark.codes)) or "an error"
        text.append("error[must-stay-rejected]", style="bold red")
        text.append(
            f": the checks expect mypy to reject this line with [{codes}], but mypy accepts "
            "it: a type above the marker line is still wider than this lesson allows\n",
            style="bold",
        )
        text.append(f"  --> {where}:{mark.line}\n", style="blue")
        _code_frame(text, mark.line_text, mark.line, 0, 0)
        text.append("\n")
    count = len(outcome.problems) + len(outcome.widened)
    text.append(f"mypy --strict: {count} problem{'s' if count != 1 else ''} to fix\n", style="red")
    return text


def _checks_failed_text(report: TestReport) -> Text:
    text = Text("types are right; ", style="green")
    text.append(CHECKS_OUTCOME[report.outcome] + ":\n", style="bold red")
    for failure in report.failures:
        text.append(f"--- {failure.test}\n", style="bold")
        text.append(failure.message.rstrip() + "\n")
    printed = learner_output(report.output)
    if printed:
        text.append("--- output\n", style="bold")
        text.append(printed + "\n")
    return text


def verdict_text(course: Course, verdict: Verdict) -> Text:
    """Why the file is not done yet, drawn from the verdict's outcome and nothing else."""
    where = shown_path(course, verdict.exercise.path)
    match verdict.outcome:
        case Refused(findings=findings):
            return _refused_text(where, verdict.source, findings)
        case WrongTypes() as wrong:
            return _wrong_types_text(where, wrong)
        case ChecksFailed(report=report):
            return _checks_failed_text(report)
        case Passed():
            return Text()


def learned(course: Course, exercise: Exercise) -> Text:
    """After a pass: what the exercise taught, and where tiny_ml does the same."""
    text = Text("what this taught: ", style="bold") + Text(exercise.concept)
    where = locate(course.root, exercise.tiny_ml) if exercise.tiny_ml else None
    if where is not None:
        text.append("\nin tiny_ml: ", style="bold")
        text.append(str(where), style=f"link {(course.root / where.path).resolve().as_uri()}")
    return text


def render_verdict(
    console: Console, course: Course, verdict: Verdict, *, done: int, total: int
) -> None:
    """The full screen for one verdict: progress, the file, what is wrong or that it is done."""
    exercise = verdict.exercise
    console.print(progress_bar(done, total))
    header = Text(f"{exercise.name}  ", style="bold")
    header.append_text(path_link(course, exercise.path))
    console.print(header)
    if verdict.passed:
        message = Text("done: ", style="bold green")
        message.append("mypy --strict is clean")
        message.append(", every marked line is still rejected")
        if exercise.test:
            message.append(", and the checks pass")
        console.print(message)
        solution = Text("a reference solution is in ")
        solution.append_text(path_link(course, exercise.solution_path))
        console.print(solution)
        printed = learner_output(verdict.tests.output) if verdict.tests is not None else ""
        if printed:
            console.print(Text("--- output\n" + printed, style="dim"))
    else:
        console.print(verdict_text(course, verdict))


def _outcome_json(outcome: Outcome) -> dict[str, object]:
    evidence: dict[str, object] = {"reason": headline(outcome)}
    match outcome:
        case Refused(findings=findings):
            evidence["guard"] = [
                {"line": g.line, "rule": g.rule, "message": g.message} for g in findings
            ]
        case WrongTypes(problems=problems, widened=widened, failure=failure):
            evidence["errors"] = [
                {
                    "path": p.shown_path,
                    "line": p.diagnostic.line,
                    "column": p.diagnostic.column + 1,
                    "end_line": p.diagnostic.end_line,
                    "end_column": p.diagnostic.end_column + 1,
                    "message": p.diagnostic.message,
                    "code": p.diagnostic.code,
                    "in_checks": p.in_checks,
                }
                for p in problems
            ]
            evidence["must_stay_rejected"] = [
                {"line": m.line, "codes": sorted(m.codes)} for m in widened
            ]
            evidence["typecheck_failure"] = failure
        case ChecksFailed(report=report) | Passed(report=report) if report is not None:
            evidence["tests"] = {
                "outcome": report.outcome,
                "failures": [{"test": f.test, "message": f.message} for f in report.failures],
                "seconds": round(report.seconds, 3),
            }
    return evidence


def verdict_json(course: Course, verdict: Verdict) -> dict[str, object]:
    """A verdict as plain data for `--json`: its outcome with the evidence, as the terminal shows."""
    return {
        "name": verdict.exercise.name,
        "path": shown_path(course, verdict.exercise.path),
        "passed": verdict.passed,
        "stage": verdict.stage,
        "content_hash": verdict.content_hash,
        "outcome": _outcome_json(verdict.outcome),
    }


def exercise_lines(rows: Sequence[tuple[str, str, str, bool]]) -> Text:
    """`list`: name, topic and state per line, the current one marked with `>`."""
    text = Text()
    width = max((len(name) for name, _, _, _ in rows), default=0)
    for name, topic, state, current in rows:
        style = {"done": "green", "pending": "dim"}.get(state, "")
        text.append("> " if current else "  ", style="bold yellow")
        text.append(f"{name:<{width}}  ")
        text.append(f"{state:<8}", style=style)
        text.append(f"  {topic}\n", style="dim")
    return text
