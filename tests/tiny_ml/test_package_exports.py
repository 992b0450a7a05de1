"""The package keeps its promises about itself: every public name exported and documented,
and no escape hatch from the type checker anywhere in its source."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import tiny_ml

PACKAGE = Path(tiny_ml.__file__).parent
SOURCES = sorted(PACKAGE.rglob("*.py"))
MODULES = sorted(path for path in PACKAGE.glob("*.py") if path.stem not in {"__init__", "__main__"})
SUBPACKAGES = sorted(path.parent for path in PACKAGE.glob("*/__init__.py"))


def _is_type_variable(node: ast.expr | None) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"TypeVar", "ParamSpec", "TypeVarTuple"}
    )


def _defined_names(tree: ast.Module) -> list[str]:
    """Top-level classes, functions and assignments that do not start with an underscore."""
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign) and not _is_type_variable(node.value):
            names += [target.id for target in node.targets if isinstance(target, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return [name for name in names if not name.startswith("_")]


def _public_names(path: Path) -> list[str]:
    return _defined_names(ast.parse(path.read_text(encoding="utf-8")))


def _is_overload(node: ast.stmt) -> bool:
    """An @overload signature: the implementation below it carries the docstring."""
    return isinstance(node, ast.FunctionDef) and any(
        isinstance(d, ast.Name) and d.id == "overload" for d in node.decorator_list
    )


def _undocumented(tree: ast.Module) -> list[str]:
    """Public classes, functions, methods and constants without a docstring."""
    missing: list[str] = []
    body = tree.body
    for index, node in enumerate(body):
        if _is_overload(node):
            continue
        if isinstance(node, ast.ClassDef | ast.FunctionDef) and not node.name.startswith("_"):
            if ast.get_docstring(node) is None:
                missing.append(node.name)
            if isinstance(node, ast.ClassDef):
                missing += [
                    f"{node.name}.{item.name}"
                    for item in node.body
                    if isinstance(item, ast.FunctionDef)
                    and not item.name.startswith("_")
                    and not _is_overload(item)
                    and ast.get_docstring(item) is None
                ]
        elif isinstance(node, ast.Assign | ast.AnnAssign) and not _is_type_variable(node.value):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            public = [t.id for t in targets if isinstance(t, ast.Name) and t.id[0] != "_"]
            following = body[index + 1] if index + 1 < len(body) else None
            documented = (
                isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            )
            if public and not documented and public != ["__all__"]:
                missing += public
    return missing


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.stem)
def test_every_public_name_of_a_module_is_exported(path: Path) -> None:
    module = importlib.import_module(f"tiny_ml.{path.stem}")
    for name in _public_names(path):
        assert name in tiny_ml.__all__, f"tiny_ml does not export {path.stem}.{name}"
        assert getattr(tiny_ml, name) is getattr(module, name)


@pytest.mark.parametrize("path", SUBPACKAGES, ids=lambda path: path.name)
def test_every_name_a_subpackage_exports_is_exported(path: Path) -> None:
    subpackage = importlib.import_module(f"tiny_ml.{path.name}")
    for name in subpackage.__all__:
        assert name in tiny_ml.__all__, f"tiny_ml does not export {path.name}.{name}"
        assert getattr(tiny_ml, name) is getattr(subpackage, name)


def test_all_names_exist_once() -> None:
    assert len(set(tiny_ml.__all__)) == len(tiny_ml.__all__)
    assert all(hasattr(tiny_ml, name) for name in tiny_ml.__all__)


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_every_public_name_has_a_docstring(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree) is not None, "module docstring"
    assert _undocumented(tree) == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_escape_hatch_from_the_type_checker(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert "type: ignore" not in source
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "typing":
            assert {alias.name for alias in node.names}.isdisjoint({"Any", "cast"})
        assert not (isinstance(node, ast.Attribute) and node.attr in {"Any", "cast"})


NEW_NAMES = (
    "Ok",
    "Err",
    "Result",
    "FallibleMorphism",
    "FallibleCompose",
    "then",
    "Caught",
    "FallibleTokenize",
    "FallibleSoftmax",
    "Functor",
    "NaturalTransformation",
    "TupleFunctor",
    "OptionalFunctor",
    "DistributionFunctor",
    "FirstOption",
    "PointMass",
    "LayerNormParameters",
    "LearnedPositions",
    "SinusoidalPositions",
    "BlockTrainingStep",
    "FeedForwardTrainingStep",
    "transformer_gradient",
    "ResourceBundle",
    "implies",
    "join",
    "loss_plot",
)


@pytest.mark.parametrize("name", NEW_NAMES)
def test_the_books_later_chapters_are_exported(name: str) -> None:
    assert name in tiny_ml.__all__
    assert hasattr(tiny_ml, name)
