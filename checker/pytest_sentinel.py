"""pytest plugin loaded into every check: proves the session really finished, with what result.

Learner code can end the process early (`os._exit(0)`) or exit with status 0 on its own; only a
result file carrying this run's nonce, written at the very end of the session, counts as a run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from checker.testrun import NONCE_ENV, SENTINEL_ENV

_failures: list[dict[str, str]] = []
_counts = {"passed": 0, "failed": 0, "collected": 0}
_run: dict[str, str] = {}
"""Where to write and the nonce, taken out of the environment before any learner code imports."""


def pytest_configure(config: pytest.Config) -> None:
    """Hide the sentinel path and nonce from the code under test, so it cannot forge a result."""
    for key, name in (("target", SENTINEL_ENV), ("nonce", NONCE_ENV)):
        value = os.environ.pop(name, None)
        if value is not None:
            _run[key] = value


def _message(report: pytest.CollectReport | pytest.TestReport) -> str:
    text = report.longreprtext
    return text[-4000:] if len(text) > 4000 else text


def pytest_collectreport(report: pytest.CollectReport) -> None:
    """A module that cannot be imported is a failure, named by its error."""
    if report.failed:
        _failures.append({"test": report.nodeid or "collection", "message": _message(report)})


def pytest_collection_finish(session: pytest.Session) -> None:
    _counts["collected"] = len(session.items)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.failed:
        _counts["failed"] += 1
        _failures.append({"test": report.nodeid, "message": _message(report)})
    elif report.passed and report.when == "call":
        _counts["passed"] += 1


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the result last, so nothing the learner's code does afterwards can forge it."""
    target = _run.get("target")
    if not target:
        return
    result = {
        "nonce": _run.get("nonce", ""),
        "exitstatus": int(exitstatus),
        "failures": _failures,
        **_counts,
    }
    Path(target).write_text(json.dumps(result), encoding="utf-8")
