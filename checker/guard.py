"""Escape hatches refused in the learner's part, so "done" means the types were really fixed."""

from __future__ import annotations

import ast
import builtins
import io
import re
import tokenize
from dataclasses import dataclass

TYPE_IGNORE = re.compile(r"#\s*type\s*:\s*ignore")
MYPY_COMMENT = re.compile(r"#\s*mypy\s*:")
TYPING_MODULES = frozenset({"typing", "typing_extensions"})
HATCH_NAMES = {
    "Any": ("any", "`Any` switches type checking off for a value; name the real type"),
    "cast": ("cast", "`cast` tells mypy to trust you instead of checking; fix the type instead"),
    "no_type_check": ("no-type-check", "`no_type_check` hides a function from mypy"),
    "TYPE_CHECKING": ("type-checking", "`TYPE_CHECKING` lets mypy see different code than runs"),
}
EXIT_CALLS = frozenset(
    {"sys.exit", "os._exit", "exit", "quit", "os.abort", "builtins.exit", "builtins.quit"}
)
BUILTIN_NAMES = frozenset(n for n in dir(builtins) if not n.startswith("_"))


@dataclass(frozen=True)
class GuardFinding:
    """One refused construct: where, which rule (as catalog `allow` names it), and why."""

    line: int
    rule: str
    message: str


def _comment_findings(source: str) -> list[GuardFinding]:
    found: list[GuardFinding] = []
    try:
        tokens = [
            (t.start[0], t.string)
            for t in tokenize.generate_tokens(io.StringIO(source).readline)
            if t.type == tokenize.COMMENT
        ]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        tokens = [(i, line) for i, line in enumerate(source.splitlines(), 1) if "#" in line]
    for line, comment in tokens:
        if TYPE_IGNORE.search(comment):
            found.append(GuardFinding(line, "type-ignore", "`# type: ignore` silences mypy"))
        if MYPY_COMMENT.search(comment):
            found.append(
                GuardFinding(line, "mypy-comment", "a `# mypy:` comment changes mypy's settings")
            )
    return found


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


class _Visitor(ast.NodeVisitor):
    def __init__(self, protected: frozenset[str]) -> None:
        self.found: list[GuardFinding] = []
        self.protected = protected
        self.bindings: dict[str, list[int]] = {}
        self.typing_aliases: set[str] = set(TYPING_MODULES)
        self.imported: dict[str, str] = {}
        """Local name -> what it was imported as, so `from os import _exit` is still os._exit."""
        self.depth = 0

    def hatch(self, line: int, name: str) -> None:
        rule, why = HATCH_NAMES[name]
        self.found.append(GuardFinding(line, rule, why))

    def bind(self, name: str, line: int) -> None:
        if self.depth:
            return
        self.bindings.setdefault(name, []).append(line)
        if name in BUILTIN_NAMES:
            self.found.append(
                GuardFinding(
                    line,
                    "rebind",
                    f"`{name}` is a builtin: rebinding it changes what the checks call",
                )
            )

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name in TYPING_MODULES:
                self.typing_aliases.add(alias.asname or alias.name)
            if alias.asname:
                self.imported[alias.asname] = alias.name
            self.bind((alias.asname or alias.name).split(".")[0], node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if node.module in TYPING_MODULES and alias.name == "*":
                self.found.append(
                    GuardFinding(
                        node.lineno, "any", "`from typing import *` brings in `Any` and `cast`"
                    )
                )
            elif node.module in TYPING_MODULES and alias.name in HATCH_NAMES:
                self.hatch(node.lineno, alias.name)
            if node.module:
                self.imported[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            if node.module == "builtins" and alias.name in BUILTIN_NAMES and alias.asname is None:
                continue
            self.bind(alias.asname or alias.name, node.lineno)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in HATCH_NAMES and _dotted(node.value) in self.typing_aliases:
            self.hatch(node.lineno, node.attr)
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id == "TYPE_CHECKING":
            self.hatch(node.lineno, "TYPE_CHECKING")
        if isinstance(node.ctx, ast.Store):
            self.bind(node.id, node.lineno)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._scope(node, node.name)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._scope(node, node.name)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._scope(node, node.name)

    def _scope(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, name: str
    ) -> None:
        self.bind(name, node.lineno)
        for decorator in node.decorator_list:
            self.visit(decorator)
        self.depth += 1
        for child in ast.iter_child_nodes(node):
            if child not in node.decorator_list:
                self.visit(child)
        self.depth -= 1

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if isinstance(target, ast.Attribute) and _dotted(target.value) in {
                "builtins",
                "__builtins__",
            }:
                self.found.append(
                    GuardFinding(
                        node.lineno, "rebind", "assigning into `builtins` changes every module"
                    )
                )
        self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        if not self.depth and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if self.resolve(_dotted(target)) in {"SystemExit", "builtins.SystemExit"}:
                self.exit(node.lineno, "raise SystemExit")
        self.generic_visit(node)

    def resolve(self, name: str | None) -> str | None:
        """A dotted name with its first part replaced by what it was imported as."""
        if name is None:
            return None
        first, dot, rest = name.partition(".")
        return self.imported.get(first, first) + dot + rest

    def visit_Call(self, node: ast.Call) -> None:
        name = self.resolve(_dotted(node.func))
        if not self.depth and name in EXIT_CALLS:
            self.exit(node.lineno, f"{name}()")
        self.generic_visit(node)

    def exit(self, line: int, what: str) -> None:
        self.found.append(
            GuardFinding(
                line, "exit", f"`{what}` at module level would end the checks before they run"
            )
        )

    def rebound_check_names(self) -> list[GuardFinding]:
        return [
            GuardFinding(
                lines[1],
                "rebind",
                f"`{name}` is used by the checks and is bound again here (first on line {lines[0]})",
            )
            for name, lines in sorted(self.bindings.items())
            if name in self.protected and len(lines) > 1
        ]


def names_used(checks: str) -> frozenset[str]:
    """Every name the checks part reads: the learner's part must bind each of them only once."""
    try:
        tree = ast.parse(checks)
    except SyntaxError:
        return frozenset()
    return frozenset(
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    )


def guard(
    learner_part: str, *, allow: frozenset[str], protected: frozenset[str] = frozenset()
) -> tuple[GuardFinding, ...]:
    """Every escape hatch in the learner's part, in line order, minus the rules the exercise allows."""
    found = _comment_findings(learner_part)
    try:
        tree = ast.parse(learner_part)
    except SyntaxError:
        tree = None
    if tree is not None:
        visitor = _Visitor(protected)
        visitor.visit(tree)
        found.extend(visitor.found)
        found.extend(visitor.rebound_check_names())
    unique = {(f.line, f.rule, f.message): f for f in found if f.rule not in allow}
    return tuple(sorted(unique.values(), key=lambda f: (f.line, f.rule)))
