"""A loss curve drawn with block characters, for terminals; no plotting library needed."""

from __future__ import annotations

from collections.abc import Sequence

from tiny_ml.domain import Loss
from tiny_ml.errors import EmptyInputError, InvalidScalarError

EIGHTHS = " ▁▂▃▄▅▆▇█"
"""A cell filled 0/8 .. 8/8 from the bottom: eight levels of height per text row."""


def loss_plot(losses: Sequence[Loss], height: int = 8) -> tuple[str, ...]:
    """One column per loss, lowest loss a sliver and highest a full column, axis labels left.

    A flat curve draws every column at half height, so equal losses look equal, not empty.
    """
    if len(losses) == 0:
        raise EmptyInputError("the losses to plot")
    if isinstance(height, bool) or not isinstance(height, int) or height < 1:
        raise InvalidScalarError("plot height", height, "an int >= 1")
    values = [loss.value for loss in losses]
    low, high = min(values), max(values)
    steps = height * 8
    if high == low:
        levels = [steps // 2 or 1] * len(values)
    else:
        levels = [1 + round((v - low) / (high - low) * (steps - 1)) for v in values]
    labels = {height - 1: f"{high:.4f}", 0: f"{low:.4f}"}
    width = max(len(label) for label in labels.values())
    lines = []
    for row in range(height - 1, -1, -1):
        cells = "".join(EIGHTHS[max(0, min(8, level - 8 * row))] for level in levels)
        lines.append(f"{labels.get(row, ''):>{width}} ┤{cells}")
    lines.append(f"{'':>{width}} └{'─' * len(values)}")
    return tuple(lines)
