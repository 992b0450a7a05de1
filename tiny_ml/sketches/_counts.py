"""The one check every sketch's quantities share: a whole count, never a bool."""

from __future__ import annotations

from tiny_ml.errors import InvalidScalarError


def require_count(name: str, value: int, *, minimum: int = 0) -> None:
    """Refuse anything but an int of at least `minimum` (a bool is not a count)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidScalarError(name, value, f"an int >= {minimum}")
