"""pytest plugin loaded into every check: hypothesis tuned for a learner waiting on a verdict.

Hypothesis's "explain" phase re-runs a failing example under a tracer to say which lines
only failing runs reached; under Python 3.11 that alone takes 0.3-0.7 s per failure, and
the shrunk failing example it has already found says what a learner needs. Every other
phase, and every setting a check states itself (`max_examples`, `deadline`, ...), stays.
"""

from __future__ import annotations

import pytest

PROFILE = "typed-ai-rustlings"


def pytest_configure(config: pytest.Config) -> None:
    try:
        from hypothesis import Phase, settings
    except ImportError:  # a course whose checks do not use hypothesis
        return
    phases = [phase for phase in Phase if phase is not Phase.explain]
    settings.register_profile(PROFILE, phases=phases)
    settings.load_profile(PROFILE)
