"""What the learner's part may do, as an allowlist, so "done" means the types were really fixed.

A denylist of escape hatches always misses one more road to `Any` or one more way to patch the
test machinery. The learner's part may import only what an exercise needs, may not reflect on or
patch anything, and is read as a whole (string and comment annotations included): whatever the
guard cannot read is refused, never skipped.
"""

from __future__ import annotations

import ast
import builtins
import io
import re
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass

TYPE_IGNORE = re.compile(r"#\s*type\s*:\s*ignore")
TYPE_COMMENT = re.compile(r"#\s*type\s*:")
MYPY_COMMENT = re.compile(r"#\s*mypy\s*:")
TYPING_MODULES = frozenset({"typing", "typing_extensions"})
ALLOWED_MODULES = frozenset(
    {
        "tiny_ml",
        "typing",
        "typing_extensions",
        "dataclasses",
        "collections.abc",
        "math",
        "enum",
        "functools",
        "itertools",
        "abc",
        "__future__",
    }
)
"""Modules every learner's part may import (tiny_ml with its submodules); an exercise adds more
with its catalog `imports`."""
HATCH_NAMES = {
    "Any": ("any", "`Any` switches type checking off for a value; name the real type"),
    "cast": ("cast", "`cast` tells mypy to trust you instead of checking; fix the type instead"),
    "no_type_check": ("no-type-check", "`no_type_check` hides a function from mypy"),
    "TYPE_CHECKING": ("type-checking", "`TYPE_CHECKING` lets mypy see different code than runs"),
    "MYPY": (
        "type-checking",
        "mypy reads `MYPY` as always true: mypy would see other code than runs",
    ),
    "overload": (
        "overload",
        "an `@overload` makes mypy believe a signature it never checks against the body",
    ),
    "TypeGuard": ("type-guard", "a `TypeGuard` makes mypy believe whatever the function returns"),
    "TypeIs": ("type-guard", "a `TypeIs` makes mypy believe whatever the function returns"),
}
REFLECTION = frozenset(
    {
        "getattr",
        "setattr",
        "delattr",
        "exec",
        "eval",
        "compile",
        "globals",
        "locals",
        "vars",
        "open",
        "breakpoint",
        "__import__",
        "__builtins__",
    }
)
"""Builtins that read or write code and namespaces by name: nothing an exercise teaches needs them."""
READABLE_DUNDERS = frozenset({"__name__", "__qualname__", "__doc__", "__init__", "__post_init__"})
PLAIN_DUNDER_METHODS = frozenset(
    {
        "__init__",
        "__post_init__",
        "__repr__",
        "__str__",
        "__call__",
        "__iter__",
        "__next__",
        "__len__",
        "__getitem__",
        "__contains__",
        "__add__",
        "__radd__",
        "__sub__",
        "__rsub__",
        "__mul__",
        "__rmul__",
        "__truediv__",
        "__matmul__",
        "__neg__",
        "__rshift__",
        "__lshift__",
        "__or__",
        "__and__",
    }
)
"""Dunder methods that build or combine values; comparison, hashing, truth and attribute hooks
could make a wrong value pass a check, so defining them needs `allow = ["dunder-method"]`."""
TEST_HOOK_NAMES = frozenset(
    {
        "pytest_plugins",
        "pytestmark",
        "setup_module",
        "teardown_module",
        "setup_function",
        "teardown_function",
        "setUpModule",
        "tearDownModule",
    }
)
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


def module_allowed(module: str, extra: frozenset[str]) -> bool:
    """A module, or a package it lives in, is on the allowlist."""
    allowed = ALLOWED_MODULES | extra
    parts = module.split(".")
    return any(".".join(parts[:i]) in allowed for i in range(1, len(parts) + 1))


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
        elif TYPE_COMMENT.search(comment):
            found.append(
                GuardFinding(
                    line,
                    "type-comment",
                    "a `# type:` comment is an annotation in disguise: write a real annotation",
                )
            )
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


def _is_private(name: str) -> bool:
    return name.startswith("_") and not _is_dunder(name)


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


class _Visitor(ast.NodeVisitor):
    def __init__(
        self,
        *,
        protected: frozenset[str],
        imports: frozenset[str],
        forbid: frozenset[str],
        checks_names: frozenset[str],
        line_offset: int = 0,
    ) -> None:
        self.found: list[GuardFinding] = []
        self.protected = protected
        self.extra_imports = imports
        self.forbid = forbid
        self.checks_names = checks_names
        self.line_offset = line_offset
        self.bindings: dict[str, list[int]] = {}
        self.own_names: set[str] = set()
        self.imported: dict[str, str] = {}
        """Local name -> what it was imported as, so `from os import _exit` is still os._exit."""
        self.import_bound: set[str] = set()
        self.depth = 0

    def report(self, line: int, rule: str, message: str) -> None:
        self.found.append(GuardFinding(line + self.line_offset, rule, message))

    def hatch(self, line: int, name: str) -> None:
        rule, why = HATCH_NAMES[name]
        self.report(line, rule, why)

    def bind(self, name: str, line: int) -> None:
        self.own_names.add(name)
        if self.depth:
            return
        self.bindings.setdefault(name, []).append(line)
        if name in BUILTIN_NAMES:
            self.report(
                line, "rebind", f"`{name}` is a builtin: rebinding it changes what the checks call"
            )
        if name in TEST_HOOK_NAMES or name.startswith("pytest_"):
            self.report(
                line,
                "test-hook",
                f"`{name}` at module level is a hook of the test runner: the checks run it",
            )

    def name_used(self, name: str, line: int) -> None:
        if name in HATCH_NAMES:
            self.hatch(line, name)
        if name in self.forbid:
            self.report(
                line,
                "forbidden",
                f"`{name}` is the finished answer this exercise asks you to write yourself",
            )
        if name in REFLECTION:
            self.report(
                line,
                "reflection",
                f"`{name}` reaches code or names by string: write the code it would run instead",
            )
        elif _is_dunder(name) and name != "__name__":
            self.report(line, "dunder-access", f"`{name}` reaches into the interpreter's machinery")

    def may_reach_private(self, base: ast.expr) -> bool:
        """An object's own private parts, or a module an exercise lets the learner import; never
        tiny_ml's internals."""
        dotted = _dotted(base)
        if dotted in {"self", "cls"}:
            return True
        root = dotted.split(".")[0] if dotted else None
        if root is None or root not in self.import_bound:
            return False
        return not (self.resolve(dotted) or "").startswith("tiny_ml")

    def check_private(self, module: str, name: str | None, line: int) -> None:
        parts = [*module.split("."), *([name] if name else [])]
        if any(_is_private(part) for part in parts):
            self.report(
                line,
                "private",
                f"`{'.'.join(parts)}` is private to tiny_ml: use what it exports",
            )

    def check_module(self, module: str, line: int) -> None:
        if not module_allowed(module, self.extra_imports):
            self.report(
                line,
                "import",
                f"`{module}` is not needed by this exercise: your part may import tiny_ml, "
                "the typing modules, dataclasses, collections.abc, math, enum, functools, "
                "itertools and abc",
            )

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.check_module(alias.name, node.lineno)
            self.check_private(alias.name, None, node.lineno)
            if alias.asname:
                self.imported[alias.asname] = alias.name
            self.import_bound.add((alias.asname or alias.name).split(".")[0])
            self.bind((alias.asname or alias.name).split(".")[0], node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = "." * node.level + (node.module or "")
        if node.level:
            self.report(node.lineno, "import", "a relative import reaches files beside the course")
        else:
            self.check_module(module, node.lineno)
        for alias in node.names:
            if alias.name == "*":
                self.report(
                    node.lineno,
                    "any" if module in TYPING_MODULES else "import",
                    f"`from {module} import *` brings in names nobody can see",
                )
                continue
            if module in TYPING_MODULES and alias.name in HATCH_NAMES:
                self.hatch(node.lineno, alias.name)
            if module.split(".")[0] == "tiny_ml":
                self.check_private(module, alias.name, node.lineno)
            self.name_used(alias.name, node.lineno)
            self.imported[alias.asname or alias.name] = f"{module}.{alias.name}"
            self.import_bound.add(alias.asname or alias.name)
            if module == "builtins" and alias.name in BUILTIN_NAMES and alias.asname is None:
                continue
            self.bind(alias.asname or alias.name, node.lineno)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if _is_private(node.attr) and not self.may_reach_private(node.value):
            self.report(
                node.lineno,
                "private",
                f"`.{node.attr}` is private to the code that defines it: use its public API",
            )
        if node.attr in HATCH_NAMES:
            self.hatch(node.lineno, node.attr)
        if node.attr in self.forbid:
            self.name_used(node.attr, node.lineno)
        if _is_dunder(node.attr) and node.attr not in READABLE_DUNDERS:
            self.report(
                node.lineno,
                "dunder-access",
                f"`.{node.attr}` reaches into the interpreter's machinery",
            )
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store):
            self.bind(node.id, node.lineno)
            return
        self.name_used(node.id, node.lineno)
        if node.id in self.checks_names and node.id not in self.own_names:
            self.report(
                node.lineno,
                "checks-name",
                f"`{node.id}` belongs to the checks below the marker: your part cannot use it",
            )

    def annotation(self, node: ast.expr | None) -> None:
        """A string in an annotation is an annotation too: read it as code."""
        if node is None:
            return
        for child in ast.walk(node):
            if isinstance(child, ast.Constant) and isinstance(child.value, str):
                try:
                    parsed = ast.parse(child.value.strip(), mode="eval")
                except SyntaxError:
                    self.report(
                        child.lineno,
                        "string-annotation",
                        "a string annotation the guard cannot read: write the annotation as code",
                    )
                    continue
                for inner in ast.walk(parsed):
                    if isinstance(inner, ast.expr):
                        ast.copy_location(inner, child)
                self.visit(parsed.body)
        self.visit(node)

    def visit_arg(self, node: ast.arg) -> None:
        self.annotation(node.annotation)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.annotation(node.annotation)
        self.visit(node.target)
        if node.value is not None:
            self.visit(node.value)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._function(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._function(node)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if self.in_class and _is_dunder(node.name) and node.name not in PLAIN_DUNDER_METHODS:
            self.report(
                node.lineno,
                "dunder-method",
                f"`{node.name}` changes how values compare, hash or look up attributes, "
                "so a wrong value could pass a check",
            )
        self.annotation(node.returns)
        self._scope(node, node.name, in_class=False)

    in_class = False

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._scope(node, node.name, in_class=True)

    def _scope(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef,
        name: str,
        *,
        in_class: bool,
    ) -> None:
        overload_stub = any(
            (_dotted(d) or "").split(".")[-1] == "overload" for d in node.decorator_list
        )
        if not overload_stub:  # the signatures before an implementation do not rebind it
            self.bind(name, node.lineno)
        for decorator in node.decorator_list:
            self.visit(decorator)
        outer = self.in_class
        self.in_class = in_class
        self.depth += 1
        skip: set[int] = {id(d) for d in node.decorator_list}
        if not isinstance(node, ast.ClassDef):
            skip.add(id(node.returns))
        for child in ast.iter_child_nodes(node):
            if id(child) not in skip:
                self.visit(child)
        self.depth -= 1
        self.in_class = outer

    def visit_Call(self, node: ast.Call) -> None:
        name = self.resolve(_dotted(node.func))
        if not self.depth and name in EXIT_CALLS:
            self.exit(node.lineno, f"{name}()")
        for keyword in node.keywords:
            if keyword.arg == "bound":
                self.annotation(keyword.value)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self.patched(target, node.lineno)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.patched(node.target, node.lineno)
        self.generic_visit(node)

    def patched(self, target: ast.expr, line: int) -> None:
        """Assigning into an imported module or class changes it for the checks too."""
        if not isinstance(target, ast.Attribute):
            return
        base = _dotted(target.value)
        root = base.split(".")[0] if base else None
        if root in {"builtins", "__builtins__"}:
            self.report(line, "rebind", "assigning into `builtins` changes every module")
        elif root is not None and root in self.import_bound:
            self.report(
                line,
                "rebind",
                f"assigning into `{base}` changes what was imported, for the checks too",
            )

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

    def exit(self, line: int, what: str) -> None:
        self.report(line, "exit", f"`{what}` at module level would end the checks before they run")

    def rebound_check_names(self) -> list[GuardFinding]:
        return [
            GuardFinding(
                lines[1] + self.line_offset,
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


def names_bound(checks: str) -> frozenset[str]:
    """Every module-level name the checks part binds (imports, functions, constants)."""
    try:
        tree = ast.parse(checks)
    except SyntaxError:
        return frozenset()
    bound: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                bound.update(
                    n.id
                    for n in ast.walk(target)
                    if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
                )
    return frozenset(bound)


def _reaches_checks(whole: ast.Module, learner_lines: int) -> Iterable[GuardFinding]:
    """A statement that starts in the learner's part must end there: a dangling decorator or an
    open bracket would otherwise wrap the first check."""
    for node in whole.body:
        starts = min(
            [node.lineno]
            + [d.lineno for d in getattr(node, "decorator_list", []) if isinstance(d, ast.expr)]
        )
        end = node.end_lineno or node.lineno
        if starts <= learner_lines < end:
            yield GuardFinding(
                starts,
                "reaches-checks",
                "this statement runs on past the marker line into the checks: finish it above",
            )


def guard(
    learner_part: str,
    *,
    allow: frozenset[str],
    protected: frozenset[str] = frozenset(),
    imports: frozenset[str] = frozenset(),
    forbid: frozenset[str] = frozenset(),
    checks: str | None = None,
) -> tuple[GuardFinding, ...]:
    """Everything refused in the learner's part, in line order, minus the rules the exercise
    allows. With `checks`, the whole file is parsed as the checker will run it."""
    found = _comment_findings(learner_part)
    checks_names = names_bound(checks) if checks else frozenset()
    learner_lines = learner_part.count("\n")
    tree: ast.Module | None = None
    try:
        tree = ast.parse(learner_part)
    except SyntaxError as error:
        learner_error: SyntaxError | None = error
    else:
        learner_error = None
    if checks is not None:
        try:
            whole = ast.parse(learner_part + checks)
        except SyntaxError as error:
            if learner_error is None:
                found.append(
                    GuardFinding(
                        error.lineno or 0,
                        "syntax",
                        f"Python cannot read the file with its checks: {error.msg}",
                    )
                )
        else:
            reaching = list(_reaches_checks(whole, learner_lines))
            found.extend(reaching)
            if tree is None and reaching:
                # Read as the checker will run it: the statements that start above the marker.
                tree = ast.Module(
                    body=[n for n in whole.body if n.lineno <= learner_lines], type_ignores=[]
                )
                learner_error = None
        if learner_error is not None:
            found.append(
                GuardFinding(
                    learner_error.lineno or 0,
                    "syntax",
                    f"Python cannot read your part: {learner_error.msg}",
                )
            )
    if tree is not None:
        visitor = _Visitor(
            protected=protected, imports=imports, forbid=forbid, checks_names=checks_names
        )
        visitor.visit(tree)
        found.extend(visitor.found)
        found.extend(visitor.rebound_check_names())
    unique = {(f.line, f.rule, f.message): f for f in found if f.rule not in allow}
    return tuple(sorted(unique.values(), key=lambda f: (f.line, f.rule)))
