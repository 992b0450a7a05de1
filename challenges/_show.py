"""What the runnable examples share: print a typed value as its types, and stop politely."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable


def show(value: object) -> str:
    """A value as the types that hold it, `Type(field=...)`, floats to six significant digits."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ", ".join(
            f"{field.name}={show(getattr(value, field.name))}"
            for field in dataclasses.fields(value)
            if field.repr
        )
        return f"{type(value).__name__}({fields})"
    if isinstance(value, float):
        text = f"{value:.6g}"
        return text if any(c in text for c in ".ein") else f"{text}.0"
    if isinstance(value, tuple):
        inner = ", ".join(show(item) for item in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return repr(value)


def run_example(name: str, example: Callable[[], None]) -> int:
    """Run one example on the learner's current file; an error is reported, not a traceback.

    The file may still be broken (that is the point of the track), so any exception the example
    meets is shown in one line with the command that explains it.
    """
    try:
        example()
    except Exception as error:  # the learner's code may raise anything while it is broken
        print(f"\nthe example stopped: {type(error).__name__}: {error}")
        print(f"see why with: typed-ai-rustlings run {name} --track challenges")
        return 1
    return 0


def main_of(name: str, example: Callable[[], None]) -> None:
    """Entry point for `python -m challenges.<name>`: exit 0 when the example ran through."""
    sys.exit(run_example(name, example))
