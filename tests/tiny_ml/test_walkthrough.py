"""`python -m tiny_ml` walks a sentence through every typed stage and shows the loss falling."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from tiny_ml.__main__ import render, walk
from tiny_ml.domain import TokenSequence

ROOT = Path(__file__).resolve().parents[2]
STAGE_TYPES = ("Text", "TokenSequence", "TrainingSet", "Parameters", "Distribution", "Loss")
ARROWS = ("tokenize", "dataset_windowing", "Parameters.initial", "softmax", "cross_entropy")


def test_walkthrough_encodes_the_issue_sentence_and_lowers_the_loss() -> None:
    walkthrough = walk()
    assert walkthrough.tokens == TokenSequence.of([1, 2, 3, 4, 1, 2, 3, 4])
    assert len(walkthrough.losses) == 81
    assert walkthrough.losses[-1] < walkthrough.losses[0]


def test_render_names_every_stage() -> None:
    out = io.StringIO()
    render(walk(), Console(file=out, width=80, color_system=None))
    text = out.getvalue()
    for name in (*STAGE_TYPES, *ARROWS, "train_step x 80"):
        assert name in text, name


def test_python_m_tiny_ml_runs_when_piped() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "dumb"}
    env.pop("FORCE_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "tiny_ml"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "\x1b[" not in done.stdout
    for name in (*STAGE_TYPES, *ARROWS):
        assert name in done.stdout, name
    rows = [line.split() for line in done.stdout.splitlines()]
    losses = {row[1]: float(row[3]) for row in rows if len(row) == 5 and row[1].isdigit()}
    assert set(losses) == {str(step) for step in range(0, 81, 10)}
    assert losses["80"] < losses["0"]
