"""Structure that survives a change of contents: functors, a natural transformation, monoids."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, Self, TypeVar

from tiny_ml.domain import Distribution, Loss, TokenId, VocabSize
from tiny_ml.errors import OutOfRangeError

A = TypeVar("A")
B = TypeVar("B")
M = TypeVar("M", bound="Monoid")


def map_sequence(function: Callable[[A], B], values: Sequence[A]) -> tuple[B, ...]:
    """The sequence functor: apply to every element, keeping length and order."""
    return tuple(function(value) for value in values)


def map_optional(function: Callable[[A], B], value: A | None) -> B | None:
    """The optional functor: apply to a present value; None stays None and is never passed on."""
    return None if value is None else function(value)


def map_distribution(
    relabel: Callable[[TokenId], TokenId], distribution: Distribution, *, outcomes: VocabSize
) -> Distribution:
    """The distribution functor (pushforward): each outcome's mass moves to its new label.

    Labels that meet add up their probabilities, so the total stays 1 and the result is
    again a Distribution, over `outcomes` labels; a label outside them is an error.
    """
    masses: list[list[float]] = [[] for _ in range(outcomes.value)]
    for index, probability in enumerate(distribution.probabilities):
        label = relabel(TokenId(index))
        if label.index >= outcomes.value:
            raise OutOfRangeError("relabelled outcome", label.index, outcomes.value)
        masses[label.index].append(probability)
    return Distribution(tuple(math.fsum(mass) for mass in masses))


def first(values: Sequence[A]) -> A | None:
    """The natural transformation sequence => optional: the first element, None when empty."""
    return values[0] if len(values) > 0 else None


def first_is_natural(function: Callable[[A], B], values: Sequence[A]) -> bool:
    """The naturality square of `first`: mapping then taking first equals first then mapping."""
    return first(map_sequence(function, values)) == map_optional(function, first(values))


class Monoid(Protocol):
    """A type with an empty value and an associative combine that returns a new value."""

    @classmethod
    def empty(cls) -> Self:
        """The unit: combining with it on either side changes nothing."""
        ...

    def combine(self, other: Self, /) -> Self:
        """Associative: (a.combine(b)).combine(c) == a.combine(b.combine(c))."""
        ...


@dataclass(frozen=True)
class PipelineTrace:
    """The names of the stages a value passed through, in order: combining concatenates."""

    stages: tuple[str, ...] = ()

    @classmethod
    def of(cls, *stages: str) -> PipelineTrace:
        """A trace of the given stage names."""
        return cls(stages)

    @classmethod
    def empty(cls) -> PipelineTrace:
        """The trace of no stages."""
        return cls()

    def combine(self, other: PipelineTrace, /) -> PipelineTrace:
        """This trace, then the other."""
        return PipelineTrace(self.stages + other.stages)


@dataclass(frozen=True)
class LossSum:
    """Losses to be added: keeps its parts, because float + is not associative and math.fsum is."""

    parts: tuple[Loss, ...] = ()

    @classmethod
    def of(cls, *losses: Loss) -> LossSum:
        """A sum of the given losses."""
        return cls(losses)

    @classmethod
    def empty(cls) -> LossSum:
        """The sum of no losses, whose total is 0."""
        return cls()

    def combine(self, other: LossSum, /) -> LossSum:
        """Both sums' parts together."""
        return LossSum(self.parts + other.parts)

    @property
    def total(self) -> Loss:
        """The correctly rounded sum of every part: the same however the parts were grouped."""
        return Loss(math.fsum(part.value for part in self.parts))


def concat_all(monoid: type[M], values: Iterable[M]) -> M:
    """Combine values left to right, starting from empty: no values give the unit, not an error."""
    result = monoid.empty()
    for value in values:
        result = result.combine(value)
    return result


def fold(monoid: type[M], function: Callable[[A], M], values: Iterable[A]) -> M:
    """Map every value into the monoid, then combine them all (fold-map)."""
    return concat_all(monoid, (function(value) for value in values))
