"""What one verdict concluded, as one tagged value with its evidence.

The engine decides the outcome once; the terminal, the JSON, the watch status line, `dev check`
and the JUnit report only render it. Each kind refuses to be built without its evidence, so no
view can ever show a failure without a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from checker.guard import GuardFinding
from checker.testrun import TestReport
from checker.typecheck import Diagnostic

Stage = Literal["guard", "types", "tests", "pass"]


@dataclass(frozen=True)
class TypeProblem:
    """One mypy error the learner must fix, with the file and line it really is on."""

    diagnostic: Diagnostic
    shown_path: str  # the learner's file as they know it, or the other file's own path
    line_text: str  # that line of that file, for the code frame
    notes: tuple[str, ...]  # mypy's notes on the same line
    in_checks: bool  # it lands in the trusted checks: the cause is above the marker


@dataclass(frozen=True)
class WidenedMark:
    """A line of the checks marked `# type: ignore[codes]` that mypy now accepts."""

    line: int
    codes: frozenset[str]
    line_text: str


@dataclass(frozen=True)
class Refused:
    """The guard refused the learner's part (or Python could not read it); nothing else ran."""

    findings: tuple[GuardFinding, ...]
    stage: Literal["guard"] = "guard"

    def __post_init__(self) -> None:
        if not self.findings:
            raise ValueError("a refusal needs at least one finding")


@dataclass(frozen=True)
class WrongTypes:
    """mypy rejects the file, accepts a line the checks must keep rejected, or could not check."""

    problems: tuple[TypeProblem, ...]
    widened: tuple[WidenedMark, ...]
    failure: str | None  # why mypy gave no usable answer for this file
    stage: Literal["types"] = "types"

    def __post_init__(self) -> None:
        if not (self.problems or self.widened or self.failure):
            raise ValueError("wrong types need an error, a widened mark or a failure")


@dataclass(frozen=True)
class ChecksFailed:
    """The types are right and the checks ran, but did not pass."""

    report: TestReport
    stage: Literal["tests"] = "tests"

    def __post_init__(self) -> None:
        if self.report.outcome == "passed":
            raise ValueError("passing checks are not a failure")


@dataclass(frozen=True)
class Passed:
    """Guard, types and (for a runtime exercise) the checks all agree: the exercise is done."""

    report: TestReport | None  # None when the exercise has no runtime checks
    stage: Literal["pass"] = "pass"


Outcome = Refused | WrongTypes | ChecksFailed | Passed

CHECKS_OUTCOME = {
    "failed": "the checks fail",
    "timeout": "the checks ran out of time",
    "crashed": "the checks' process crashed",
    "no-tests": "no checks ran",
    "not-run": "the checks were stopped before they ran",
}


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def headline(outcome: Outcome) -> str:
    """One line that says why: the watch status, `dev check` and the JUnit message use it."""
    match outcome:
        case Refused(findings=findings):
            first = findings[0]
            if first.rule == "syntax":
                return f"Python cannot read line {first.line}"
            return f"refused by the guard [{first.rule}]" + (
                f" at line {first.line}" if first.line else ""
            )
        case WrongTypes(failure=str(failure)):
            return "mypy could not check this file: " + failure.splitlines()[0]
        case WrongTypes(problems=problems, widened=widened):
            parts = []
            if problems:
                code = problems[0].diagnostic.code
                parts.append(f"{_count(len(problems), 'type error')}, first [{code}]")
            if widened:
                parts.append(f"{_count(len(widened), 'marked line')} no longer rejected")
            return "; ".join(parts)
        case ChecksFailed(report=report):
            return f"types are right; {CHECKS_OUTCOME[report.outcome]}"
        case Passed():
            return "done"
