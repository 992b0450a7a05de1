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
from checker.typecheck import Diagnostic
from checker.verdict import Verdict, expected_errors


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


def _source_line(source: str, number: int) -> str:
    lines = source.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _code_frame(lines: Text, source: str, number: int, start: int, end: int) -> None:
    line = _source_line(source, number).expandtabs(1)
    start, end = character_span(line, start, end)
    gutter = " " * len(str(number))
    lines.append(f"{gutter} |\n", style="blue")
    lines.append(f"{number} | ", style="blue")
    lines.append(line + "\n")
    # Terminal cells, not characters: a wide character (CJK, emoji) takes two.
    width = max(1, cell_len(line[start:end])) if start < len(line) else 1
    lines.append(f"{gutter} | ", style="blue")
    lines.append(" " * cell_len(line[:start]) + "^" * width + "\n", style="bold red")


def diagnostic_text(diagnostic: Diagnostic, source: str, display_path: str) -> Text:
    """One mypy error as rustc prints its own: code, message, location, source line and caret."""
    text = Text()
    code = f"[{diagnostic.code}]" if diagnostic.code else ""
    text.append(f"error{code}", style="bold red")
    text.append(f": {diagnostic.message}\n", style="bold")
    line = _source_line(source, diagnostic.line).expandtabs(1)
    column = character_span(line, diagnostic.column, diagnostic.column)[0] + 1
    text.append(f"  --> {display_path}:{diagnostic.line}:{column}\n", style="blue")
    end = diagnostic.end_column if diagnostic.end_line == diagnostic.line else 10**6
    _code_frame(text, source, diagnostic.line, diagnostic.column, end)
    if diagnostic.hint:
        for note in diagnostic.hint.splitlines():
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


def verdict_text(course: Course, verdict: Verdict) -> Text:
    """Everything that is wrong with the file, in the order the engine found it."""
    exercise = verdict.exercise
    where = shown_path(course, exercise.path)
    text = Text()
    for finding in verdict.guard:
        if finding.rule == "syntax":  # not a refusal: Python itself cannot read the file
            text.append("error[syntax]", style="bold red")
            text.append(f": {finding.message}\n", style="bold")
            text.append(f"  --> {where}:{finding.line}\n", style="blue")
            _code_frame(text, verdict.source, finding.line, 0, 0)
            continue
        text.append("refused", style="bold red")
        location = f"{where}:{finding.line}" if finding.line else where
        text.append(f": {finding.message} [{finding.rule}]\n", style="bold")
        text.append(f"  --> {location}\n", style="blue")
        if finding.line:
            text.append(f"  {_source_line(verdict.source, finding.line).strip()}\n")
    if verdict.guard:
        return text
    if verdict.typecheck_failure:
        text.append("mypy could not check this file\n", style="bold red")
        text.append(verdict.typecheck_failure + "\n")
        return text
    notes = [d for d in verdict.diagnostics if d.severity == "note"]
    for diagnostic in verdict.errors:
        text.append_text(diagnostic_text(diagnostic, verdict.source, where))
        for note in notes:
            if note.line == diagnostic.line:
                text.append("  = note: ", style="blue")
                text.append(note.message + "\n")
        text.append("\n")
    marks = {mark.line: mark for mark in expected_errors(verdict.source)}
    for line in verdict.missing_expected:
        codes = ", ".join(sorted(marks[line].codes)) if line in marks else "an error"
        text.append("error[must-stay-rejected]", style="bold red")
        text.append(
            f": the checks expect mypy to reject this line with [{codes}], but mypy accepts "
            "it: a type above the marker line is still wider than this lesson allows\n",
            style="bold",
        )
        text.append(f"  --> {where}:{line}\n", style="blue")
        _code_frame(text, verdict.source, line, 0, 0)
        text.append("\n")
    if verdict.errors or verdict.missing_expected:
        count = len(verdict.errors) + len(verdict.missing_expected)
        text.append(
            f"mypy --strict: {count} problem{'s' if count != 1 else ''} to fix\n", style="red"
        )
        return text
    report = verdict.tests
    if report is not None and report.outcome != "passed":
        text.append("types are right; ", style="green")
        text.append("the checks fail:\n", style="bold red")
        for failure in report.failures:
            text.append(f"--- {failure.test}\n", style="bold")
            text.append(failure.message.rstrip() + "\n")
        printed = learner_output(report.output)
        if printed:
            text.append("--- output\n", style="bold")
            text.append(printed + "\n")
    return text


def learned(exercise: Exercise) -> Text:
    """After a pass: what the exercise taught, in the catalog's one line."""
    return Text("what this taught: ", style="bold") + Text(exercise.concept)


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


def verdict_json(course: Course, verdict: Verdict) -> dict[str, object]:
    """A verdict as plain data for `--json`."""
    tests = verdict.tests
    return {
        "name": verdict.exercise.name,
        "path": shown_path(course, verdict.exercise.path),
        "passed": verdict.passed,
        "stage": verdict.stage,
        "content_hash": verdict.content_hash,
        "guard": [{"line": g.line, "rule": g.rule, "message": g.message} for g in verdict.guard],
        "errors": [
            {
                "line": d.line,
                "column": d.column + 1,
                "end_line": d.end_line,
                "end_column": d.end_column + 1,
                "message": d.message,
                "code": d.code,
            }
            for d in verdict.errors
        ],
        "missing_expected": list(verdict.missing_expected),
        "typecheck_failure": verdict.typecheck_failure,
        "tests": None
        if tests is None
        else {
            "outcome": tests.outcome,
            "failures": [{"test": f.test, "message": f.message} for f in tests.failures],
            "seconds": round(tests.seconds, 3),
        },
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
