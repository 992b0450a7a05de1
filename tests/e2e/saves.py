"""The ways editors and tools really write a file, each as a function `(path, text) -> None`."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

Save = Callable[[Path, str], None]


def in_place(path: Path, text: str) -> None:
    """Truncate and write the same inode (most editors' plain save)."""
    path.write_text(text, encoding="utf-8")


def temp_then_rename(path: Path, text: str) -> None:
    """VS Code / atomic writers: a temp file beside the target, renamed over it."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)


def pycharm_safe_write(path: Path, text: str) -> None:
    """PyCharm: write `name___jb_tmp___`, move the original to `name___jb_old___`, rename
    the new file into place, delete the old one."""
    new = path.with_name(path.name + "___jb_tmp___")
    old = path.with_name(path.name + "___jb_old___")
    new.write_text(text, encoding="utf-8")
    os.replace(path, old)
    os.replace(new, path)
    old.unlink()


def delete_then_recreate(path: Path, text: str) -> None:
    path.unlink()
    path.write_text(text, encoding="utf-8")


def sed_in_place(path: Path, text: str) -> None:
    """`sed -i`: sed writes a temp file in the folder and renames it over the original.
    Every line is deleted and the new text read in after the last one."""
    source = path.with_name(".replacement.txt")
    source.write_text(text, encoding="utf-8")
    try:
        subprocess.run(
            ["sed", "-i", "-e", f"$r {source}", "-e", "d", str(path)], check=True, timeout=10
        )
    finally:
        source.unlink()


def _vim(path: Path, text: str, backupcopy: str) -> None:
    """vim in ex mode reading the new text from a file; `backupskip=` because vim skips
    backups (and so the rename) for files under /tmp by default."""
    source = path.with_name(".replacement.txt")
    source.write_text(text, encoding="utf-8")
    try:
        subprocess.run(
            [
                "vim",
                "-u",
                "NONE",
                "-i",
                "NONE",
                "-N",
                "-n",
                "-es",
                "-c",
                f"set backupcopy={backupcopy} writebackup nobackup backupskip=",
                "-c",
                "%d",
                "-c",
                f"0r {source}",
                "-c",
                "wq",
                str(path),
            ],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=True,
            timeout=20,
        )
    finally:
        source.unlink()


def vim_rename(path: Path, text: str) -> None:
    """vim's default `:w` for an ordinary file: the original renamed to `name~`, a new file
    written, the backup deleted."""
    _vim(path, text, "no")


def vim_backupcopy_yes(path: Path, text: str) -> None:
    """vim with `backupcopy=yes`: a backup copy, then the original overwritten in place."""
    _vim(path, text, "yes")


def have_vim() -> bool:
    return shutil.which("vim") is not None


STYLES: dict[str, Save] = {
    "in-place": in_place,
    "temp-then-rename": temp_then_rename,
    "pycharm-safe-write": pycharm_safe_write,
    "delete-then-recreate": delete_then_recreate,
    "sed-i": sed_in_place,
    "vim-rename": vim_rename,
    "vim-backupcopy-yes": vim_backupcopy_yes,
}


class SilentWrite:
    """A change to the file that brings no event to the watched folder, as on a network
    drive: the bytes are written through a hard link in another folder, and inotify reports
    a write only to the folder whose name was used to open the file. The modification time
    still changes, as it does on such drives."""

    def __init__(self, path: Path) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="silent-", dir=path.parent.parent))
        self._link = self._folder / path.name
        os.link(path, self._link)

    def replace(self, old: bytes, new: bytes) -> None:
        content = self._link.read_bytes()
        assert old in content, old
        with open(self._link, "r+b") as file:
            file.write(content.replace(old, new, 1))
            file.truncate()

    def close(self) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)
