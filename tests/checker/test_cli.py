"""The real command on the fixture course: every verdict path a learner can reach."""

from __future__ import annotations

import json
import re

import pytest

from tests.checker.conftest import CourseCopy

WRAP = "exercises/01_types/wrap_the_id.py"
DOUBLE = "exercises/02_runtime/double_it.py"
TYPES_ONLY = "exercises/01_types/types_only.py"


def test_fresh_course_verify_stops_at_the_first_mypy_error(course: CourseCopy) -> None:
    result = course.run("verify")
    assert result.code == 1
    assert (
        'error[arg-type]: Argument 1 to "visible_index" has incompatible type "int"' in result.out
    )
    assert f"--> {WRAP}:20:23" in result.out
    assert "20 | shown = visible_index(raw_index)" in result.out
    assert "   |                       ^^^^^^^^^\n" in result.out
    assert "types_only" not in result.out, "verify stops at the first failure"
    assert "\x1b[" not in result.text, "plain text when not a terminal"


def test_solutions_copied_over_verify_passes(course: CourseCopy) -> None:
    for relative in (
        "01_types/wrap_the_id.py",
        "01_types/types_only.py",
        "02_runtime/double_it.py",
    ):
        course.solve(relative)
    result = course.run("verify")
    assert result.code == 0, result.text
    assert "verify: 3/3 pass" in result.out
    assert json.loads(course.run("list", "--json").out)["exercises"][2]["state"] == "done"


def test_run_pass_says_done_and_where_the_solution_is(course: CourseCopy) -> None:
    course.solve("01_types/wrap_the_id.py")
    result = course.run("run", "wrap_the_id")
    assert result.code == 0, result.text
    assert "done" in result.out
    assert "solutions/01_types/wrap_the_id.py" in result.out


def test_failing_check_is_shown_with_its_message(course: CourseCopy) -> None:
    result = course.run("run", "double_it")
    assert result.code == 1
    assert "the checks fail" in result.out
    assert "double(5) must be 10" in result.out


def test_widened_type_keeps_expect_type_error_failing(course: CourseCopy) -> None:
    course.edit(
        WRAP,
        "def visible_index(token: Token) -> int:\n    return token.index",
        "def visible_index(token: Token | int) -> int:\n    return token if isinstance(token, int) else token.index",
    )
    result = course.run("run", "wrap_the_id")
    assert result.code == 1
    assert "error[must-stay-rejected]" in result.out
    assert "visible_index(3)  # type: ignore[arg-type]" in result.out


def test_expect_type_error_with_the_wrong_code_fails(course: CourseCopy) -> None:
    course.edit(
        TYPES_ONLY,
        "def word_count(text: str) -> int:\n    return text",
        "def word_count(text: object) -> int:\n    return len(str(text).split())",
    )
    result = course.run("run", "types_only")
    assert result.code == 1
    assert "error[must-stay-rejected]" in result.out


def test_edited_checks_are_refused_and_named(course: CourseCopy) -> None:
    course.edit(DOUBLE, "assert double(5) == 10", "assert double(5) == 7")
    result = course.run("run", "double_it")
    assert result.code == 1
    assert "[checks-edited]" in result.out


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("shown = visible_index(raw_index)  # type: ignore", "type-ignore"),
        ("from typing import Any\nshown = visible_index(raw_index)", "any"),
        ("import sys\nsys.exit(0)\nshown = 3", "exit"),
    ],
)
def test_guard_refusals_reach_the_learner(course: CourseCopy, line: str, rule: str) -> None:
    course.edit(WRAP, "shown = visible_index(raw_index)", line)
    result = course.run("run", "wrap_the_id")
    assert result.code == 1
    assert f"[{rule}]" in result.out
    assert f"--> {WRAP}:" in result.out


def test_infinite_loop_is_stopped_with_its_output_kept(course: CourseCopy) -> None:
    course.edit(
        DOUBLE,
        "    return x + 2",
        "    print('still looping', flush=True)\n    while True:\n        pass",
    )
    result = course.run("run", "double_it", "--timeout", "2")
    assert result.code == 1
    assert "did not finish within 2 s" in result.out
    assert "still looping" in result.out


def test_syntax_error_is_a_mypy_error(course: CourseCopy) -> None:
    course.edit(DOUBLE, "    return x + 2", "    return x +")
    result = course.run("run", "double_it")
    assert result.code == 1
    assert "error[syntax]" in result.out


def test_import_error_at_runtime_fails_the_checks(course: CourseCopy) -> None:
    course.edit(
        DOUBLE,
        '"""double_it',
        'import importlib\nimportlib.import_module("no_such_module_here")\n"""double_it',
    )
    result = course.run("run", "double_it")
    assert result.code == 1
    assert "no_such_module_here" in result.out


@pytest.mark.parametrize("escape", ["os._exit(0)", "sys.exit(0)", "raise SystemExit(0)"])
def test_exiting_from_learner_code_is_a_failure(course: CourseCopy, escape: str) -> None:
    course.edit(DOUBLE, "    return x + 2", f"    import os, sys\n    {escape}\n    return x * 2")
    result = course.run("run", "double_it")
    assert result.code == 1, result.text


def test_markup_in_learner_output_is_shown_literally(course: CourseCopy) -> None:
    course.edit(
        DOUBLE, "    return x + 2", "    print('[red]alarm[/] [/]', flush=True)\n    return x + 2"
    )
    result = course.run("run", "double_it")
    assert result.code == 1
    assert "[red]alarm[/] [/]" in result.out


def test_planted_mypy_config_changes_nothing(course: CourseCopy) -> None:
    course.path("mypy.ini").write_text("[mypy]\nignore_errors = True\nstrict = False\n")
    course.path("setup.cfg").write_text("[mypy]\nignore_errors = True\n")
    result = course.run("run", "wrap_the_id")
    assert result.code == 1
    assert "error[arg-type]" in result.out


def test_planted_conftest_changes_nothing(course: CourseCopy) -> None:
    course.path("exercises/02_runtime/conftest.py").write_text(
        "import pytest\n\n@pytest.hookimpl(tryfirst=True)\ndef pytest_runtest_call(item):\n    pass\n"
    )
    result = course.run("run", "double_it")
    assert result.code == 1


def test_unknown_name_suggests_the_closest(course: CourseCopy) -> None:
    result = course.run("run", "wrap_the_idd")
    assert result.code == 2
    assert "no exercise named wrap_the_idd; did you mean wrap_the_id?" in result.err


def test_outside_a_course_says_so(course: CourseCopy) -> None:
    result = course.run("list", cwd=course.root.parent)
    assert result.code == 2
    assert "no course found" in result.err


def test_commands_work_from_a_subfolder(course: CourseCopy) -> None:
    result = course.run("list", cwd=course.path("exercises/02_runtime"))
    assert result.code == 0
    assert "> wrap_the_id" in result.out


def test_list_json_has_the_documented_shape(course: CourseCopy) -> None:
    data = json.loads(course.run("list", "--json").out)
    assert data["current"] == "wrap_the_id"
    assert data["exercises"][0] == {
        "name": "wrap_the_id",
        "topic": "01_types",
        "path": WRAP,
        "state": "pending",
        "current": True,
    }


def test_hint_all_shows_every_level(course: CourseCopy) -> None:
    result = course.run("hint", "wrap_the_id", "--all")
    assert "hint 1/2: Look at the argument's type." in result.out
    assert "hint 2/2: Wrap the int: Token(3)." in result.out
    assert "that was the last hint" not in result.out
    state = json.loads(course.path(".typed-ai-rustlings-state.json").read_text())
    assert state["tracks"]["exercises"]["hints"] == {"wrap_the_id": 2}


def test_hint_shows_the_next_level_not_yet_seen_and_remembers_it(course: CourseCopy) -> None:
    first = course.run("hint")
    assert first.code == 0, first.text
    assert first.out.startswith("hints for wrap_the_id")
    assert "hint 1/2: Look at the argument's type." in first.out
    assert "hint 2/2:" not in first.out
    assert "A token id is its own type" not in first.out, "the concept waits for a pass"
    assert "`typed-ai-rustlings hint wrap_the_id` shows level 2 of 2" in first.out
    second = course.run("hint", "wrap_the_id")
    assert "hint 1/2: Look at the argument's type." in second.out, "seen levels stay visible"
    assert "hint 2/2: Wrap the int: Token(3)." in second.out
    third = course.run("hint", "wrap_the_id")
    assert "hint 2/2: Wrap the int: Token(3)." in third.out
    assert "that was the last hint" in third.out
    # Levels are remembered per exercise.
    other = course.run("hint", "double_it")
    assert "hint 1/2: Read the failing check." in other.out and "hint 2/2" not in other.out
    assert "hint 1/2" in course.run("hint", "double_it", "--level", "1").out
    assert "hint 2/2" in course.run("hint", "double_it").out


def test_run_after_a_pass_says_what_the_exercise_taught(course: CourseCopy) -> None:
    course.solve("01_types/wrap_the_id.py")
    result = course.run("run", "wrap_the_id")
    assert result.code == 0, result.text
    assert "what this taught: A token id is its own type, not a raw int." in result.out
    assert "what this taught" not in course.run("run", "types_only").out


def test_reset_all_restores_the_track_with_backups_in_one_folder(course: CourseCopy) -> None:
    pristine = {
        relative: course.path(relative).read_text() for relative in (WRAP, TYPES_ONLY, DOUBLE)
    }
    course.solve("01_types/wrap_the_id.py")
    assert course.run("run", "wrap_the_id").code == 0
    course.edit(DOUBLE, "return x + 2", "return x + 2  # my try")
    course.run("hint", "double_it")
    refused = course.run("reset", "--all")
    assert refused.code == 1 and "--yes" in refused.err
    assert "# my try" in course.path(DOUBLE).read_text(), "nothing was changed"
    result = course.run("reset", "--all", "--yes")
    assert result.code == 0, result.text
    assert "restored all 3 exercises" in result.out
    match = re.search(r"2 changed copies were saved to (\S+)", result.out)
    assert match, result.out
    folder = course.root / match.group(1)
    saved = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.py"))
    assert saved == ["exercises/01_types/wrap_the_id.py", "exercises/02_runtime/double_it.py"]
    assert "# my try" in (folder / DOUBLE).read_text()
    for relative, text in pristine.items():
        assert course.path(relative).read_text() == text
    data = json.loads(course.run("list", "--json").out)
    assert data["current"] == "wrap_the_id"
    assert [e["state"] for e in data["exercises"]] == ["pending"] * 3


def test_reset_needs_a_name_or_all(course: CourseCopy) -> None:
    for args in ((), ("wrap_the_id", "--all")):
        result = course.run("reset", "--yes", *args)
        assert result.code == 2, result.text
        assert "Traceback" not in result.err


def test_reset_backs_up_each_time_and_restores(course: CourseCopy) -> None:
    original = course.path(WRAP).read_text()
    backups = []
    for attempt in ("first", "second"):
        course.edit(WRAP, "raw_index = 3", f"raw_index = 3  # {attempt} try")
        result = course.run("reset", "wrap_the_id", "--yes")
        assert result.code == 0, result.text
        match = re.search(r"your copy was saved to (\S+)", result.out)
        assert match, result.out
        backup = course.root / match.group(1)
        assert f"# {attempt} try" in backup.read_text()
        backups.append(backup)
        assert course.path(WRAP).read_text() == original
    assert backups[0] != backups[1] and all(b.exists() for b in backups)


def test_reset_makes_the_restored_exercise_current(course: CourseCopy) -> None:
    course.solve("01_types/wrap_the_id.py")
    assert course.run("run", "wrap_the_id").code == 0
    assert json.loads(course.run("list", "--json").out)["current"] == "types_only"
    result = course.run("reset", "wrap_the_id", "--yes")
    assert result.code == 0, result.text
    assert "it is the current exercise now" in result.out
    data = json.loads(course.run("list", "--json").out)
    assert data["current"] == "wrap_the_id"
    assert data["exercises"][0]["state"] == "pending"


def test_reset_without_a_terminal_asks_for_yes(course: CourseCopy) -> None:
    course.edit(WRAP, "raw_index = 3", "raw_index = 4")
    result = course.run("reset", "wrap_the_id", stdin="y\n")
    assert result.code == 1
    assert "--yes" in result.err
    assert "raw_index = 4" in course.path(WRAP).read_text()


@pytest.mark.parametrize(
    "content",
    [
        "",
        '{"version": 1, "tracks": {"exercises": {"curr',
        "not json at all",
        '{"version": 99, "tracks": {}}',
    ],
    ids=["empty", "truncated", "unparseable", "newer-version"],
)
def test_bad_state_file_is_kept_and_progress_rebuilt(course: CourseCopy, content: str) -> None:
    course.solve("01_types/wrap_the_id.py")
    state = course.path(".typed-ai-rustlings-state.json")
    state.write_text(content)
    result = course.run("list", "--json")
    assert result.code == 0, result.text
    assert "was unreadable" in result.err
    kept = list(course.root.glob(".typed-ai-rustlings-state.json.bad-*"))
    assert len(kept) == 1 and kept[0].read_text() == content
    data = json.loads(result.out)
    assert data["current"] == "types_only"
    assert [e["state"] for e in data["exercises"]] == ["done", "pending", "pending"]
    assert json.loads(state.read_text())["version"] == 1


def test_bad_catalog_names_the_entry_and_field(course: CourseCopy) -> None:
    catalog = course.path("exercises/info.toml")
    catalog.write_text(catalog.read_text().replace('name = "types_only"', 'name = "Types Only"'))
    result = course.run("list")
    assert result.code == 2
    assert "exercise #2 (Types Only): field `name` must match [a-z][a-z0-9_]*" in result.err


def test_dev_check_passes_on_the_fixture_and_catches_a_wrong_expect(course: CourseCopy) -> None:
    assert course.run("dev", "check").code == 0
    catalog = course.path("exercises/info.toml")
    catalog.write_text(
        catalog.read_text().replace('expect = "return-value"', 'expect = "arg-type"')
    )
    result = course.run("dev", "check")
    assert result.code == 1
    assert "types_only: the first mypy error is [return-value]" in result.out


def test_dev_check_finds_orphans_and_edited_exercises(course: CourseCopy) -> None:
    course.path("exercises/01_types/stray.py").write_text("x = 1\n")
    course.edit(WRAP, "raw_index = 3", "raw_index = 4")
    result = course.run("dev", "check")
    assert result.code == 1
    assert "exercises/01_types/stray.py: not in the catalog" in result.out
    assert (
        "wrap_the_id: exercises/01_types/wrap_the_id.py differs from its pristine copy"
        in result.out
    )


def test_a_failing_check_names_the_learners_file_not_the_snapshot(course: CourseCopy) -> None:
    course.edit(DOUBLE, "return x + 2", "return x + 2  # still wrong")
    result = course.run("run", "double_it")
    assert result.code == 1
    assert f"{DOUBLE}:14: in test_double" in result.out, result.out
    assert "snapshots/" not in result.out
