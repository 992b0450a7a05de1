"""End-to-end tests of watch mode: the real command in a pseudo-terminal, on a fixture course.

Select them with `-m e2e`. They skip, saying why, only on a machine without pseudo-terminals.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.harness import Course, fresh_course


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "e2e: end-to-end tests that drive the real command in a pseudo-terminal"
    )


def _pty_problem() -> str | None:
    try:
        master, slave = os.openpty()
    except OSError as error:
        return f"this machine has no pseudo-terminals ({error}); watch mode needs one"
    os.close(master)
    os.close(slave)
    return None


@pytest.fixture(scope="session")
def e2e_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder per session: the course copy always lives at the same path, and the
    per-user cache (XDG_CACHE_HOME) is shared, so mypy's cache stays warm across tests."""
    problem = _pty_problem()
    if problem is not None:
        pytest.skip(problem)
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture
def course(e2e_base: Path) -> Course:
    return fresh_course(e2e_base)
