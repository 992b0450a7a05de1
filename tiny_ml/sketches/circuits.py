"""Sketch 7, circuits: open circuits composed in series (`then`) and side by side (`parallel`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tiny_ml.errors import OutOfRangeError, ShapeMismatchError
from tiny_ml.sketches._counts import require_count

Side = Literal["left", "right"]
"""Which boundary of an open circuit a port sits on."""


@dataclass(frozen=True)
class Port:
    """One exposed node of an open circuit: its side and its position on that side."""

    side: Side
    position: int


@dataclass(frozen=True)
class OpenCircuit:
    """Nodes 0..n-1 joined by wires, with left and right boundaries of exposed nodes, in range."""

    node_count: int
    wires: tuple[tuple[int, int], ...]
    left: tuple[int, ...]
    right: tuple[int, ...]

    def __post_init__(self) -> None:
        require_count("OpenCircuit.node_count", self.node_count)
        ends = (node for wire in self.wires for node in wire)
        for node in (*ends, *self.left, *self.right):
            if not 0 <= node < self.node_count:
                raise OutOfRangeError("circuit node", node, self.node_count)

    @classmethod
    def identity(cls, width: int) -> OpenCircuit:
        """`width` bare nodes, each both a left and a right port: the unit of `then`."""
        require_count("OpenCircuit.identity width", width)
        nodes = tuple(range(width))
        return cls(width, (), nodes, nodes)

    def then(self, after: OpenCircuit) -> OpenCircuit:
        """Glue self's right boundary to `after`'s left, port by port; the widths must agree."""
        if len(after.left) != len(self.right):
            raise ShapeMismatchError("OpenCircuit.then", len(self.right), len(after.left))
        shift = self.node_count
        moved = tuple((a + shift, b + shift) for a, b in after.wires)
        glue = tuple(
            (mine, theirs + shift) for mine, theirs in zip(self.right, after.left, strict=True)
        )
        return OpenCircuit(
            self.node_count + after.node_count,
            self.wires + moved + glue,
            self.left,
            tuple(node + shift for node in after.right),
        )

    def parallel(self, beside: OpenCircuit) -> OpenCircuit:
        """Place `beside` next to self, unconnected: ports of self first, then beside's.

        The monoidal product: any widths combine, identities of widths m and n give the
        identity of width m + n, and series and parallel composition interchange.
        """
        shift = self.node_count
        return OpenCircuit(
            self.node_count + beside.node_count,
            self.wires + tuple((a + shift, b + shift) for a, b in beside.wires),
            self.left + tuple(node + shift for node in beside.left),
            self.right + tuple(node + shift for node in beside.right),
        )

    def boundary_partition(self) -> frozenset[frozenset[Port]]:
        """Which ports are wired together: the behaviour composition must preserve."""
        parent = list(range(self.node_count))

        def root(node: int) -> int:
            while parent[node] != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        for a, b in self.wires:
            parent[root(a)] = root(b)
        groups: dict[int, set[Port]] = {}
        boundaries: tuple[tuple[Side, tuple[int, ...]], ...] = (
            ("left", self.left),
            ("right", self.right),
        )
        for side, nodes in boundaries:
            for position, node in enumerate(nodes):
                groups.setdefault(root(node), set()).add(Port(side, position))
        return frozenset(frozenset(group) for group in groups.values())
