"""The authoring rules `dev check` enforces beyond the verdict: refused shortcuts, prose that does
not state the edit, runtime-only lessons that say why, and marks written as typeshed writes them."""

from __future__ import annotations

import shutil

from checker.leaks import added_lines, find_leak, prose
from tests.checker.conftest import CourseCopy

WRAP = "exercises/01_types/wrap_the_id.py"
WRAP_SHORTCUT = "shortcuts/01_types/wrap_the_id/widened_parameter.py"


def test_a_shortcut_the_verdict_accepts_is_a_problem(course: CourseCopy) -> None:
    shutil.copy(
        course.path("solutions/01_types/wrap_the_id.py"),
        course.path("shortcuts/01_types/wrap_the_id/just_the_solution.py"),
    )
    result = course.run("dev", "check")
    assert result.code == 1
    assert "wrap_the_id: shortcut just_the_solution.py passes: the verdict must refuse it" in (
        result.out
    )
    assert result.out.splitlines()[-1] == "dev check (exercises): 3 exercises, 1 problem"


def test_a_shortcut_must_keep_the_checks(course: CourseCopy) -> None:
    course.edit(WRAP_SHORTCUT, "assert shown == 3", "assert shown == 4")
    result = course.run("dev", "check", "--only", "wrap_the_id")
    assert "shortcut widened_parameter.py has checks that differ" in result.out


def test_every_exercise_needs_a_shortcut_and_orphans_are_named(course: CourseCopy) -> None:
    shutil.move(
        course.path("shortcuts/02_runtime/double_it"), course.path("shortcuts/02_runtime/gone")
    )
    result = course.run("dev", "check")
    assert "double_it: no shortcut in shortcuts/02_runtime/double_it/" in result.out
    assert "shortcuts/02_runtime/gone/adds_two.py: a shortcut with no catalog entry" in result.out


def test_a_runtime_only_lesson_must_say_why(course: CourseCopy) -> None:
    course.edit("exercises/info.toml", "runtime_only = ", "# runtime_only = ")
    result = course.run("dev", "check", "--only", "double_it")
    assert "double_it: declared `test` without `runtime_only`" in result.out
    assert result.out.splitlines()[-1] == "dev check (exercises): 1 exercises, 1 problem"


def test_only_names_an_unknown_exercise(course: CourseCopy) -> None:
    result = course.run("dev", "check", "--only", "wrap_the_idd")
    assert result.code == 1
    assert "wrap_the_idd: no such exercise in the catalog" in result.out


def test_a_docstring_that_states_the_edit_is_a_leak(course: CourseCopy) -> None:
    for path in (WRAP, "exercises/.pristine/01_types/wrap_the_id.py.orig"):
        course.edit(
            path,
            "# TODO: hand over a Token, not an int.",
            "# Start with raw_index = Token(3) here.",
        )
    result = course.run("dev", "check", "--only", "wrap_the_id")
    assert "wrap_the_id: the exercise's docstring or comments state the solution's edit" in (
        result.out
    )


def test_widening_a_type_is_shown_as_a_line_that_must_stay_rejected(course: CourseCopy) -> None:
    shutil.copy(course.path(WRAP_SHORTCUT), course.path(WRAP))
    result = course.run("run", "wrap_the_id")
    assert result.code == 1
    assert "error[must-stay-rejected]" in result.out
    assert "reject this line with [arg-type]" in result.out
    assert "visible_index(3)  # type: ignore[arg-type]" in result.out
    assert "unused-ignore" not in result.out


def test_a_marked_line_is_not_blamed_while_the_learners_part_has_errors(
    course: CourseCopy,
) -> None:
    course.edit(WRAP, "def visible_index(token: Token) -> int:", "def visible_index(token):  ")
    result = course.run("run", "wrap_the_id")
    assert result.code == 1
    assert "[no-untyped-def]" in result.out
    assert "must-stay-rejected" not in result.out


def test_prose_is_docstrings_and_comments_only() -> None:
    source = '"""Doc `a.b(c)`."""\n\nx = "not prose"  # but this is\n\n\ndef f() -> None:\n    """Inner."""\n'
    text = prose(source)
    assert "Doc" in text and "but this is" in text and "Inner." in text
    assert "not prose" not in text


def test_leaks_are_added_lines_or_telling_fragments() -> None:
    exercise = '"""Goal.\n\nCall `vocabulary.word_of(TokenId(position))`.\n"""\nx = 1\n'
    solution = '"""Goal.\n\nCall `vocabulary.word_of(TokenId(position))`.\n"""\nx = vocabulary.word_of(TokenId(position))\n'
    assert added_lines(exercise, solution) == ["x = vocabulary.word_of(TokenId(position))"]
    assert find_leak(exercise, solution) == "`vocabulary.word_of(TokenId(position))`"
    quiet = '"""A token id names a position in the vocabulary."""\nx = 1\n'
    assert find_leak(quiet, quiet.replace("x = 1", "x = TokenId(2)")) is None
    line_leak = "# x = the_answer(of_everything)\nx = 1\n"
    assert find_leak(line_leak, "x = the_answer(of_everything)\n") is not None
