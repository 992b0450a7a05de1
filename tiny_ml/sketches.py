"""The book's seven applied-category-theory sketches, each a small typed value with its law.

1. Orders: `InformationLevel`, a preorder (`<=` reflexive and transitive, not antisymmetric).
2. Galois connections: `GaloisConnection` between `FeatureCount` and `LayerBudget`.
3. Resources: `Cost`, a monoid under addition that respects `<=`.
4. Databases: `DatabaseInstance`, whose foreign keys always resolve.
5. Co-design: `is_feasible`, a feasibility relation between `ContextDemand` and `MemoryBudget`.
6. Signal flow: `SignalMatrix[Source, Target]`, composable only through a shared dimension.
7. Circuits: `OpenCircuit`, composed by gluing a shared boundary.
And the logic of behaviour: a `SafetyCover` whose global truth is the AND of its local checks.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Final, Generic, Literal, TypeVar, assert_never

from tiny_ml.domain import Loss, Matrix, TokenId, check_matrix
from tiny_ml.errors import (
    EmptyInputError,
    InvalidIntervalError,
    InvalidScalarError,
    OutOfRangeError,
    ShapeMismatchError,
    TinyMLError,
)

T = TypeVar("T")
Source = TypeVar("Source")
Target = TypeVar("Target")
Next = TypeVar("Next")


def _require_count(name: str, value: int, *, minimum: int = 0) -> None:
    """Refuse anything but an int of at least `minimum` (a bool is not a count)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidScalarError(name, value, f"an int >= {minimum}")


# 1. Orders ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InformationLevel:
    """How much of the input a stage still lets you recover (rank >= 0); equal ranks tie."""

    name: str
    rank: int

    def __post_init__(self) -> None:
        _require_count("InformationLevel.rank", self.rank)

    def __le__(self, other: InformationLevel) -> bool:
        """`other` recovers at least as much as `self`: reflexive and transitive."""
        return self.rank <= other.rank


TEXT: Final = InformationLevel("text", 3)
"""The sentence itself."""
TOKENS: Final = InformationLevel("tokens", 3)
"""Token ids: a lossless encoding, so TEXT <= TOKENS and TOKENS <= TEXT, yet they differ."""
LOGITS: Final = InformationLevel("logits", 2)
"""Next-token scores: the text is gone, a shift of all scores is not."""
DISTRIBUTION: Final = InformationLevel("distribution", 1)
"""Probabilities: softmax forgets the shift."""
LOSS: Final = InformationLevel("loss", 0)
"""One number: the least a stage can tell."""


def is_reflexive(elements: Iterable[T], leq: Callable[[T, T], bool]) -> bool:
    """a <= a for every element: the first preorder law."""
    return all(leq(a, a) for a in elements)


def is_transitive(elements: Iterable[T], leq: Callable[[T, T], bool]) -> bool:
    """a <= b and b <= c give a <= c, for every triple: the second preorder law."""
    items = tuple(elements)
    return all(leq(a, c) for a in items for b in items for c in items if leq(a, b) and leq(b, c))


# 2. Galois connections -------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class FeatureCount:
    """How many features a model must represent: an int >= 0, never a layer count."""

    value: int

    def __post_init__(self) -> None:
        _require_count("FeatureCount", self.value)


@dataclass(frozen=True, order=True)
class LayerBudget:
    """How many layers a model may use: an int >= 0, never a feature count."""

    value: int

    def __post_init__(self) -> None:
        _require_count("LayerBudget", self.value)


@dataclass(frozen=True)
class GaloisConnection:
    """Features <-> layers at one capacity: layers_needed(a) <= b iff a <= features_supported(b)."""

    features_per_layer: int

    def __post_init__(self) -> None:
        _require_count("GaloisConnection.features_per_layer", self.features_per_layer, minimum=1)

    def layers_needed(self, features: FeatureCount) -> LayerBudget:
        """Left adjoint: the fewest layers that hold the features, ceil(features / capacity)."""
        return LayerBudget(-(-features.value // self.features_per_layer))  # ceiling, exact on ints

    def features_supported(self, layers: LayerBudget) -> FeatureCount:
        """Right adjoint: the most features the layers hold, layers x capacity."""
        return FeatureCount(layers.value * self.features_per_layer)

    def adjunction_holds(self, features: FeatureCount, layers: LayerBudget) -> bool:
        """The defining law for one pair: f(a) <= b exactly when a <= g(b)."""
        fits_in_layers = self.layers_needed(features) <= layers
        fits_in_features = features <= self.features_supported(layers)
        return fits_in_layers == fits_in_features


# 3. Resources -----------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Cost:
    """Compute spent, in whole units (an int >= 0): added, never multiplied, and + respects <=."""

    units: int

    def __post_init__(self) -> None:
        _require_count("Cost", self.units)

    def __add__(self, other: Cost) -> Cost:
        """Doing both jobs costs the sum: associative, with NO_COST as its unit."""
        return Cost(self.units + other.units)


NO_COST: Final = Cost(0)
"""The unit of the resource monoid: adding it changes nothing."""


def total_cost(costs: Iterable[Cost]) -> Cost:
    """Fold costs with +, starting at NO_COST; an empty pipeline costs nothing."""
    return functools.reduce(Cost.__add__, costs, NO_COST)


# 4. Databases -----------------------------------------------------------------------------------


class ForeignKeyError(TinyMLError):
    """Raised when a row's foreign key names a row that its target table does not hold."""

    def __init__(self, table: str, row: int, column: str, key: int) -> None:
        self.table = table
        self.row = row
        self.column = column
        self.key = key
        super().__init__(
            f"{table} row {row}: {column} refers to token {key}, "
            "which the Token table does not hold"
        )


@dataclass(frozen=True)
class ExampleRow:
    """A row of the Example table: context and target are foreign keys into the Token table."""

    context: TokenId
    target: TokenId


@dataclass(frozen=True)
class DatabaseInstance:
    """A Token table (TokenId(i) keys words[i]) and an Example table whose foreign keys resolve."""

    words: tuple[str, ...]
    examples: tuple[ExampleRow, ...]

    def __post_init__(self) -> None:
        for row, example in enumerate(self.examples):
            for column, key in (("context", example.context), ("target", example.target)):
                if key.index >= len(self.words):
                    raise ForeignKeyError("Example", row, column, key.index)

    def word_of(self, token: TokenId) -> str | None:
        """Look any id up in the Token table: None when no row has that key."""
        return self.words[token.index] if token.index < len(self.words) else None

    def example_words(self) -> tuple[tuple[str, str], ...]:
        """Follow both foreign keys of every example: total, since construction checked them."""
        return tuple(
            (self.words[e.context.index], self.words[e.target.index]) for e in self.examples
        )


# 5. Co-design -----------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class ContextDemand:
    """How many tokens a model must attend over at once (an int >= 0): a requirement."""

    tokens: int

    def __post_init__(self) -> None:
        _require_count("ContextDemand", self.tokens)


@dataclass(frozen=True, order=True)
class MemoryBudget:
    """How many attention-score cells fit in memory (an int >= 0): a resource."""

    cells: int

    def __post_init__(self) -> None:
        _require_count("MemoryBudget", self.cells)


def is_feasible(demand: ContextDemand, budget: MemoryBudget) -> bool:
    """n tokens need n x n score cells; less demand or more budget keeps a pair feasible."""
    return demand.tokens * demand.tokens <= budget.cells


# 6. Signal flow ---------------------------------------------------------------------------------


class ModelSpace:
    """Phantom dimension: signals of model width. Never instantiated; it only labels a type."""


class HeadSpace:
    """Phantom dimension: signals of one head's width. Never instantiated."""


class VocabSpace:
    """Phantom dimension: one signal per vocabulary entry. Never instantiated."""


@dataclass(frozen=True)
class SignalMatrix(Generic[Source, Target]):
    """A linear map Source -> Target, one row per source signal; composes only through Target."""

    entries: Matrix

    def __post_init__(self) -> None:
        if len(self.entries) == 0 or len(self.entries[0]) == 0:
            raise EmptyInputError("SignalMatrix")
        check_matrix("SignalMatrix", self.entries, len(self.entries), len(self.entries[0]))
        object.__setattr__(
            self, "entries", tuple(tuple(float(v) for v in row) for row in self.entries)
        )

    @property
    def source_size(self) -> int:
        """How many signals go in."""
        return len(self.entries)

    @property
    def target_size(self) -> int:
        """How many signals come out."""
        return len(self.entries[0])

    def then(self, after: SignalMatrix[Target, Next]) -> SignalMatrix[Source, Next]:
        """Feed self's output into `after`: the middle dimension must agree in type and in size."""
        if after.source_size != self.target_size:
            raise ShapeMismatchError(
                "SignalMatrix.then", (self.target_size, after.target_size), after.shape
            )
        columns = tuple(zip(*after.entries, strict=True))
        return SignalMatrix(
            tuple(
                tuple(
                    math.fsum(a * b for a, b in zip(row, column, strict=True)) for column in columns
                )
                for row in self.entries
            )
        )

    @property
    def shape(self) -> tuple[int, int]:
        """(source size, target size)."""
        return (self.source_size, self.target_size)


def identity_signal(size: int) -> SignalMatrix[T, T]:
    """`size` signals passed through unchanged, the unit of `then`; annotate it to name T."""
    _require_count("identity_signal size", size, minimum=1)
    return SignalMatrix(
        tuple(tuple(1.0 if i == j else 0.0 for j in range(size)) for i in range(size))
    )


# 7. Circuits ------------------------------------------------------------------------------------

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
        _require_count("OpenCircuit.node_count", self.node_count)
        ends = (node for wire in self.wires for node in wire)
        for node in (*ends, *self.left, *self.right):
            if not 0 <= node < self.node_count:
                raise OutOfRangeError("circuit node", node, self.node_count)

    @classmethod
    def identity(cls, width: int) -> OpenCircuit:
        """`width` bare nodes, each both a left and a right port: the unit of `then`."""
        _require_count("OpenCircuit.identity width", width)
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


# Logic of behaviour -----------------------------------------------------------------------------


class TruthValue(Enum):
    """What a local check can say; UNKNOWN means the patch is not fully observed yet."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"


def conjunction(left: TruthValue, right: TruthValue) -> TruthValue:
    """AND over three values: FALSE wins, then UNKNOWN; every case is handled (assert_never)."""
    match left:
        case TruthValue.FALSE:
            return TruthValue.FALSE
        case TruthValue.UNKNOWN:
            return TruthValue.FALSE if right is TruthValue.FALSE else TruthValue.UNKNOWN
        case TruthValue.TRUE:
            return right
        case _:
            assert_never(left)


@dataclass(frozen=True)
class StepInterval:
    """Training steps first..last, inclusive: 0 <= first <= last."""

    first: int
    last: int

    def __post_init__(self) -> None:
        _require_count("StepInterval.first", self.first)
        _require_count("StepInterval.last", self.last)
        if self.first > self.last:
            raise InvalidIntervalError(self.first, self.last)

    def steps(self) -> range:
        """Every step of the interval, in order."""
        return range(self.first, self.last + 1)


class NotACoverError(TinyMLError):
    """Raised when patches leave a step of the whole interval uncovered or reach outside it."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"not a cover: {reason}")


LocalCheck = Callable[[StepInterval], TruthValue]
"""A check that can be asked about any patch of steps."""


@dataclass(frozen=True)
class SafetyCover:
    """Patches that lie inside `whole` and together cover every step of it."""

    whole: StepInterval
    patches: tuple[StepInterval, ...]

    def __post_init__(self) -> None:
        if len(self.patches) == 0:
            raise EmptyInputError("SafetyCover.patches")
        for patch in self.patches:
            if patch.first < self.whole.first or patch.last > self.whole.last:
                raise NotACoverError(
                    f"patch [{patch.first}, {patch.last}] reaches outside "
                    f"[{self.whole.first}, {self.whole.last}]"
                )
        covered = {step for patch in self.patches for step in patch.steps()}
        for step in self.whole.steps():
            if step not in covered:
                raise NotACoverError(f"no patch covers step {step}")

    def global_truth(self, check: LocalCheck) -> TruthValue:
        """The AND of the check on every patch: TRUE only when every local check is TRUE."""
        return functools.reduce(conjunction, map(check, self.patches), TruthValue.TRUE)


@dataclass(frozen=True)
class LossCeiling:
    """Local check: each recorded loss in a patch is <= `ceiling`; unrecorded steps are UNKNOWN."""

    losses: tuple[Loss, ...]
    ceiling: Loss

    def __call__(self, patch: StepInterval) -> TruthValue:
        """FALSE if a recorded loss is too high, else UNKNOWN if a step is unrecorded, else TRUE."""
        recorded = self.losses[patch.first : patch.last + 1]
        if any(loss > self.ceiling for loss in recorded):
            return TruthValue.FALSE
        if patch.last >= len(self.losses):
            return TruthValue.UNKNOWN
        return TruthValue.TRUE
