"""The guard as an allowlist: every road to `Any`, to the test machinery or past the marker that a
red-team pass found is refused, and honest code an exercise needs still passes."""

from __future__ import annotations

import pytest

from checker.guard import guard, module_allowed

CHECKS = (
    "# --- checks: do not edit below this line ---\n"
    "import pytest\n"
    "EXPECTED = 3\n\n\n"
    "def test_it() -> None:\n"
    "    assert EXPECTED == 3\n"
)


def rules(
    source: str,
    *,
    allow: frozenset[str] = frozenset(),
    imports: frozenset[str] = frozenset(),
    forbid: frozenset[str] = frozenset(),
) -> set[str]:
    found = guard(source, allow=allow, imports=imports, forbid=forbid, checks=CHECKS)
    return {f.rule for f in found}


@pytest.mark.parametrize(
    ("source", "rule"),
    [
        # Any by another road
        ('x: "typing.Any" = 1\n', "any"),
        ('import typing\n\n\ndef f(x: "list[typing.Any]") -> None: ...\n', "any"),
        ("x = 1  # type: Any\n", "type-comment"),
        ("import typing\n\nT = typing\ny: T.Any = 1\n", "any"),
        ('c = __import__("typing").cast\n', "reflection"),
        ('import typing\n\nc = getattr(typing, "cast")\n', "reflection"),
        ('import json\n\nx = json.loads("1")\n', "import"),
        ("from _typeshed import Incomplete\n", "import"),
        ('from typing import TypeVar\n\nT = TypeVar("T", bound="Any")\n', "any"),
        # type-level lies
        (
            "from typing_extensions import TypeGuard\n\n\n"
            "def ok(x: object) -> TypeGuard[int]:\n    return True\n",
            "type-guard",
        ),
        ("from typing import overload\n\n\n@overload\ndef f(x: int) -> str: ...\n", "overload"),
        # patching the test machinery
        ("import pytest\n", "import"),
        ("import _pytest.runner\n", "import"),
        ("import hypothesis\n", "import"),
        ('pytest_plugins = ["evil"]\n', "test-hook"),
        ("def pytest_collection_modifyitems() -> None: ...\n", "test-hook"),
        ("def setup_module() -> None: ...\n", "test-hook"),
        ("def f() -> None:\n    pytest.fail = print\n", "checks-name"),
        ("def f() -> int:\n    return EXPECTED\n", "checks-name"),
        ("import sys\n\nframe = sys._getframe(1)\n", "import"),
        ("import inspect\n", "import"),
        (
            "class Yes(str):\n    def __eq__(self, other: object) -> bool:\n        return True\n",
            "dunder-method",
        ),
        ("class Yes:\n    def __bool__(self) -> bool:\n        return True\n", "dunder-method"),
        ("x = (1).__class__\n", "dunder-access"),
        ("b = __builtins__\n", "reflection"),
        ("import tiny_ml.ml\n\ntiny_ml.ml.example_loss = print\n", "rebind"),
        ("from tiny_ml.domain import TokenId\n\nTokenId.index = 3\n", "rebind"),
        ("g = globals()\n", "reflection"),
        ('exec("x = 1")\n', "reflection"),
        ('open("sitecustomize.py", "w")\n', "reflection"),
        ("from . import tiny_ml\n", "import"),
        # private parts of tiny_ml
        ("def f(v: object) -> object:\n    return v._ids\n", "private"),
        ("from tiny_ml.attention._linear import step_row\n", "private"),
        ("from tiny_ml.training import _step\n", "private"),
        ("import tiny_ml._hidden\n", "private"),
        # names mypy reads as constants
        ("MYPY = False\nassert not MYPY\n", "type-checking"),
        ("class Flags:\n    MYPY = False\n\n\nassert not Flags.MYPY\n", "type-checking"),
        # parse tricks
        ("import math\n\n\n@math.floor\n", "syntax"),
        ("def f(:\n    pass\n", "syntax"),
    ],
)
def test_each_red_team_attempt_is_refused(source: str, rule: str) -> None:
    assert rule in rules(source), guard(source, allow=frozenset(), checks=CHECKS)


def test_a_dangling_decorator_that_would_wrap_the_first_check_is_refused() -> None:
    source = "import functools\n\n\n@functools.lru_cache\n"
    checks = "# --- checks: do not edit below this line ---\ndef test_it() -> None:\n    pass\n"
    found = guard(source, allow=frozenset(), checks=checks)
    assert [f.rule for f in found] == ["reaches-checks"]
    assert found[0].line == 4


def test_the_catalog_can_forbid_the_finished_answer_by_any_road() -> None:
    forbid = frozenset({"example_loss"})
    for source in (
        "from tiny_ml.ml import example_loss\n",
        "from tiny_ml.ml import example_loss as el\n",
        "import tiny_ml.ml\n\n\ndef f() -> object:\n    return tiny_ml.ml.example_loss\n",
        "import tiny_ml\n\nf = tiny_ml.example_loss\n",
    ):
        assert "forbidden" in rules(source, forbid=forbid), source


def test_extra_imports_and_allowed_rules_open_only_what_the_entry_names() -> None:
    assert rules("import json\n", imports=frozenset({"json"})) == set()
    assert rules("import json.decoder\n", imports=frozenset({"json"})) == set()
    assert rules("import jsonschema\n", imports=frozenset({"json"})) == {"import"}
    overloads = (
        "from typing import overload\n\n\n@overload\ndef f(x: int) -> str: ...\n"
        "@overload\ndef f(x: str) -> int: ...\ndef f(x: int | str) -> int | str:\n    return x\n"
    )
    found = guard(
        overloads,
        allow=frozenset({"overload"}),
        protected=frozenset({"f"}),
        checks=CHECKS,
    )
    assert found == ()


@pytest.mark.parametrize(
    "source",
    [
        "from __future__ import annotations\n",
        "from collections.abc import Callable, Sequence\n",
        "import math\nimport itertools\nimport functools\nimport enum\nimport abc\n",
        "from dataclasses import dataclass, replace\n",
        "from typing import Final, Literal, NewType, Protocol, Self, TypeVar\n",
        "from tiny_ml.domain import TokenId\nimport tiny_ml.attention.heads\n",
        'x: "list[int]" = []\n',
        "class Box:\n    def __init__(self) -> None:\n        super().__init__()\n"
        "    def __repr__(self) -> str:\n        return type(self).__name__\n",
        "class Vec:\n    def __add__(self, other: 'Vec') -> 'Vec':\n        return self\n",
        "class Cache:\n    def __init__(self) -> None:\n        self._seen: dict[int, int] = {}\n"
        "    def get(self, key: int) -> int:\n        return self._seen.get(key, 0)\n",
        "if __name__ == '__main__':\n    print('hi')\n",
        "def f(x: int) -> int:\n    return x  # a comment that says type: nothing\n",
    ],
)
def test_honest_code_passes(source: str) -> None:
    assert guard(source, allow=frozenset(), checks=CHECKS) == ()


def test_module_allowlist_covers_submodules_but_not_lookalikes() -> None:
    assert module_allowed("tiny_ml.attention.heads", frozenset())
    assert module_allowed("collections.abc", frozenset())
    assert not module_allowed("collections", frozenset())
    assert not module_allowed("tiny_ml_evil", frozenset())
    assert not module_allowed("mathx", frozenset())
