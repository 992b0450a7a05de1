"""Sketch 5, co-design: a feasibility relation between what is demanded and what is offered."""

from __future__ import annotations

from dataclasses import dataclass

from tiny_ml.sketches._counts import require_count


@dataclass(frozen=True, order=True)
class ContextDemand:
    """How many tokens a model must attend over at once (an int >= 0): a requirement."""

    tokens: int

    def __post_init__(self) -> None:
        require_count("ContextDemand", self.tokens)


@dataclass(frozen=True, order=True)
class MemoryBudget:
    """How many attention-score cells fit in memory (an int >= 0): a resource."""

    cells: int

    def __post_init__(self) -> None:
        require_count("MemoryBudget", self.cells)


def is_feasible(demand: ContextDemand, budget: MemoryBudget) -> bool:
    """n tokens need n x n score cells; less demand or more budget keeps a pair feasible."""
    return demand.tokens * demand.tokens <= budget.cells
