"""mypy's analysis of the libraries the course imports, done once and shared by every checker.

Analysing the standard library, pytest, hypothesis and tiny_ml from scratch takes mypy seconds;
checking one exercise against a warm cache takes a fraction of one. The analysis goes into one
base cache (the daemon's, filled with fine-grained data), and every plain checker's cache (one
per snapshot family) starts as a copy of it instead of empty. mypy validates every cache entry
it reads against its source and options, so a copy taken under another mypy only costs time.
"""

from __future__ import annotations

import ast
import importlib.machinery
import importlib.util
import os
import shutil
import tempfile
from pathlib import Path
from typing import Final

from checker.course import PRISTINE_SUFFIX, TRACKS, Course

WARM_MODULE: Final = "_typed_ai_rustlings_warm"
REFERENCE_PACKAGE: Final = "tiny_ml"
SEEDED: Final = "seeded-for"
"""The file in the base cache that says what it was filled for; written once the fill succeeded."""


def base_cache_dir(state: Path) -> Path:
    """The base cache in a course's per-user state folder (`Course.cache_dir`)."""
    return state / "dmypy_cache"


def is_prepared(state: Path) -> bool:
    """True once the base cache was filled (by `init`, a first launch or a daemon) for some
    version of the course; a daemon refills it in the background when that version is old."""
    return (base_cache_dir(state) / SEEDED).is_file()


def warm_file(state: Path) -> Path:
    return state / "dmypy_warm" / f"{WARM_MODULE}.py"


def course_imports(root: Path) -> list[str]:
    """Every absolute import of the course's trusted exercise copies that can be found, sorted.

    `from package import name` counts `package.name` too when that is a submodule (as in
    `from hypothesis import strategies`)."""
    course = Course(root)
    found: set[str] = set()
    for track in TRACKS:
        for path in sorted(course.pristine_dir(track).rglob(f"*.py{PRISTINE_SUFFIX}")):
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except (OSError, SyntaxError, ValueError):
                continue  # `dev check` reports a broken exercise; the cache does without it
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    found.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module)
                    found.update(f"{node.module}.{alias.name}" for alias in node.names)
    found.discard("__future__")
    return sorted(module for module in found if _findable(module, root))


def _findable(module: str, root: Path) -> bool:
    """True if `module` is a module mypy can read: the course's own tiny_ml, or one installed
    beside the tool. Nothing is imported to find out."""
    *packages, name = module.split(".")
    if packages and packages[0] == REFERENCE_PACKAGE and (root / REFERENCE_PACKAGE).is_dir():
        locations = [root.joinpath(*packages)]
    elif not packages:
        own = name == REFERENCE_PACKAGE and (root / name).is_dir()
        return own or _top_spec(name) is not None
    else:
        spec = _top_spec(packages[0])
        if not spec or spec.submodule_search_locations is None:
            return False
        locations = [Path(p).joinpath(*packages[1:]) for p in spec.submodule_search_locations]
    return any(
        (folder / f"{name}.py").is_file() or (folder / name / "__init__.py").is_file()
        for folder in locations
    )


def _top_spec(name: str) -> importlib.machinery.ModuleSpec | None:
    try:
        return importlib.util.find_spec(name)  # a top-level name: nothing is imported
    except (ImportError, ValueError):
        return None


def warm_text(root: Path) -> str:
    """The module whose analysis fills the cache: it imports what the exercises import."""
    modules = course_imports(root)
    imports = "".join(f"import {name}  # noqa: F401\n" for name in modules)
    return f'"""Loads what every exercise imports, so mypy has it warm."""\n{imports}'


def start_from_base(course: Course, cache: Path) -> bool:
    """Give a checker's cache folder that does not exist yet a copy of the filled base cache.

    True if it was copied. The copy is made aside and renamed into place, so two processes
    starting at once never see half of one."""
    base = base_cache_dir(course.cache_dir)
    if cache.exists() or not (base / SEEDED).is_file():
        return False
    cache.parent.mkdir(parents=True, exist_ok=True)
    aside = Path(tempfile.mkdtemp(prefix=f".{cache.name}-", dir=cache.parent))
    try:
        shutil.copytree(base, aside, dirs_exist_ok=True)
        os.rename(aside, cache)
    except OSError:
        shutil.rmtree(aside, ignore_errors=True)  # another process won, or no room: mypy fills it
        return False
    return True
