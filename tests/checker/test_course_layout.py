"""The course layout has one home: paths built there are the paths recognised there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from checker.catalog import CatalogError, load_catalog
from checker.course import (
    MARKER,
    Course,
    exercise_files,
    is_course_root,
    snapshot_mention,
    snapshots_root_of,
)
from checker.typecheck import cache_dir_for
from checker.workspace import snapshot_family, snapshot_path, split

HEADER = 'format_version = 1\nwelcome_message = "w"\nfinal_message = "f"\n'
ENTRY = (
    '[[exercises]]\nname = "first_one"\ndir = "01_x"\ntest = true\nconcept = "c"\n'
    'hint = "h"\nexpect = "arg-type"\n'
)


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Course:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "course"
    (root / "exercises").mkdir(parents=True)
    (root / "exercises" / "info.toml").write_text(HEADER + ENTRY, encoding="utf-8")
    return Course(root)


def test_a_snapshot_path_gives_back_its_family_and_its_root(course: Course) -> None:
    path = course.snapshot_file("batch", "challenges", "label_smoothing")
    assert path.name == "label_smoothing.py"
    assert course.snapshot_family_of(path) == "batch"
    assert snapshots_root_of(path) == course.snapshots_dir
    assert course.snapshot_family_of(course.root / "exercises" / "01_x" / "first_one.py") is None


def test_the_type_checker_keeps_one_cache_per_snapshot_family(course: Course) -> None:
    batch = course.snapshot_file("batch", "exercises", "first_one")
    assert cache_dir_for(course, [batch]) == course.cache_dir / "mypy_cache" / "batch"
    assert cache_dir_for(course, [course.root / "x.py"]).name == "other"
    assert cache_dir_for(course, []).name == "other"


def test_the_workspace_writes_snapshots_where_the_layout_recognises_them(course: Course) -> None:
    exercise = load_catalog(course).exercises[0]
    path = snapshot_path(course, exercise, "layout-test")
    family = course.snapshot_family_of(path)
    assert family is not None and family.startswith("layout-test")
    assert path == course.snapshot_file(family, exercise.track, exercise.name)


HOLD_LOCK = (
    "import fcntl, os, sys, time\n"
    "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)\n"
    "fcntl.flock(fd, fcntl.LOCK_EX)\n"
    "print('held', flush=True)\n"
    "sys.stdin.read()\n"
)


def test_families_of_ended_processes_are_removed_and_live_ones_kept(course: Course) -> None:
    """A process that found the shared family taken wrote a family of its own; once it has
    ended, its snapshots and its mypy cache (megabytes) are removed by the next writer."""
    snapshots = course.snapshots_dir
    families = {
        "sweep-pid111111": "ended",
        "sweep-pid222222": "running",
        "sweep-extra": "not a pid",
        "sweep-1": "another label",
    }
    for family in families:
        (snapshots / family).mkdir(parents=True)
        (snapshots / family / "snapshot.py").write_text("x = 1\n", encoding="utf-8")
        course.mypy_cache_for(family).mkdir(parents=True)
        (snapshots / f".{family}.lock").touch()
    running = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(snapshots / ".sweep-pid222222.lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert running.stdout is not None and running.stdout.readline() == "held\n"
        assert snapshot_family(course, "sweep") == "sweep"
    finally:
        running.communicate()
    left = {family for family in families if (snapshots / family).exists()}
    assert left == {"sweep-pid222222", "sweep-extra", "sweep-1"}
    assert {p.name for p in course.mypy_cache_for("x").parent.iterdir()} == left
    assert not (snapshots / ".sweep-pid111111.lock").exists()


def test_a_snapshot_is_recognised_in_tool_output_however_it_is_named(course: Course) -> None:
    path = course.snapshot_file("current-1234", "exercises", "first_one")
    mention = snapshot_mention("exercises", "first_one")
    relative = path.relative_to(course.cache_dir)
    for text in (f"{path}:12: in test_x", f"../../{relative}:3", f'File "{path}", line 4'):
        assert mention.sub("exercises/01_x/first_one.py", text).count("exercises/01_x/") == 1
        assert str(relative) not in mention.sub("LEARNER", text)
    other = course.snapshot_file("current", "exercises", "first_one_more")
    assert mention.search(str(other)) is None, "another exercise's snapshot is not this one"
    assert mention.search(f"{path}c") is None, "a longer file name is not the snapshot"
    assert snapshot_mention("challenges", "first_one").search(str(path)) is None


def test_catalog_paths_come_from_the_layout(course: Course) -> None:
    exercise = load_catalog(course).exercises[0]
    files = exercise_files(course, "exercises", "01_x", "first_one")
    assert (exercise.path, exercise.solution_path) == (files.path, files.solution)
    assert (exercise.pristine_path, exercise.shortcuts_path) == (files.pristine, files.shortcuts)
    assert files.shortcuts == course.root / "shortcuts" / "01_x" / "first_one"
    challenge = exercise_files(course, "challenges", "paper", "paper", "challenge.py")
    assert challenge.path == course.root / "challenges" / "paper" / "challenge.py"
    assert challenge.pristine == course.root / "challenges" / ".pristine/paper/challenge.py.orig"
    assert challenge.shortcuts == course.root / "shortcuts" / "challenges" / "paper"


def test_a_digit_first_name_is_refused_by_the_catalog(course: Course) -> None:
    course.catalog_path("exercises").write_text(
        HEADER + ENTRY.replace("first_one", "1st_one"), encoding="utf-8"
    )
    with pytest.raises(CatalogError, match=r"field `name` must match \[a-z\]\[a-z0-9_\]\*"):
        load_catalog(course)


def test_a_course_root_holds_the_exercises_catalog(course: Course, tmp_path: Path) -> None:
    assert is_course_root(course.root)
    assert not is_course_root(tmp_path)
    assert split(f"x = 1\n{MARKER}\ndef test() -> None: ...\n").checks is not None
