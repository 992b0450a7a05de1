"""Files replaced whole: a reader, a crash or a Ctrl-C sees the old content or the new, never
half of either, and a failed write leaves nothing behind but the old file.

The new content goes to a fresh name in the target's own folder (a rename is atomic only within
one file system), and is renamed over the target.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def _temporary_beside(path: Path) -> Iterator[Path]:
    """A name no other writer uses, beside `path`; removed if the block does not consume it.

    It is hidden and starts with the target's name, so a pattern that ignores `name.*` (as a
    learner workspace's .gitignore does for the state file) ignores it too."""
    hidden = path.name if path.name.startswith(".") else f".{path.name}"
    temporary = path.with_name(f"{hidden}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        yield temporary
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _mode_of(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


def write_atomically(path: Path, data: str | bytes, *, mtime_ns: int | None = None) -> None:
    """Replace `path` with `data` (text is written as UTF-8, newlines untranslated).

    The file keeps the permissions it had, as an edit in place would; a new one gets the usual
    ones. `mtime_ns` stamps the new content before anyone can see it. The folder must exist.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    mode = _mode_of(path)
    with _temporary_beside(path) as temporary:
        with temporary.open("xb") as stream:
            stream.write(payload)
        if mode is not None:
            temporary.chmod(mode)
        if mtime_ns is not None:
            os.utime(temporary, ns=(mtime_ns, mtime_ns))
        os.replace(temporary, path)


def replace_with_symlink(link: Path, target: Path, *, target_is_directory: bool = False) -> None:
    """Point `link` at `target`: whoever follows `link` meanwhile finds the old target or the new."""
    with _temporary_beside(link) as temporary:
        temporary.symlink_to(target, target_is_directory=target_is_directory)
        os.replace(temporary, link)
