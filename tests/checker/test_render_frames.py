"""Rendering: caret frames under mypy's span, literal learner text, colour only on a terminal."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from checker import testrun
from checker.catalog import Exercise
from checker.columns import character_span
from checker.course import Course
from checker.guard import GuardFinding
from checker.outcome import ChecksFailed, Refused, TypeProblem, WidenedMark, WrongTypes
from checker.render import (
    make_console,
    path_link,
    problem_text,
    progress_bar,
    render_verdict,
    verdict_json,
)
from checker.typecheck import Diagnostic
from checker.verdict import Verdict

SOURCE = 'def f(a: int) -> int:\n    return a\n\n\nshown = f("three")\n'


def error(
    line: int, column: int, end_line: int, end_column: int, code: str | None = "arg-type"
) -> Diagnostic:
    return Diagnostic(
        "x.py", line, column, end_line, end_column, "error", "bad [red]thing[/]", code, None
    )


def problem(
    diagnostic: Diagnostic, source: str = SOURCE, *, in_checks: bool = False
) -> TypeProblem:
    line = source.splitlines()[diagnostic.line - 1] if diagnostic.line else ""
    return TypeProblem(diagnostic, "ex/x.py", line, (), in_checks)


def frame(diagnostic: Diagnostic, source: str = SOURCE) -> list[str]:
    return problem_text(problem(diagnostic, source)).plain.splitlines()


def test_the_caret_runs_from_column_to_end_column() -> None:
    lines = frame(error(5, 10, 5, 17))
    assert lines[0] == "error[arg-type]: bad [red]thing[/]"
    assert lines[1] == "  --> ex/x.py:5:11", "columns are shown 1-based"
    assert lines[3] == '5 | shown = f("three")'
    assert lines[4] == "  |           ^^^^^^^"
    assert lines[4].index("^") == lines[3].index('"')


def test_a_span_over_several_lines_is_underlined_to_the_end_of_the_first() -> None:
    lines = frame(error(1, 4, 2, 12))
    assert lines[3] == "1 | def f(a: int) -> int:"
    assert lines[4] == "  |     " + "^" * len("f(a: int) -> int:")


def test_a_column_past_the_line_gets_one_caret_just_after_it() -> None:
    assert frame(error(2, 40, 2, 41))[4] == "  | " + " " * len("    return a") + "^"


@pytest.mark.parametrize(
    ("line", "column", "end_column", "underlined"),
    [
        ('t = "\u00e9\u00e9\u00e9"; f(t)', 10, 11, "t"),
        ('w = ("\u00e9", f("\u00e9"))', 11, 13, '"\u00e9"'),
        ('f("\u2192\u2192\u2192\u2192\u2192\u2192")', 0, 1, "f"),
        ('v = "\u20ac"; f(v)', 9, 10, "v"),
    ],
)
def test_columns_on_a_non_ascii_line_are_mapped_to_characters(
    line: str, column: int, end_column: int, underlined: str
) -> None:
    """Columns as mypy 2.4 reports them there: 2 * characters - UTF-8 bytes before the point."""
    start, end = character_span(line, column, end_column)
    assert line[start:end] == underlined


def test_the_caret_counts_terminal_cells_under_wide_characters() -> None:
    source = 'x = ("\u6f22\u5b57", f("a"))\n'
    lines = frame(error(1, 9, 1, 12), source)  # as mypy reports `"a"` there
    assert lines[4] == "  | " + " " * 15 + "^^^"


def test_an_empty_span_gets_one_caret() -> None:
    assert frame(error(5, 0, 5, 0))[4] == "  | ^"


def test_a_tab_indented_line_keeps_the_caret_under_the_span() -> None:
    source = 'if True:\n\tf("x")\n'
    lines = frame(error(2, 3, 2, 6), source)
    assert lines[3] == '2 |  f("x")'
    assert lines[4] == "  |    ^^^"


def test_a_diagnostic_without_a_code_and_with_a_hint() -> None:
    diagnostic = Diagnostic("x.py", 2, 4, 2, 10, "error", "odd", None, "first\nsecond")
    lines = frame(diagnostic)
    assert lines[0] == "error: odd"
    assert lines[-2:] == ["  = note: first", "  = note: second"]


def test_the_gutter_is_as_wide_as_the_line_number() -> None:
    source = "\n" * 99 + "x: int = 'a'\n"
    lines = frame(error(100, 9, 100, 12, "assignment"), source)
    assert lines[2:5] == ["    |", "100 | x: int = 'a'", "    |          ^^^"]


def test_progress_bar_counts() -> None:
    assert progress_bar(12, 80).plain.endswith("] 12/80")
    assert progress_bar(0, 0).plain == "[" + "-" * 30 + "] 0/0"
    assert progress_bar(3, 3, width=3).plain == "[###] 3/3"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def exercise(tmp_path: Path) -> Exercise:
    return Exercise(
        track="exercises",
        name="ex",
        dir="01_x",
        file="ex.py",
        test=True,
        concept="c",
        hints=("h",),
        expect="test",
        allow=frozenset(),
        imports=frozenset(),
        forbid=frozenset(),
        runtime_only=None,
        path=tmp_path / "exercises" / "01_x" / "ex.py",
        solution_path=tmp_path / "solutions" / "01_x" / "ex.py",
        pristine_path=tmp_path / "exercises" / ".pristine" / "01_x" / "ex.py.orig",
        shortcuts_path=tmp_path / "shortcuts" / "01_x" / "ex",
    )


def failing_tests(tmp_path: Path) -> Verdict:
    report = testrun.TestReport(
        "failed",
        (testrun.TestFailure("ex.py::test_it", "assert [bold]1[/bold] == 2"),),
        "[red]printed by the learner[/] [/]\n",
        0.5,
    )
    return Verdict(exercise(tmp_path), "hash", ChecksFailed(report), SOURCE)


def rendered(verdict: Verdict, stream: io.StringIO, tmp_path: Path) -> str:
    render_verdict(make_console(stream), Course(tmp_path), verdict, done=1, total=4)
    return stream.getvalue()


def test_learner_text_is_printed_literally_and_plain_off_a_terminal(tmp_path: Path) -> None:
    out = rendered(failing_tests(tmp_path), io.StringIO(), tmp_path)
    assert "[red]printed by the learner[/] [/]" in out
    assert "assert [bold]1[/bold] == 2" in out
    assert "] 1/4" in out
    assert "exercises/01_x/ex.py" in out
    assert "\x1b" not in out


def test_a_terminal_gets_colour_and_a_link_unless_no_color(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    coloured = rendered(failing_tests(tmp_path), FakeTerminal(), tmp_path)
    assert "\x1b[" in coloured
    assert "\x1b]8;" in coloured, "the file is a clickable link"
    assert "[red]printed by the learner[/] [/]" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    plain = rendered(failing_tests(tmp_path), FakeTerminal(), tmp_path)
    assert "\x1b[" not in plain and "[red]printed by the learner[/] [/]" in plain


def test_the_link_points_at_the_absolute_file(tmp_path: Path) -> None:
    target = tmp_path / "exercises" / "a.py"
    link = path_link(Course(tmp_path), target)
    assert link.plain == "exercises/a.py"
    assert f"link {target.resolve().as_uri()}" in str(link.style)


def test_guard_findings_name_the_line_and_show_it(tmp_path: Path) -> None:
    verdict = Verdict(
        exercise(tmp_path),
        "hash",
        Refused((GuardFinding(5, "type-ignore", "`# type: ignore` silences mypy"),)),
        SOURCE,
    )
    out = rendered(verdict, io.StringIO(), tmp_path)
    assert "refused: `# type: ignore` silences mypy [type-ignore]" in out
    assert "--> exercises/01_x/ex.py:5" in out
    assert 'shown = f("three")' in out


def test_json_carries_every_part_of_the_verdict(tmp_path: Path) -> None:
    diagnostic = error(5, 10, 5, 17)
    widened = WidenedMark(9, frozenset({"arg-type"}), "f(1)  # type: ignore[arg-type]")
    outcome = WrongTypes((problem(diagnostic),), (widened,), None)
    data = verdict_json(Course(tmp_path), Verdict(exercise(tmp_path), "h", outcome, SOURCE))
    assert data["name"] == "ex" and data["passed"] is False and data["stage"] == "types"
    assert data["path"] == "exercises/01_x/ex.py"
    found = data["outcome"]
    assert isinstance(found, dict)
    assert found["reason"] == "1 type error, first [arg-type]; 1 marked line no longer rejected"
    assert found["errors"] == [
        {
            "path": "ex/x.py",
            "line": 5,
            "column": 11,
            "end_line": 5,
            "end_column": 18,
            "message": "bad [red]thing[/]",
            "code": "arg-type",
            "in_checks": False,
        }
    ]
    assert found["must_stay_rejected"] == [{"line": 9, "codes": ["arg-type"]}]
    failing = verdict_json(Course(tmp_path), failing_tests(tmp_path))
    tests = failing["outcome"]
    assert failing["stage"] == "tests" and isinstance(tests, dict)
    assert isinstance(tests["tests"], dict) and tests["tests"]["outcome"] == "failed"


def test_an_error_in_the_checks_says_its_cause_is_above_the_marker() -> None:
    lines = problem_text(problem(error(5, 10, 5, 17), in_checks=True)).plain.splitlines()
    assert lines[-1].startswith("  = note: this line is in the checks")


@pytest.mark.parametrize(
    "outcome",
    [
        lambda: Refused(()),
        lambda: WrongTypes((), (), None),
        lambda: ChecksFailed(testrun.TestReport("passed", (), "", 0.1)),
    ],
)
def test_no_failing_outcome_can_be_built_without_its_evidence(
    outcome: Callable[[], object],
) -> None:
    with pytest.raises(ValueError):
        outcome()
