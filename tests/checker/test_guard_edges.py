"""Guard edge cases: aliased exits, every rule liftable, lookalikes in strings and inner scopes."""

from __future__ import annotations

import pytest

from checker.catalog import GUARD_RULES
from checker.guard import guard

SYSTEM_MODULES = frozenset({"os", "sys", "builtins"})
"""The escape-hatch rules are tested on modules an exercise could list in its `imports`."""


def found(source: str, *, allow: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in guard(source, imports=SYSTEM_MODULES, allow=allow)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import os as o\n\no._exit(0)\n", [(3, "exit")]),
        ("from os import _exit\n\n_exit(0)\n", [(3, "exit")]),
        ("from sys import exit as leave\n\nleave(0)\n", [(3, "exit")]),
        ("import os\n\nos.abort()\n", [(3, "exit")]),
        ("import builtins\n\nbuiltins.exit()\n", [(3, "exit")]),
        ("try:\n    pass\nfinally:\n    raise SystemExit\n", [(4, "exit")]),
        ("for len in range(3):\n    pass\n", [(1, "rebind")]),
        ("(len := 3)\n", [(1, "rebind")]),
        ("class int: ...\n", [(1, "rebind")]),
        ("from math import floor as round\n", [(1, "rebind")]),
        ("import typing\n\n\n@typing.no_type_check\ndef f(): ...\n", [(4, "no-type-check")]),
        ("from typing import Any as Anything\n", [(1, "any")]),
        ("from typing_extensions import Any\n", [(1, "any")]),
        ("x = 1  # noqa  # type: ignore\n", [(1, "type-ignore")]),
    ],
)
def test_escape_hatches_behind_an_alias_or_odd_syntax(
    source: str, expected: list[tuple[int, str]]
) -> None:
    assert found(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        'doc = """\n# mypy: ignore-errors\n# type: ignore\n"""\n',
        "x = 1  # the type: is ignored by nobody\n",
        'name = "Any"\nwhat = "cast"\n',
        "def f() -> None:\n    len = 3\n",
        "class Box:\n    def __init__(self) -> None:\n        self.len = 3\n",
        "from builtins import print\n",
        "import os\n\n\ndef stop() -> None:\n    os._exit(0)\n",
        "def run() -> None:\n    raise SystemExit(1)\n",
    ],
)
def test_lookalikes_and_inner_scopes_are_not_refused(source: str) -> None:
    assert found(source) == []


def test_findings_come_in_line_order_with_a_reason_each() -> None:
    source = "from typing import Any, cast\nimport sys\n\nsys.exit(0)  # type: ignore\n"
    findings = guard(source, imports=SYSTEM_MODULES, allow=frozenset())
    assert [(f.line, f.rule) for f in findings] == [
        (1, "any"),
        (1, "cast"),
        (4, "exit"),
        (4, "type-ignore"),
    ]
    assert all(f.message.strip() for f in findings)
    assert "sys.exit()" in findings[2].message


def test_every_rule_the_guard_reports_is_one_the_catalog_can_allow() -> None:
    source = (
        "# mypy: strict = False\n"
        "from typing import TYPE_CHECKING, Any, cast, no_type_check\n"
        "from typing import overload, TypeGuard\n"
        "import sys\n"
        "len = 1  # type: ignore\n"
        "sys.exit(0)\n"
        "class Always:\n"
        "    def __eq__(self, other: object) -> bool:\n"
        "        return True\n"
    )
    assert {rule for _, rule in found(source)} == GUARD_RULES
    assert found(source, allow=GUARD_RULES) == []
