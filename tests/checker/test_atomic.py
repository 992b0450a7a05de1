"""A replaced file is old or new, never half; a failed write leaves only the old file."""

from __future__ import annotations

import fnmatch
import os
import stat
from pathlib import Path

import pytest

from checker.atomic import replace_with_symlink, write_atomically
from checker.learner_workspace import GITIGNORE


def test_text_and_bytes_are_written_with_nothing_left_beside_them(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    write_atomically(target, "naïve\n")
    assert target.read_bytes() == "naïve\n".encode()
    write_atomically(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert os.listdir(tmp_path) == ["state.json"]


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_write_keeps_the_old_content_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    target = tmp_path / "exercise.py"
    target.write_text("the learner's work\n")

    def fail(source: object, destination: object) -> None:
        raise failure

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(type(failure)):
        write_atomically(target, "pristine\n")
    assert target.read_text() == "the learner's work\n"
    assert os.listdir(tmp_path) == ["exercise.py"]


def test_a_write_into_a_missing_folder_fails_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "missing" / "file.txt", "x")
    assert os.listdir(tmp_path) == []


def test_the_file_keeps_its_permissions_and_gets_the_mtime_asked_for(tmp_path: Path) -> None:
    target = tmp_path / "info.toml"
    target.write_text("old\n")
    target.chmod(0o640)
    write_atomically(target, "new\n", mtime_ns=1_700_000_000_000_000_000)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.stat().st_mtime_ns == 1_700_000_000_000_000_000


def test_a_symlink_is_repointed_in_one_step(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    link = tmp_path / "link"
    replace_with_symlink(link, first, target_is_directory=True)
    assert link.resolve() == first.resolve()
    replace_with_symlink(link, second, target_is_directory=True)
    assert link.resolve() == second.resolve()
    assert sorted(os.listdir(tmp_path)) == ["first", "link", "second"]


def test_the_temporary_file_is_hidden_and_ignored_where_its_target_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renamed: list[str] = []
    rename = os.replace

    def record(source: str | os.PathLike[str], destination: str | os.PathLike[str]) -> None:
        renamed.append(Path(source).name)
        rename(source, destination)

    monkeypatch.setattr(os, "replace", record)
    write_atomically(tmp_path / ".typed-ai-rustlings-state.json", "{}\n")
    write_atomically(tmp_path / "first_one.py", "x = 1\n")
    state, exercise = renamed
    assert any(fnmatch.fnmatch(state, pattern) for pattern in GITIGNORE.split()), state
    assert exercise.startswith(".first_one.py."), exercise
