"""Failure as a value: `Result[T, E]` is `Ok[T] | Err[E]`, so a caller must look before using it.

The raising API says "this may fail" only in prose; a Result says it in the return type, and
`match` with `assert_never` makes mypy check that both cases are handled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

Value = TypeVar("Value", covariant=True)
Error = TypeVar("Error", covariant=True)
T = TypeVar("T")
U = TypeVar("U")
E = TypeVar("E")


@dataclass(frozen=True)
class Ok(Generic[Value]):
    """The arrow succeeded and produced `value`."""

    value: Value


@dataclass(frozen=True)
class Err(Generic[Error]):
    """The arrow refused its input and says why in `error`; nothing downstream runs."""

    error: Error


Result = Ok[T] | Err[E]
"""Either a value or a typed error: the return type of a fallible arrow (Rust's Result<T, E>)."""


def map_result(function: Callable[[T], U], result: Result[T, E]) -> Result[U, E]:
    """The Result functor: transform a success, pass an error through untouched."""
    match result:
        case Ok(value):
            return Ok(function(value))
        case Err():
            return result


def unwrap(result: Result[T, BaseException]) -> T:
    """Back to the raising world: the value, or the error raised as the exception it is."""
    match result:
        case Ok(value):
            return value
        case Err(error):
            raise error
