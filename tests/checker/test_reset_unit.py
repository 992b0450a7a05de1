"""Reset: the learner's copy is backed up where they can find it, then the pristine file is
written over it whole; when that cannot be done safely nothing is lost (no subprocess)."""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from checker.catalog import Exercise, load_catalog
from checker.course import Course
from checker.reset import ResetError, backup_path, backup_stamp, backups_folder, reset_exercise
from tests.checker.doubles import fixture_course_copy

LEARNER = b"# my own attempt\ndef f() -> int:\n    return 1\n"


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Course:
    return fixture_course_copy(tmp_path, monkeypatch)


def _exercise(course: Course, name: str = "wrap_the_id") -> Exercise:
    found = load_catalog(course, "exercises").get(name)
    assert found is not None
    return found


def _backups(course: Course) -> list[Path]:
    if not course.backups_dir.exists():
        return []
    return sorted(p for p in course.backups_dir.rglob("*") if p.is_file())


def _strays(folder: Path) -> list[str]:
    """Anything beside the exercise that is not an exercise file (a half-written copy)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".py"))


def test_an_edited_exercise_is_restored_and_the_learners_copy_backed_up(course: Course) -> None:
    exercise = _exercise(course)
    pristine = exercise.pristine_path.read_bytes()
    assert exercise.path.read_bytes() == pristine
    exercise.path.write_bytes(LEARNER)
    backup = reset_exercise(course, exercise)
    assert exercise.path.read_bytes() == pristine, "byte for byte the original"
    assert backup is not None and backup.read_bytes() == LEARNER
    assert _backups(course) == [backup], "one copy, nothing else"
    # <backups>/<stamp>/<track>/<topic>/<file>: the learner finds it by its own path.
    relative = backup.relative_to(course.backups_dir)
    assert relative.parts[1:] == ("exercises", "01_types", "wrap_the_id.py")
    assert re.fullmatch(r"\d{8}-\d{6}-\d{9}", relative.parts[0])
    assert backup.is_relative_to(course.root), "inside the course, where the learner looks"
    assert _strays(exercise.path.parent) == []


def test_a_missing_file_is_restored_without_a_backup(course: Course) -> None:
    exercise = _exercise(course, "double_it")
    exercise.path.unlink()
    assert reset_exercise(course, exercise) is None
    assert exercise.path.read_bytes() == exercise.pristine_path.read_bytes()
    assert _backups(course) == []


def test_a_missing_topic_folder_is_recreated(course: Course) -> None:
    exercise = _exercise(course, "double_it")
    shutil.rmtree(exercise.path.parent)
    assert reset_exercise(course, exercise) is None
    assert exercise.path.read_bytes() == exercise.pristine_path.read_bytes()


def test_resetting_twice_keeps_both_copies(course: Course) -> None:
    exercise = _exercise(course)
    exercise.path.write_bytes(b"# first try\n")
    first = reset_exercise(course, exercise)
    exercise.path.write_bytes(b"# second try\n")
    second = reset_exercise(course, exercise)
    assert first is not None and second is not None and first != second
    assert first.read_bytes() == b"# first try\n"
    assert second.read_bytes() == b"# second try\n"
    assert (
        first.relative_to(course.backups_dir).parts[0]
        != (second.relative_to(course.backups_dir).parts[0])
    ), "a fresh folder per reset"


def test_a_stamp_names_a_folder_under_the_backups(course: Course) -> None:
    stamp = backup_stamp()
    assert re.fullmatch(r"\d{8}-\d{6}-\d{9}", stamp)
    assert backups_folder(course, stamp) == course.backups_dir / stamp
    exercise = _exercise(course)
    assert backup_path(course, exercise, stamp) == (
        course.backups_dir / stamp / "exercises" / "01_types" / "wrap_the_id.py"
    )


def test_one_stamp_gathers_a_whole_track_in_one_folder(course: Course) -> None:
    stamp = backup_stamp()
    catalog = load_catalog(course, "exercises")
    for exercise in catalog:
        exercise.path.write_bytes(f"# mine: {exercise.name}\n".encode())
    backups = [reset_exercise(course, exercise, stamp=stamp) for exercise in catalog]
    assert all(b is not None for b in backups)
    assert [p.relative_to(course.backups_dir / stamp) for p in _backups(course)] == sorted(
        Path("exercises") / e.dir / e.file for e in catalog
    )
    for exercise in catalog:
        assert exercise.path.read_bytes() == exercise.pristine_path.read_bytes()
        kept = backup_path(course, exercise, stamp)
        assert kept.read_text() == f"# mine: {exercise.name}\n"


def test_only_changed_backs_up_an_edited_file_and_skips_an_untouched_one(
    course: Course,
) -> None:
    stamp = backup_stamp()
    untouched = _exercise(course, "types_only")
    edited = _exercise(course, "double_it")
    edited.path.write_bytes(LEARNER)
    assert reset_exercise(course, untouched, stamp=stamp, only_changed=True) is None
    backup = reset_exercise(course, edited, stamp=stamp, only_changed=True)
    assert backup is not None and backup.read_bytes() == LEARNER
    assert _backups(course) == [backup]
    assert untouched.path.read_bytes() == untouched.pristine_path.read_bytes()
    assert edited.path.read_bytes() == edited.pristine_path.read_bytes()


def test_without_only_changed_even_an_untouched_file_is_backed_up(course: Course) -> None:
    exercise = _exercise(course, "types_only")
    backup = reset_exercise(course, exercise)
    assert backup is not None
    assert backup.read_bytes() == exercise.pristine_path.read_bytes()


def test_a_missing_original_changes_nothing(course: Course) -> None:
    exercise = _exercise(course)
    exercise.path.write_bytes(LEARNER)
    exercise.pristine_path.unlink()
    with pytest.raises(ResetError, match=r"the original of wrap_the_id is missing"):
        reset_exercise(course, exercise)
    assert exercise.path.read_bytes() == LEARNER
    assert not course.backups_dir.exists()


def test_a_backup_that_cannot_be_saved_changes_nothing(course: Course) -> None:
    exercise = _exercise(course)
    exercise.path.write_bytes(LEARNER)
    # A file where the backups folder goes: the copy cannot be made, whoever runs this.
    course.backups_dir.parent.mkdir(parents=True)
    course.backups_dir.write_text("in the way")
    with pytest.raises(ResetError, match=r"could not save your copy .*nothing was changed"):
        reset_exercise(course, exercise)
    assert exercise.path.read_bytes() == LEARNER
    assert course.backups_dir.read_text() == "in the way"


def test_a_failed_write_leaves_the_learners_file_and_no_stray_copy(
    course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    exercise = _exercise(course)
    exercise.path.write_bytes(LEARNER)
    real_replace = os.replace

    def refuse_the_exercise(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        if Path(target) == exercise.path:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", refuse_the_exercise)
    with pytest.raises(ResetError, match=r"could not write .*No space left on device"):
        reset_exercise(course, exercise)
    monkeypatch.undo()
    assert exercise.path.read_bytes() == LEARNER
    assert _strays(exercise.path.parent) == [], "no half-written copy beside it"
    [backup] = _backups(course)
    assert backup.read_bytes() == LEARNER, "the copy taken first is still there"


def test_the_restored_file_keeps_the_learners_permissions(course: Course) -> None:
    exercise = _exercise(course)
    exercise.path.write_bytes(LEARNER)
    exercise.path.chmod(0o640)
    reset_exercise(course, exercise)
    assert stat.S_IMODE(exercise.path.stat().st_mode) == 0o640
