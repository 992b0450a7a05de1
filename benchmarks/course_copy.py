"""A throwaway copy of this checkout's course for the benchmarks: sources only, no caches."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_LEFT_OUT = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".hypothesis",
    ".ruff_cache",
    "*.egg-info",
    "build",
    ".typed-ai-rustlings*",
)


def copy_course(folder: Path) -> Path:
    """The course copied to `folder/course` (progress and caches left behind); its root."""
    root = folder / "course"
    shutil.copytree(REPO, root, ignore=_LEFT_OUT)
    return root
