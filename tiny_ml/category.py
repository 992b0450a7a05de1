"""Arrows between the nouns: morphisms, identity, composition with its middle type in view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from tiny_ml.errors import InvalidScalarError

A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")
T = TypeVar("T")
In = TypeVar("In", contravariant=True)
Out = TypeVar("Out", covariant=True)


class Morphism(Protocol[In, Out]):
    """An arrow In -> Out with a name: accepts anything narrower, returns something wider-safe."""

    @property
    def name(self) -> str:
        """What the arrow is called in traces and error messages."""
        ...

    def apply(self, value: In, /) -> Out:
        """Send one input along the arrow."""
        ...


@dataclass(frozen=True)
class Identity(Generic[T]):
    """The arrow T -> T that changes nothing: the unit of composition."""

    name: str = "identity"

    def apply(self, value: T, /) -> T:
        """Return the input untouched."""
        return value


@dataclass(frozen=True)
class Compose(Generic[A, B, C]):
    """`second` after `first`: only exists when first's output type is second's input type, B."""

    first: Morphism[A, B]
    second: Morphism[B, C]

    @property
    def name(self) -> str:
        """Read left to right, the order data flows: `first >> second`."""
        return f"{self.first.name} >> {self.second.name}"

    def apply(self, value: A, /) -> C:
        """Run first, then second."""
        return self.second.apply(self.first.apply(value))


@dataclass(frozen=True)
class FunctionMorphism(Generic[A, B]):
    """A plain typed function given a name, so it can be composed like any other arrow."""

    name: str
    function: Callable[[A], B]

    def apply(self, value: A, /) -> B:
        """Call the wrapped function."""
        return self.function(value)


Endomorphism = Morphism[T, T]
"""An arrow from a type to itself, such as one training step on Parameters."""


@dataclass(frozen=True)
class StepCount:
    """How many times to apply an endomorphism: an int that is never negative."""

    value: int

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, int) or self.value < 0:
            raise InvalidScalarError("StepCount", self.value, "an int >= 0")


def apply_n_times(endomorphism: Endomorphism[T], steps: StepCount, start: T) -> T:
    """Iterate an endomorphism: only an arrow T -> T can be fed its own output."""
    value = start
    for _ in range(steps.value):
        value = endomorphism.apply(value)
    return value
