"""The verdict's one decision, driven by hand-made mypy reports and a fake test runner: no mypy,
no pytest process, so every branch of `conclude` is pinned in milliseconds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from checker import testrun
from checker.catalog import Exercise
from checker.course import MARKER, Course
from checker.outcome import ChecksFailed, Passed, Refused, WrongTypes
from checker.typecheck import Diagnostic, TypeCheckReport
from checker.verdict import (
    STOPPED_EARLY,
    Prepared,
    Verdict,
    conclude,
    expected_errors,
    judge_many,
    prepare,
    unmarked,
)
from tests.checker.doubles import FakeTests

LEARNER = "def double(x: int) -> int:\n    return x * 2\n\n\n"
CHECKS = (
    f"{MARKER}\n"
    "\n"
    "def _never_called() -> None:\n"
    '    double("two")  # type: ignore[arg-type]\n'
    "\n"
    "\n"
    "def test_double() -> None:\n"
    "    assert double(2) == 4\n"
)
MARKED_LINE = LEARNER.count("\n") + 4
CHECKS_LINE = LEARNER.count("\n") + 8


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Course:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "course"
    (root / "tiny_ml").mkdir(parents=True)
    (root / "tiny_ml" / "domain.py").write_text("A = 1\nBROKEN: int = 'x'\n")
    return Course(root)


def exercise(course: Course, *, test: bool = True) -> Exercise:
    root = course.root
    return Exercise(
        track="exercises",
        name="double_it",
        dir="01_x",
        file="double_it.py",
        test=test,
        concept="c",
        hints=("h",),
        expect="arg-type",
        allow=frozenset(),
        imports=frozenset(),
        forbid=frozenset(),
        runtime_only=None,
        path=root / "exercises" / "01_x" / "double_it.py",
        solution_path=root / "solutions" / "01_x" / "double_it.py",
        pristine_path=root / "exercises" / ".pristine" / "01_x" / "double_it.py.orig",
        shortcuts_path=root / "shortcuts" / "01_x" / "double_it",
    )


def prepared(course: Course, learner: str = LEARNER, *, test: bool = True) -> Prepared:
    ex = exercise(course, test=test)
    ex.pristine_path.parent.mkdir(parents=True, exist_ok=True)
    ex.pristine_path.write_text(LEARNER + CHECKS)
    ex.path.parent.mkdir(parents=True, exist_ok=True)
    ex.path.write_text(learner + CHECKS)
    return prepare(course, ex)


def diagnostic(
    file: Path | str, line: int, code: str = "arg-type", severity: str = "error"
) -> Diagnostic:
    return Diagnostic(str(file), line, 4, line, 9, severity, f"{code} here", code, None)


def reached(p: Prepared) -> Diagnostic:
    """The error mypy reports on the sentinel line when it read the whole file."""
    return diagnostic(p.snapshot.resolve(), p.source.count("\n"), "assignment")


def rejected(p: Prepared, code: str = "arg-type") -> Diagnostic:
    """The error mypy reports on the marked line while its rejection is still in place."""
    return diagnostic(p.snapshot.resolve(), MARKED_LINE, code)


def judged(p: Prepared, *diagnostics: Diagnostic, tests: FakeTests | None = None) -> Verdict:
    report = TypeCheckReport(diagnostics)
    return conclude(p, report, tests or FakeTests(), timeout=5.0)


def test_a_clean_file_runs_its_checks_and_passes(course: Course) -> None:
    p = prepared(course)
    runner = FakeTests()
    verdict = judged(p, reached(p), rejected(p), tests=runner)
    assert isinstance(verdict.outcome, Passed) and verdict.passed and verdict.stage == "pass"
    assert runner.runs == [p.snapshot]


def test_a_type_level_exercise_passes_without_running_checks(course: Course) -> None:
    p = prepared(course, test=False)
    runner = FakeTests()
    verdict = judged(p, reached(p), rejected(p), tests=runner)
    assert verdict.outcome == Passed(None) and runner.runs == []


def test_failing_checks_carry_their_report(course: Course) -> None:
    p = prepared(course)
    report = testrun.TestReport(
        "failed", (testrun.TestFailure("test_double", "assert 5 == 4"),), "", 0.1
    )
    verdict = judged(p, reached(p), rejected(p), tests=FakeTests(report))
    assert isinstance(verdict.outcome, ChecksFailed) and verdict.stage == "tests"
    assert verdict.tests is not None and verdict.tests.failures[0].message == "assert 5 == 4"


def test_no_sentinel_error_means_mypy_stopped_early(course: Course) -> None:
    p = prepared(course)
    verdict = judged(p)
    assert isinstance(verdict.outcome, WrongTypes)
    assert verdict.outcome.failure == STOPPED_EARLY


def test_a_widened_mark_is_reported_once_the_learners_part_is_clean(course: Course) -> None:
    p = prepared(course)
    verdict = judged(p, reached(p))  # no rejection on the marked line
    assert isinstance(verdict.outcome, WrongTypes)
    assert verdict.outcome.problems == ()
    [mark] = verdict.outcome.widened
    assert mark.line == MARKED_LINE and mark.codes == {"arg-type"}
    assert 'double("two")' in mark.line_text


def test_no_widened_mark_while_the_learners_part_has_errors(course: Course) -> None:
    p = prepared(course)
    snapshot = p.snapshot.resolve()
    verdict = judged(
        p,
        reached(p),
        diagnostic(snapshot, 2, "return-value"),
    )
    assert isinstance(verdict.outcome, WrongTypes) and verdict.outcome.widened == ()
    assert [problem.diagnostic.code for problem in verdict.outcome.problems] == ["return-value"]


def test_an_error_in_the_checks_is_flagged_as_caused_above_the_marker(course: Course) -> None:
    p = prepared(course)
    verdict = judged(p, reached(p), diagnostic(p.snapshot.resolve(), CHECKS_LINE))
    assert isinstance(verdict.outcome, WrongTypes)
    [problem] = verdict.outcome.problems
    assert problem.in_checks and problem.shown_path == "exercises/01_x/double_it.py"
    assert problem.line_text == "    assert double(2) == 4"


def test_an_error_in_another_file_names_that_file_and_its_line(course: Course) -> None:
    p = prepared(course)
    other = (course.root / "tiny_ml" / "domain.py").resolve()
    verdict = judged(p, reached(p), diagnostic(other, 2, "assignment"))
    assert isinstance(verdict.outcome, WrongTypes)
    [problem] = verdict.outcome.problems
    assert problem.shown_path == "tiny_ml/domain.py"
    assert problem.line_text == "BROKEN: int = 'x'" and not problem.in_checks


def test_notes_travel_with_the_error_on_their_line(course: Course) -> None:
    p = prepared(course)
    snapshot = p.snapshot.resolve()
    verdict = judged(
        p,
        reached(p),
        diagnostic(snapshot, 2, "return-value"),
        diagnostic(snapshot, 2, "note", severity="note"),
        diagnostic(snapshot, 1, "note", severity="note"),
    )
    assert isinstance(verdict.outcome, WrongTypes)
    assert [problem.notes for problem in verdict.outcome.problems] == [("note here",)]


def test_a_guard_finding_refuses_before_anything_runs(course: Course) -> None:
    p = prepared(course, "import os\n" + LEARNER)
    runner = FakeTests()
    verdict = judged(p, reached(p), tests=runner)
    assert isinstance(verdict.outcome, Refused) and verdict.stage == "guard"
    assert runner.runs == []


def test_edited_checks_are_refused_and_replaced_by_the_trusted_ones(course: Course) -> None:
    p = prepared(course)
    ex = p.exercise
    ex.path.write_text(LEARNER + CHECKS.replace("== 4", "== 5"))
    again = prepare(course, ex)
    assert "== 4" in again.source and "== 5" not in again.source
    verdict = judged(again, reached(again))
    assert isinstance(verdict.outcome, Refused)
    assert verdict.outcome.findings[0].rule == "checks-edited"


def test_a_missing_file_is_refused_with_how_to_restore_it(course: Course) -> None:
    p = prepared(course)
    p.exercise.path.unlink()
    again = prepare(course, p.exercise)
    verdict = judged(again, reached(again))
    assert isinstance(verdict.outcome, Refused)
    assert "reset double_it" in verdict.outcome.findings[0].message


def test_mypy_reads_the_marks_as_rejections_it_must_report(course: Course) -> None:
    p = prepared(course)
    typed = p.snapshot.read_text().splitlines()
    assert typed[MARKED_LINE - 1] == '    double("two")  # mypy must reject: arg-type'
    assert "type: ignore" not in p.snapshot.read_text()
    assert p.source.splitlines()[MARKED_LINE - 1].endswith("# type: ignore[arg-type]"), (
        "the learner's own text is what a verdict shows"
    )
    assert len(typed) == p.source.count("\n")


def test_a_rejection_with_another_code_leaves_the_mark_widened_and_is_an_error(
    course: Course,
) -> None:
    p = prepared(course)
    verdict = judged(p, reached(p), rejected(p, "call-arg"))
    assert isinstance(verdict.outcome, WrongTypes)
    assert [problem.diagnostic.code for problem in verdict.outcome.problems] == ["call-arg"]
    assert [mark.line for mark in verdict.outcome.widened] == [MARKED_LINE]


def test_a_sub_code_meets_the_mark_of_its_parent_code(course: Course) -> None:
    p = prepared(course)
    [mark] = p.expected
    marked = replace(mark, codes=frozenset({"assignment"}))
    verdict = judged(replace(p, expected=(marked,)), reached(p), rejected(p, "method-assign"))
    assert verdict.passed


def test_every_code_of_a_mark_must_still_be_reported(course: Course) -> None:
    p = prepared(course)
    [mark] = p.expected
    both = replace(p, expected=(replace(mark, codes=frozenset({"arg-type", "misc"})),))
    assert not judged(both, reached(p), rejected(p)).passed
    assert judged(both, reached(p), rejected(p), rejected(p, "misc")).passed


def test_a_mark_covers_its_whole_statement() -> None:
    source = (
        "x = 1\n"
        f"{MARKER}\n"
        "f(  # type: ignore[arg-type]\n"
        "    'a',\n"
        ")\n"
        "def g() -> None:  # type: ignore[misc]\n"
        "    h(1)\n"
    )
    by_line = {e.line: (e.first, e.last) for e in expected_errors(source)}
    assert by_line == {3: (3, 5), 6: (6, 6)}, "a def's mark covers its header, not its body"
    assert unmarked(source).count("\n") == source.count("\n")


@dataclass
class FakeTypes:
    """A TypeChecker whose report holds only the errors every snapshot must show."""

    def check(self, files: Sequence[Path]) -> TypeCheckReport:
        diagnostics: list[Diagnostic] = []
        for file in files:
            lines = file.read_text().count("\n")
            diagnostics += [diagnostic(file.resolve(), lines, "assignment")]
            diagnostics += [diagnostic(file.resolve(), MARKED_LINE)]
        return TypeCheckReport(tuple(diagnostics))

    def close(self) -> None:
        pass


def test_judge_many_tells_of_each_verdict_as_it_is_reached(course: Course) -> None:
    p = prepared(course)
    heard: list[Verdict] = []
    verdicts = judge_many(
        course,
        [(p.exercise, p.exercise.path)],
        typechecker=FakeTypes(),
        tests=FakeTests(),
        on_verdict=heard.append,
    )
    assert heard == verdicts and verdicts[0].passed
