"""`python -m tiny_ml` walks a sentence through every typed stage and shows the loss falling."""

from __future__ import annotations

import io
import itertools
import os
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from tiny_ml.__main__ import render, render_transformer, walk, walk_transformer
from tiny_ml.domain import Loss, TokenSequence
from tiny_ml.terminal_plot import loss_plot

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


def test_the_transformer_walkthrough_lowers_the_block_loss_at_every_step() -> None:
    walkthrough = walk_transformer()
    assert len(walkthrough.losses) == 41
    pairs = itertools.pairwise(walkthrough.losses)
    assert all(after < before for before, after in pairs)
    plain = io.StringIO()
    render_transformer(walkthrough, Console(file=plain, width=80, color_system=None))
    assert "block_training_step x 40" in plain.getvalue()
    assert f"block step  40: loss {walkthrough.losses[-1].value:.4f}" in plain.getvalue()
    assert "█" not in plain.getvalue()  # not a terminal: numbers, not a plot
    drawn = io.StringIO()
    render_transformer(walkthrough, Console(file=drawn, width=80, force_terminal=True))
    assert "█" in drawn.getvalue()


def test_loss_plot_draws_one_column_per_loss() -> None:
    lines = loss_plot([Loss(2.0), Loss(1.0), Loss(1.5)], height=2)
    assert lines[-1] == "       └───"
    # 16 eighths of height: 2.0 fills 16, 1.0 gets the 1-eighth sliver, 1.5 gets 1 + round(7.5) = 9.
    columns = [line.split("┤")[1] for line in lines[:-1]]
    assert columns == ["█ ▁", "█▁█"]
    assert lines[0].startswith("2.0000 ┤") and lines[1].startswith("1.0000 ┤")
    flat = loss_plot([Loss(1.0), Loss(1.0)], height=1)
    assert flat[0].endswith("┤▄▄")
