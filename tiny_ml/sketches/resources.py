"""Sketch 3, resources: costs that add, and bundles of several resources in the product order."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from tiny_ml.sketches._counts import require_count


@dataclass(frozen=True, order=True)
class Cost:
    """Compute spent, in whole units (an int >= 0): added, never multiplied, and + respects <=."""

    units: int

    def __post_init__(self) -> None:
        require_count("Cost", self.units)

    def __add__(self, other: Cost) -> Cost:
        """Doing both jobs costs the sum: associative, with NO_COST as its unit."""
        return Cost(self.units + other.units)


NO_COST: Final = Cost(0)
"""The unit of the resource monoid: adding it changes nothing."""


def total_cost(costs: Iterable[Cost]) -> Cost:
    """Fold costs with +, starting at NO_COST; an empty pipeline costs nothing."""
    return functools.reduce(Cost.__add__, costs, NO_COST)


@dataclass(frozen=True)
class ResourceBundle:
    """Several resources at once: compute units and memory cells, each an int >= 0.

    Ordered as a product: one bundle is <= another when every resource is; two bundles can
    be incomparable (more compute, less memory). `+` is the monoidal product, and it is
    monotone: a <= b gives a + c <= b + c.
    """

    compute: int
    memory: int

    def __post_init__(self) -> None:
        require_count("ResourceBundle.compute", self.compute)
        require_count("ResourceBundle.memory", self.memory)

    def __le__(self, other: ResourceBundle) -> bool:
        """`other` supplies at least this much of every resource."""
        return self.compute <= other.compute and self.memory <= other.memory

    def __add__(self, other: ResourceBundle) -> ResourceBundle:
        """Independent jobs need the sum of each resource."""
        return ResourceBundle(self.compute + other.compute, self.memory + other.memory)

    def can_supply(self, demand: ResourceBundle) -> bool:
        """This supply covers the demand: the book's name for demand <= supply."""
        return demand <= self


NO_RESOURCES: Final = ResourceBundle(0, 0)
"""The unit of `+` on bundles: nothing of anything."""
