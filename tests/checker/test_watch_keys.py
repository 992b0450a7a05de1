"""Keys as the watcher reads them: arrows, Enter and Esc for the list, nothing from other
escape sequences."""

from __future__ import annotations

import pytest

from checker.watch.keys import _keys


@pytest.mark.parametrize(
    ("typed", "keys"),
    [
        (b"q", ["q"]),
        (b"H", ["h"]),
        (b"jk", ["j", "k"]),
        (b"\x1b[A", ["up"]),
        (b"\x1b[B\x1b[B", ["down", "down"]),
        (b"\x1bOA", ["up"]),  # application cursor mode
        (b"\x1b[1;5B", ["down"]),  # with a modifier
        (b"\r", ["enter"]),
        (b"\n", ["enter"]),
        (b"\x1b", ["esc"]),
        (b"\x1b\x1b", ["esc", "esc"]),
        (b"\x1bq", []),  # Alt-q is not q: it must not quit
        (b"\x1b[15~", []),  # F5
        (b"\x1b[", []),  # a cut-off sequence
        (b"\x04", ["eof"]),
        (b"\x01", []),
    ],
)
def test_keys(typed: bytes, keys: list[str]) -> None:
    assert _keys(typed) == keys
