"""Progress file recovery: a bad file is kept aside and flagged for rebuild, never silently reset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.course import Course
from checker.state import (
    STATE_VERSION,
    Progress,
    TrackProgress,
    load_progress,
    lock_path,
    save_progress,
)


def kept_copies(root: Path) -> list[Path]:
    return sorted(root.glob(".typed-ai-rustlings-state.json.bad-*"))


def test_no_file_is_a_fresh_start_without_a_rebuild(tmp_path: Path) -> None:
    progress = load_progress(Course(tmp_path))
    assert progress.tracks == {} and progress.recovered is None and not progress.needs_rebuild


def test_a_good_file_is_read_without_a_rebuild(tmp_path: Path) -> None:
    course = Course(tmp_path)
    save_progress(
        course,
        Progress(
            {
                "exercises": TrackProgress("b", {"a"}),
                "challenges": TrackProgress(None, set()),
            }
        ),
    )
    data = json.loads(course.state_path.read_text())
    assert data["version"] == STATE_VERSION
    progress = load_progress(course)
    assert not progress.needs_rebuild and progress.recovered is None
    assert progress.tracks["exercises"] == TrackProgress("b", {"a"})
    assert progress.tracks["challenges"] == TrackProgress(None, set())


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b'{"version": 1, "tracks": {"exercises": {"current": "a", "do',
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b'{"tracks": {}}',
        b'{"version": 2, "tracks": {}}',
        b'{"version": 1, "tracks": {"sideways": {}}}',
        b'{"version": 1, "tracks": {"exercises": {"current": 3}}}',
        b'{"version": 1, "tracks": {"exercises": {"done": "all"}}}',
    ],
    ids=[
        "empty",
        "truncated",
        "binary",
        "not-an-object",
        "no-version",
        "newer-version",
        "unknown-track",
        "current-not-a-name",
        "done-not-a-list",
    ],
)
def test_a_bad_file_is_kept_byte_for_byte_and_flagged(tmp_path: Path, content: bytes) -> None:
    course = Course(tmp_path)
    course.state_path.write_bytes(content)
    progress = load_progress(course)
    assert progress.needs_rebuild and progress.tracks == {}
    assert progress.recovered is not None
    [kept] = kept_copies(tmp_path)
    assert kept.read_bytes() == content
    assert str(kept) in progress.recovered, "the message says where the copy is"
    assert "none of your files were touched" in progress.recovered
    assert not course.state_path.exists()


def test_the_newer_version_message_says_so(tmp_path: Path) -> None:
    course = Course(tmp_path)
    course.state_path.write_text('{"version": 7, "tracks": {}}')
    recovered = load_progress(course).recovered
    assert recovered is not None and "newer typed-ai-rustlings (format 7)" in recovered


def test_two_bad_files_in_one_second_are_both_kept(tmp_path: Path) -> None:
    course = Course(tmp_path)
    for content in ("first", "second"):
        course.state_path.write_text(content)
        assert load_progress(course).needs_rebuild
    assert sorted(p.read_text() for p in kept_copies(tmp_path)) == ["first", "second"]


def test_a_state_path_that_cannot_be_read_is_set_aside(tmp_path: Path) -> None:
    course = Course(tmp_path)
    course.state_path.mkdir()
    progress = load_progress(course)
    assert progress.needs_rebuild and progress.recovered is not None
    assert len(kept_copies(tmp_path)) == 1


def test_saving_leaves_no_temporary_file_and_replaces_the_old(tmp_path: Path) -> None:
    course = Course(tmp_path)
    save_progress(course, Progress({"exercises": TrackProgress("a", set())}))
    save_progress(course, Progress({"exercises": TrackProgress("b", {"a"})}))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [course.state_path.name, lock_path(course).name], "no temporary file left"
    assert load_progress(course).tracks["exercises"] == TrackProgress("b", {"a"})
