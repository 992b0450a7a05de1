"""A snapshot's checks started alongside its type check rather than after it.

Two cores run mypy and pytest side by side, so a save whose types are right gets its verdict
after the slower of the two instead of after both. When the types turn out wrong the checks
are stopped at once and their report is never shown: the verdict is the same either way.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path

from checker.cancel import Cancellation
from checker.testrun import TestReport, TestRunner


class ChecksAhead:
    """A TestRunner for one snapshot whose run is already under way."""

    def __init__(self, tests: TestRunner, snapshot: Path, *, timeout: float) -> None:
        self._snapshot = snapshot
        self._cancel = Cancellation()
        self._report: Future[TestReport] = Future()
        threading.Thread(
            target=self._run, args=(tests, timeout), name="checks-ahead", daemon=True
        ).start()

    def _run(self, tests: TestRunner, timeout: float) -> None:
        try:
            self._report.set_result(tests.run(self._snapshot, timeout=timeout, cancel=self._cancel))
        except BaseException as error:  # handed to whoever waits for the report
            self._report.set_exception(error)

    def run(
        self, test_file: Path, *, timeout: float, cancel: Cancellation | None = None
    ) -> TestReport:
        """Wait for the run under way (started with its own time limit) and return its report."""
        if test_file != self._snapshot:
            raise ValueError(f"these checks run {self._snapshot}, not {test_file}")
        return self._report.result()

    def close(self) -> None:
        """Stop the run if it is still going: nobody will read its report."""
        self._cancel.cancel()
