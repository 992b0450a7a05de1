"""The sizes attention talks about, each its own type: a head count never stands in for a width."""

from __future__ import annotations

from dataclasses import dataclass

from tiny_ml.errors import InvalidScalarError


def _require_positive_int(name: str, value: int) -> None:
    """Refuse anything but a strictly positive int (a bool is not a size)."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidScalarError(name, value, "a positive int")


@dataclass(frozen=True)
class SequenceLength:
    """How many positions a sequence holds (> 0); not a head count, not a width."""

    value: int

    def __post_init__(self) -> None:
        _require_positive_int("SequenceLength", self.value)


@dataclass(frozen=True)
class HeadCount:
    """How many attention heads run side by side (> 0); not a width."""

    value: int

    def __post_init__(self) -> None:
        _require_positive_int("HeadCount", self.value)


@dataclass(frozen=True)
class HeadDimension:
    """The width of one head's queries, keys and values (> 0); scores are divided by its root."""

    value: int

    def __post_init__(self) -> None:
        _require_positive_int("HeadDimension", self.value)


@dataclass(frozen=True)
class FeedForwardWidth:
    """The width of the feed-forward layer's inner (ReLU) rows (> 0)."""

    value: int

    def __post_init__(self) -> None:
        _require_positive_int("FeedForwardWidth", self.value)
