"""Where tiny_ml does what an exercise teaches: a catalog reference turned into file and line.

The catalog names a definition (`tiny_ml.domain:TokenId`, `tiny_ml.ml:Softmax.apply`), never a
line number, so editing tiny_ml cannot make the note point at the wrong line; the line is read
from the source when the note is shown, without importing anything.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

_DEFINITIONS = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class Location:
    path: Path  # relative to the course root
    line: int
    name: str  # the qualified name, as the learner looks for it

    def __str__(self) -> str:
        return f"{self.path.as_posix()}:{self.line} ({self.name})"


def _module_file(root: Path, module: str) -> Path | None:
    base = Path(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if (root / candidate).is_file():
            return candidate
    return None


def _defined(body: list[ast.stmt], name: str) -> ast.stmt | None:
    for node in body:
        if isinstance(node, _DEFINITIONS) and node.name == name:
            return node
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            return node
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == name
        ):
            return node
    return None


def locate(root: Path, reference: str) -> Location | None:
    """The file and line of `module:Name` or `module:Class.method` in the course, or None."""
    module, colon, qualified = reference.partition(":")
    if not colon or not module.startswith("tiny_ml") or not qualified:
        return None
    relative = _module_file(root, module)
    if relative is None:
        return None
    try:
        tree = ast.parse((root / relative).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None
    body: list[ast.stmt] = tree.body
    node: ast.stmt | None = None
    for part in qualified.split("."):
        node = _defined(body, part)
        if node is None:
            return None
        body = node.body if isinstance(node, ast.ClassDef) else []
    if node is None:
        return None
    return Location(relative, node.lineno, qualified)
