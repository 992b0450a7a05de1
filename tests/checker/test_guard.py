"""Every guard rule, on source text: what is refused, what is allowed, and where it is reported."""

from __future__ import annotations

import pytest

from checker.guard import guard, names_used

SYSTEM_MODULES = frozenset({"os", "sys", "builtins"})
"""The escape-hatch rules are tested on modules an exercise could list in its `imports`."""


@pytest.mark.parametrize(
    ("source", "rule", "line"),
    [
        ("x = 1  # type: ignore\n", "type-ignore", 1),
        ("x = 1  # type:ignore[arg-type]\n", "type-ignore", 1),
        ("# mypy: ignore-errors\nx = 1\n", "mypy-comment", 1),
        ("from typing import Any\n", "any", 1),
        ("import typing\nx: typing.Any = 1\n", "any", 2),
        ("import typing as t\nx: t.Any = 1\n", "any", 2),
        ("from typing import *\n", "any", 1),
        ("from typing import cast\n", "cast", 1),
        ("import typing\ny = typing.cast(int, 'a')\n", "cast", 2),
        ("from typing import no_type_check\n", "no-type-check", 1),
        ("from typing_extensions import TYPE_CHECKING\n", "type-checking", 1),
        ("import typing\nif typing.TYPE_CHECKING:\n    pass\n", "type-checking", 2),
        ("list = tuple\n", "rebind", 1),
        ("def print(*args: object) -> None: ...\n", "rebind", 1),
        ("import builtins\nbuiltins.len = lambda x: 3\n", "rebind", 2),
        ("import sys\nsys.exit(0)\n", "exit", 2),
        ("import os\nos._exit(0)\n", "exit", 2),
        ("raise SystemExit\n", "exit", 1),
        ("raise SystemExit(0)\n", "exit", 1),
        ("exit()\n", "exit", 1),
        ("if True:\n    quit()\n", "exit", 2),
    ],
)
def test_each_rule_is_reported_on_its_line(source: str, rule: str, line: int) -> None:
    findings = guard(source, imports=SYSTEM_MODULES, allow=frozenset())
    assert (line, rule) in {(f.line, f.rule) for f in findings}, findings


def test_rebinding_a_name_the_checks_use_is_refused() -> None:
    source = "def score(x: int) -> int:\n    return x\n\n\nscore = lambda x: 10\n"
    findings = guard(
        source, imports=SYSTEM_MODULES, allow=frozenset(), protected=frozenset({"score"})
    )
    assert [(f.line, f.rule) for f in findings] == [(5, "rebind")]
    assert "first on line 1" in findings[0].message


def test_clean_code_and_lookalikes_pass() -> None:
    source = (
        "import sys\n"
        "text = 'type: ignore is only text here'\n"
        "def run() -> None:\n"
        "    sys.exit(0)  # inside a function: not at import\n"
        "def f(input: int, list: int) -> int:\n"
        "    return input + list\n"
        "class AnyThing:\n"
        "    pass\n"
    )
    assert guard(source, imports=SYSTEM_MODULES, allow=frozenset()) == ()


def test_allow_lifts_only_the_named_rule() -> None:
    source = "from typing import Any, cast\n"
    rules = {f.rule for f in guard(source, imports=SYSTEM_MODULES, allow=frozenset({"any"}))}
    assert rules == {"cast"}


def test_syntax_errors_still_get_comment_rules() -> None:
    findings = guard(
        "def broken(:\n    x = 1  # type: ignore\n", imports=SYSTEM_MODULES, allow=frozenset()
    )
    assert [(f.line, f.rule) for f in findings] == [(2, "type-ignore")]


def test_names_used_reads_only_loads() -> None:
    assert names_used("def test_a() -> None:\n    assert f(x) == y\n") == {"f", "x", "y"}
