"""Hypothesis settings for the project's own tests: no wall-clock deadline (a shared 2-core CI
machine is slow at random moments), and a fixed example sequence under CI so a run is repeatable."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("project", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None)
settings.load_profile("ci" if os.environ.get("CI") else "project")
