"""Catalog fields and course discovery: typed values, and one message naming entry and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.catalog import CatalogError, load_catalog
from checker.course import Course, CourseNotFoundError, find_course

HEADER = 'format_version = 1\nwelcome_message = "hello"\nfinal_message = "bye"\n'
ENTRY = (
    '[[exercises]]\nname = "first_one"\ndir = "01_x"\ntest = false\nconcept = "c"\n'
    'hint = "one level"\nexpect = "arg-type"\n'
)


def course_with(root: Path, text: str, track: str = "exercises") -> Course:
    (root / track).mkdir(parents=True, exist_ok=True)
    (root / track / "info.toml").write_text(text)
    (root / "exercises").mkdir(exist_ok=True)
    (root / "exercises" / "info.toml").touch()
    return Course(root)


def error_for(root: Path, text: str) -> str:
    with pytest.raises(CatalogError) as raised:
        load_catalog(course_with(root, text))
    return str(raised.value)


def test_a_single_hint_string_is_one_level_and_file_defaults_to_the_name(tmp_path: Path) -> None:
    catalog = load_catalog(course_with(tmp_path, HEADER + ENTRY))
    [exercise] = catalog.exercises
    assert exercise.hints == ("one level",)
    assert exercise.file == "first_one.py" and exercise.test is False
    assert exercise.allow == frozenset()
    assert exercise.relative_path == "exercises/01_x/first_one.py"
    assert (catalog.welcome_message, catalog.final_message) == ("hello", "bye")
    assert catalog.get("first_one") is exercise and catalog.get("nope") is None


def test_challenge_paths_use_the_file_field_and_solutions_challenges(tmp_path: Path) -> None:
    entry = ENTRY.replace('dir = "01_x"', 'dir = "adam"\nfile = "challenge.py"')
    catalog = load_catalog(course_with(tmp_path, HEADER + entry, "challenges"), "challenges")
    [exercise] = catalog.exercises
    assert exercise.path == tmp_path / "challenges" / "adam" / "challenge.py"
    assert exercise.solution_path == tmp_path / "solutions" / "challenges" / "adam" / "challenge.py"
    assert (
        exercise.pristine_path
        == tmp_path / "challenges" / ".pristine" / "adam" / "challenge.py.orig"
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'hint = "one level"',
            'hint = "one level"\nalow = ["any"]',
            "exercise #1 (first_one): field `alow` is not a catalog field; did you mean `allow`?",
        ),
        (
            'name = "first_one"',
            'name = "First-One"',
            "exercise #1 (First-One): field `name` must match [a-z][a-z0-9_]*",
        ),
        ('name = "first_one"\n', "", "exercise #1: missing field `name`"),
        (
            'dir = "01_x"',
            'dir = "01_x"\nfile = "../evil.py"',
            "exercise #1 (first_one): field `file` must be a plain .py file name",
        ),
        (
            'hint = "one level"',
            'hint = "   "',
            "exercise #1 (first_one): field `hint` has an empty or non-string level",
        ),
        (
            'hint = "one level"',
            'hint = ["a", ""]',
            "exercise #1 (first_one): field `hint` has an empty or non-string level",
        ),
        (
            'concept = "c"',
            'concept = ""',
            "exercise #1 (first_one): field `concept` must not be empty",
        ),
        ("test = false", "test = 1", "exercise #1 (first_one): field `test` must be a bool"),
        (
            'expect = "arg-type"',
            'expect = "arg_type"',
            "exercise #1 (first_one): field `expect` must be a mypy error code or `test`",
        ),
    ],
)
def test_each_bad_field_is_named_with_its_entry(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in ENTRY
    assert message in error_for(tmp_path, HEADER + ENTRY.replace(old, new))


def test_the_second_entry_is_numbered_two(tmp_path: Path) -> None:
    second = ENTRY.replace("first_one", "second_one").replace('expect = "arg-type"', "")
    assert "exercise #2 (second_one): missing field `expect`" in error_for(
        tmp_path, HEADER + ENTRY + second
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            HEADER.replace("format_version = 1", "format_version = 2") + ENTRY,
            "format_version must be 1, got 2",
        ),
        (HEADER, "needs at least one [[exercises]] entry"),
        (
            HEADER.replace('welcome_message = "hello"\n', "") + ENTRY,
            "the catalog: missing field `welcome_message`",
        ),
        (HEADER + "exercises = [1]\n", "exercise #1: must be a table"),
        (HEADER + ENTRY + ENTRY, "exercise first_one: the name is used twice"),
        ('format_version = 1\nname = "unterminated\n', "not valid TOML"),
    ],
)
def test_whole_catalog_problems_name_the_file(tmp_path: Path, text: str, message: str) -> None:
    error = error_for(tmp_path, text)
    assert message in error
    assert str(tmp_path / "exercises" / "info.toml") in error


def test_a_missing_catalog_is_named(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="the catalog is missing"):
        load_catalog(Course(tmp_path), "challenges")


def test_the_course_is_found_from_any_subfolder(tmp_path: Path) -> None:
    course_with(tmp_path, HEADER + ENTRY)
    deep = tmp_path / "exercises" / "01_x" / "deeper"
    deep.mkdir(parents=True)
    assert find_course(deep).root == tmp_path.resolve()


def test_outside_a_course_the_error_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(CourseNotFoundError) as raised:
        find_course(tmp_path)
    assert str(tmp_path) in str(raised.value)
    assert "exercises/info.toml" in str(raised.value)


def test_the_cache_folder_is_per_course_and_outside_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    one, two = Course(tmp_path / "one"), Course(tmp_path / "two")
    assert one.cache_dir.parent == tmp_path / "cache" / "typed-ai-rustlings"
    assert one.cache_dir != two.cache_dir
    assert not one.cache_dir.is_relative_to(one.root)
