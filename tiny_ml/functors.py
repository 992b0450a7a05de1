"""Functors and natural transformations as typed values, in the book's shape.

Python has no type of type constructors, so, as in the book's Rust trait with its `WrappedA`
and `WrappedB`, a functor names its wrapped types: `Functor[A, B, FA, FB]` maps an arrow
A -> B to an arrow FA -> FB. Each instance's `fmap` is generic in A and B, so one instance
object serves every pair of element types. The laws are checked on concrete instances in the
tests: a law helper would need one functor at several element types at once, a rank-2 type
that Python's annotations cannot state.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from tiny_ml.domain import Distribution

A = TypeVar("A")
B = TypeVar("B")
H = TypeVar("H", bound=Hashable)
K = TypeVar("K", bound=Hashable)
Element = TypeVar("Element", covariant=True)
Image = TypeVar("Image", contravariant=True)
Wrapped = TypeVar("Wrapped", contravariant=True)
Rewrapped = TypeVar("Rewrapped", covariant=True)
Source = TypeVar("Source", contravariant=True)
Target = TypeVar("Target", covariant=True)


class Functor(Protocol[Element, Image, Wrapped, Rewrapped]):
    """Lifts an arrow Element -> Image to Wrapped -> Rewrapped, keeping the wrapper's shape.

    Laws: fmap(id) is id, and fmap(g after f) is fmap(g) after fmap(f).
    """

    @property
    def name(self) -> str:
        """The structure the functor preserves, for traces and messages."""
        ...

    def fmap(self, function: Callable[[Element], Image], wrapped: Wrapped, /) -> Rewrapped:
        """Apply `function` inside the wrapper."""
        ...


class NaturalTransformation(Protocol[Source, Target]):
    """One wrapper to another, the same way at every element type, so it commutes with fmap.

    Naturality: transform(F.fmap(f, x)) == G.fmap(f, transform(x)) for every f and x.
    """

    @property
    def name(self) -> str:
        """What the change of wrapper is called."""
        ...

    def transform(self, wrapped: Source, /) -> Target:
        """Rewrap without looking inside the elements."""
        ...


@dataclass(frozen=True)
class IdentityFunctor:
    """No wrapper at all: fmap is plain application. The source of `PointMass`."""

    name: str = "identity"

    def fmap(self, function: Callable[[A], B], wrapped: A, /) -> B:
        """Apply the function to the bare value."""
        return function(wrapped)


@dataclass(frozen=True)
class TupleFunctor:
    """The sequence functor: every element mapped, length and order kept (the book's Vec)."""

    name: str = "tuple"

    def fmap(self, function: Callable[[A], B], wrapped: tuple[A, ...], /) -> tuple[B, ...]:
        """Map each element in order."""
        return tuple(function(element) for element in wrapped)


@dataclass(frozen=True)
class OptionalFunctor:
    """The optional functor: a present value mapped, None left as None and never passed on."""

    name: str = "optional"

    def fmap(self, function: Callable[[A], B], wrapped: A | None, /) -> B | None:
        """Map a present value; absence stays absence."""
        return None if wrapped is None else function(wrapped)


@dataclass(frozen=True)
class DistributionFunctor:
    """The distribution functor: mass moves to images and merges where images meet."""

    name: str = "distribution"

    def fmap(self, function: Callable[[H], K], wrapped: Distribution[H], /) -> Distribution[K]:
        """Push the distribution forward along the function."""
        return wrapped.map(function)


@dataclass(frozen=True)
class FirstOption:
    """tuple => optional: the first element, None when there is none (the book's example)."""

    name: str = "first_option"

    def transform(self, wrapped: tuple[A, ...], /) -> A | None:
        """The head of the tuple, if any."""
        return wrapped[0] if len(wrapped) > 0 else None


@dataclass(frozen=True)
class OptionToTuple:
    """optional => tuple: a present value as a one-element tuple, None as the empty tuple."""

    name: str = "option_to_tuple"

    def transform(self, wrapped: A | None, /) -> tuple[A, ...]:
        """Zero or one elements."""
        return () if wrapped is None else (wrapped,)


@dataclass(frozen=True)
class PointMass:
    """identity => distribution: a certain value as the distribution with all mass on it."""

    name: str = "point_mass"

    def transform(self, wrapped: H, /) -> Distribution[H]:
        """Probability 1 on the value."""
        return Distribution((1.0,), (wrapped,))
