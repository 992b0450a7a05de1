"""residual_is_a_product: adding the skip takes two hidden states, so it is no endomorphism.

A residual connection computes x + sublayer(x): the sublayer's update is added to the very input
it was computed from. The adding stage therefore reads two Hidden values, the skip and the
update, and returns one: Hidden x Hidden -> Hidden, a product in, not a Hidden -> Hidden step.
Only the whole wrapper, input to input plus update, is an arrow from Hidden to Hidden that blocks
can chain and iterate.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiny_ml.attention import Hidden, ResidualAdd
from tiny_ml.category import Endomorphism
from tiny_ml.domain import Product


@dataclass(frozen=True)
class Residual:
    """Hidden -> Hidden: x + sublayer(x), the sublayer's update added to its own input."""

    sublayer: Endomorphism[Hidden]
    name: str = "residual"

    def apply(self, hidden: Hidden, /) -> Hidden:
        """Run the sublayer, then add its output to the input it read."""
        add: Endomorphism[Hidden] = ResidualAdd()
        return add.apply(self.sublayer.apply(hidden))


# --- checks: do not edit below this line ---

import pytest  # noqa: E402

from tiny_ml.category import FunctionMorphism, StepCount, apply_n_times  # noqa: E402
from tiny_ml.errors import ShapeMismatchError  # noqa: E402


def _double(hidden: Hidden) -> Hidden:
    return Hidden(tuple(tuple(2.0 * v for v in row) for row in hidden.rows))


def _zero(hidden: Hidden) -> Hidden:
    return Hidden(tuple(tuple(0.0 for _ in row) for row in hidden.rows))


def _shift(hidden: Hidden) -> Hidden:
    return Hidden(tuple(tuple(v + 1.0 for v in row) for row in hidden.rows))


def _first_row(hidden: Hidden) -> Hidden:
    return Hidden(hidden.rows[:1])


DOUBLE = FunctionMorphism("double", _double)
ZERO = FunctionMorphism("zero", _zero)
HIDDEN = Hidden(((1.0, 2.0), (3.0, -1.0)))


def test_residual_adds_the_update_to_its_input() -> None:
    got = Residual(DOUBLE).apply(HIDDEN).rows
    # x + 2x = 3x
    assert got == ((3.0, 6.0), (9.0, -3.0)), f"got {got}: x + double(x) is 3x"


def test_a_zero_update_leaves_the_input() -> None:
    assert Residual(ZERO).apply(HIDDEN).rows == HIDDEN.rows, "x + 0 is x"


def test_residual_of_a_shift() -> None:
    got = Residual(FunctionMorphism("shift", _shift)).apply(HIDDEN).rows
    # x + (x + 1) = 2x + 1
    assert got == ((3.0, 5.0), (7.0, -1.0)), f"got {got}: x + shift(x) is 2x + 1"


def test_the_adding_stage_refuses_an_update_of_another_shape() -> None:
    with pytest.raises(ShapeMismatchError):
        Residual(FunctionMorphism("first_row", _first_row)).apply(HIDDEN)


def test_the_wrapper_iterates() -> None:
    got = apply_n_times(Residual(DOUBLE), StepCount(2), HIDDEN).rows
    # 3 (3x) = 9x
    assert got == ((9.0, 18.0), (27.0, -9.0)), f"got {got}: two residual steps give 9x"


def _is_an_endomorphism() -> None:
    _step: Endomorphism[Hidden] = Residual(DOUBLE)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    _add: Endomorphism[Hidden] = ResidualAdd()  # type: ignore[assignment]
    Residual(ResidualAdd())  # type: ignore[arg-type]
    Residual(DOUBLE).apply(Product(HIDDEN, HIDDEN))  # type: ignore[arg-type]
