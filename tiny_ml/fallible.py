"""Fallible arrows A -> Result[B, TinyMLError], and composition that stops at the first error.

This is the book's `Morphism` whose `apply` returns `CtResult<Output>`, and its `?`: `then`
runs the second arrow only on the first arrow's success and otherwise hands the error on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from tiny_ml.category import Morphism
from tiny_ml.errors import TinyMLError
from tiny_ml.result import Err, Ok, Result

A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")
D = TypeVar("D")
T = TypeVar("T")
In = TypeVar("In", contravariant=True)
Out = TypeVar("Out", covariant=True)


class FallibleMorphism(Protocol[In, Out]):
    """An arrow In -> Result[Out, TinyMLError]: a refusal is a returned value, not an exception."""

    @property
    def name(self) -> str:
        """What the arrow is called in traces and error reports."""
        ...

    def apply(self, value: In, /) -> Result[Out, TinyMLError]:
        """Send one input along the arrow: Ok with the output, or Err with the reason."""
        ...


@dataclass(frozen=True)
class FallibleCompose(Generic[A, B, C]):
    """`second` after `first`, fallibly: an Err from `first` skips `second` and comes out as is."""

    first: FallibleMorphism[A, B]
    second: FallibleMorphism[B, C]

    @property
    def name(self) -> str:
        """Read left to right, the order data flows: `first >> second`."""
        return f"{self.first.name} >> {self.second.name}"

    def apply(self, value: A, /) -> Result[C, TinyMLError]:
        """Run first; on Ok run second on its value, on Err stop there."""
        match self.first.apply(value):
            case Ok(middle):
                return self.second.apply(middle)
            case Err() as failure:
                return failure

    def __rshift__(self, after: FallibleMorphism[C, D]) -> FallibleCompose[A, C, D]:
        """`pipeline >> stage`: extend a composed pipeline by one more fallible arrow."""
        return FallibleCompose(self, after)


def then(first: FallibleMorphism[A, B], second: FallibleMorphism[B, C]) -> FallibleCompose[A, B, C]:
    """Compose two fallible arrows whose middle types agree; `>>` continues the chain."""
    return FallibleCompose(first, second)


@dataclass(frozen=True)
class FallibleIdentity(Generic[T]):
    """The fallible arrow T -> T that always succeeds: the unit of `then`."""

    name: str = "identity"

    def apply(self, value: T, /) -> Result[T, TinyMLError]:
        """Ok with the input untouched."""
        return Ok(value)


@dataclass(frozen=True)
class Caught(Generic[A, B]):
    """A raising arrow seen as a fallible one: a TinyMLError it raises becomes an Err."""

    morphism: Morphism[A, B]

    @property
    def name(self) -> str:
        """The wrapped arrow's name: catching changes how failure travels, not what runs."""
        return self.morphism.name

    def apply(self, value: A, /) -> Result[B, TinyMLError]:
        """Ok with the arrow's output, or Err with the TinyMLError it raised."""
        try:
            return Ok(self.morphism.apply(value))
        except TinyMLError as error:
            return Err(error)
