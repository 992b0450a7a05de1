"""What several checker tests build the same way: a private copy of the fixture course, and a
test runner that answers at once."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from checker import testrun  # the module, so pytest does not try to collect TestReport
from checker.cancel import Cancellation
from checker.course import Course

FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"


def fixture_course_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Course:
    """The fixture course copied under `tmp_path`, with a per-user cache of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    return Course(root)


PASSING = testrun.TestReport("passed", (), "", 0.01)


@dataclass
class FakeTests:
    """A TestRunner that answers with a prepared report and counts its calls."""

    report: testrun.TestReport = PASSING
    runs: list[Path] = field(default_factory=list)

    def run(
        self, test_file: Path, *, timeout: float, cancel: Cancellation | None = None
    ) -> testrun.TestReport:
        self.runs.append(test_file)
        return self.report

    def close(self) -> None:
        pass
