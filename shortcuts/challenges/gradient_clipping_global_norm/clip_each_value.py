"""Shortcut: clamp every entry to [-threshold, threshold] (value clipping) instead of rescaling by the norm."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from tiny_ml.domain import LearningRate
from tiny_ml.errors import EmptyInputError, InvalidScalarError, ShapeMismatchError

Tensors = tuple[tuple[float, ...], ...]
"""One flat tuple per parameter tensor of the model, in the model's order."""


def _check_tensors(name: str, tensors: Tensors) -> None:
    """Refuse a model with no tensor, an empty tensor or an entry that is not finite."""
    if len(tensors) == 0 or any(len(tensor) == 0 for tensor in tensors):
        raise EmptyInputError(name)
    for tensor in tensors:
        for v in tensor:
            if not math.isfinite(v):
                raise InvalidScalarError(f"every entry of {name}", v, "finite")


@dataclass(frozen=True)
class Weights:
    """theta: every parameter tensor of the model."""

    tensors: Tensors

    def __post_init__(self) -> None:
        _check_tensors("Weights", self.tensors)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(tensor) for tensor in self.tensors)


@dataclass(frozen=True)
class Gradients:
    """dE/dtheta as backpropagation returns it: one tensor per weight tensor, not yet clipped."""

    tensors: Tensors

    def __post_init__(self) -> None:
        _check_tensors("Gradients", self.tensors)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(tensor) for tensor in self.tensors)


@dataclass(frozen=True)
class MaxNorm:
    """Algorithm 1's threshold: the largest gradient norm a step may use; finite and > 0."""

    value: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.value) and self.value > 0.0):
            raise InvalidScalarError("MaxNorm", self.value, "finite and > 0")


@dataclass(frozen=True)
class ClippedGradients:
    """Gradients whose global norm is at most max_norm: the only gradients an update accepts."""

    gradients: Gradients
    max_norm: MaxNorm

    def __post_init__(self) -> None:
        norm = global_norm(self.gradients)
        if norm > self.max_norm.value * (1.0 + 1e-9):
            raise InvalidScalarError(
                "the global norm of ClippedGradients", norm, f"<= {self.max_norm.value}"
            )


def global_norm(gradients: Gradients) -> float:
    """||g||: the Euclidean norm of all entries of all tensors, as if they were one flat vector."""
    return math.sqrt(math.fsum(g * g for tensor in gradients.tensors for g in tensor))


def clip(gradients: Gradients, max_norm: MaxNorm) -> ClippedGradients:
    """Algorithm 1: if ||g|| >= threshold, then g <- (threshold / ||g||) g.

    One factor for every tensor, so the whole step keeps its direction; a gradient already
    inside the bound passes unchanged, and a zero gradient stays zero.
    """
    bound = max_norm.value
    clamped = tuple(
        tuple(min(bound, max(-bound, g)) for g in tensor) for tensor in gradients.tensors
    )
    return ClippedGradients(Gradients(clamped), max_norm)


def sgd_step(weights: Weights, gradients: ClippedGradients, rate: LearningRate) -> Weights:
    """theta - rate * g, tensor by tensor: the update only ever sees clipped gradients."""
    raw = gradients.gradients
    if raw.shape != weights.shape:
        raise ShapeMismatchError("sgd_step gradients", weights.shape, raw.shape)
    return Weights(
        tuple(
            tuple(w - rate.value * g for w, g in zip(weight, gradient, strict=True))
            for weight, gradient in zip(weights.tensors, raw.tensors, strict=True)
        )
    )


@dataclass(frozen=True)
class ClippedSGD:
    """Weights -> Weights: the gradient at the current weights, clipped by Algorithm 1, one step."""

    gradient_of: Callable[[Weights], Gradients]
    max_norm: MaxNorm
    rate: LearningRate
    name: str = "clipped_sgd"

    def apply(self, weights: Weights, /) -> Weights:
        """One training step; however large the gradient, the weights move at most rate * max_norm."""
        gradients = self.gradient_of(weights)
        return sgd_step(weights, clip(gradients, self.max_norm), self.rate)


# --- checks: do not edit below this line ---

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tiny_ml.category import Endomorphism, StepCount, apply_n_times  # noqa: E402


def _flat(tensors: Tensors) -> list[float]:
    return [v for tensor in tensors for v in tensor]


def test_the_global_norm_takes_every_tensor_together() -> None:
    # sqrt(3^2 + 4^2) = 5 and sqrt(1^2 + 2^2 + 2^2) = 3
    assert global_norm(Gradients(((3.0,), (4.0,)))) == pytest.approx(5.0, rel=1e-12), (
        "the global norm of ((3,), (4,)) is sqrt(9 + 16) = 5, over both tensors at once"
    )
    assert global_norm(Gradients(((1.0, 2.0), (2.0,)))) == pytest.approx(3.0, rel=1e-12)


def test_three_four_clipped_to_norm_one_is_six_tenths_and_eight_tenths() -> None:
    # norm 5 > 1: one factor 1 / 5 gives (0.6, 0.8); clipping each tensor alone would give (1, 1)
    clipped = clip(Gradients(((3.0,), (4.0,))), MaxNorm(1.0))
    assert _flat(clipped.gradients.tensors) == pytest.approx([0.6, 0.8], abs=1e-12), (
        f"Algorithm 1 scales (3, 4) by 1 / 5 to (0.6, 0.8), got {clipped.gradients.tensors}"
    )
    assert global_norm(clipped.gradients) == pytest.approx(1.0, abs=1e-12)
    assert clipped.max_norm == MaxNorm(1.0), "the clipped gradients carry the bound they obey"


def test_one_factor_scales_every_tensor() -> None:
    # ((1, 2), (2,)) has norm 3 > 2: the factor 2 / 3 gives ((2/3, 4/3), (4/3,))
    clipped = clip(Gradients(((1.0, 2.0), (2.0,))), MaxNorm(2.0))
    assert clipped.gradients.shape == (2, 1), "clipping keeps the shape of every tensor"
    assert _flat(clipped.gradients.tensors) == pytest.approx([2 / 3, 4 / 3, 4 / 3], abs=1e-12), (
        "every tensor is scaled by the same 2 / 3, got " + str(clipped.gradients.tensors)
    )


def test_a_gradient_inside_the_bound_is_unchanged() -> None:
    gradients = Gradients(((3.0,), (4.0,)))
    assert clip(gradients, MaxNorm(10.0)).gradients == gradients, (
        "a gradient of norm 5 is inside a bound of 10: Algorithm 1 leaves it as it is"
    )
    at_the_bound = clip(gradients, MaxNorm(5.0)).gradients
    assert _flat(at_the_bound.tensors) == pytest.approx([3.0, 4.0], abs=1e-12)


def test_a_zero_gradient_stays_zero() -> None:
    zero = Gradients(((0.0, 0.0), (0.0,)))
    assert clip(zero, MaxNorm(1.0)).gradients == zero, "norm 0 is inside every bound"


_TENSOR = st.lists(st.floats(-100.0, 100.0), min_size=1, max_size=4)


@settings(max_examples=100, derandomize=True, database=None, deadline=None)
@given(st.lists(_TENSOR, min_size=1, max_size=3), st.floats(0.1, 50.0))
def test_clipping_bounds_the_length_and_keeps_the_direction(
    tensors: list[list[float]], bound: float
) -> None:
    gradients = Gradients(tuple(tuple(t) for t in tensors))
    norm = math.sqrt(math.fsum(v * v for v in _flat(gradients.tensors)))
    clipped = clip(gradients, MaxNorm(bound)).gradients
    factor = 1.0 if norm <= bound else bound / norm
    expected = [factor * v for v in _flat(gradients.tensors)]
    assert _flat(clipped.tensors) == pytest.approx(expected, rel=1e-9, abs=1e-12), (
        f"a gradient of norm {norm} under the bound {bound} must be scaled as a whole by {factor}"
    )


def test_clipped_sgd_moves_the_weights_at_most_rate_times_max_norm() -> None:
    # the gradient ((30,), (40,)) has norm 50 > 1, so it becomes (0.6, 0.8); lr 0.1 moves the
    # weights from (0, 0) to (-0.06, -0.08), not to the unclipped (-3, -4)
    step: Endomorphism[Weights] = ClippedSGD(
        lambda _: Gradients(((30.0,), (40.0,))), MaxNorm(1.0), LearningRate(0.1)
    )
    once = step.apply(Weights(((0.0,), (0.0,))))
    assert _flat(once.tensors) == pytest.approx([-0.06, -0.08], abs=1e-12), (
        f"one clipped step of lr 0.1 moves (0, 0) to (-0.06, -0.08), got {once.tensors}"
    )
    thrice = apply_n_times(step, StepCount(3), Weights(((0.0,), (0.0,))))
    assert _flat(thrice.tensors) == pytest.approx([-0.18, -0.24], abs=1e-12)


def test_max_norm_must_be_finite_and_positive() -> None:
    for bad in (0.0, -1.0, math.inf, math.nan):
        with pytest.raises(InvalidScalarError):
            MaxNorm(bad)


def test_clipped_gradients_refuse_a_norm_above_their_bound() -> None:
    with pytest.raises(InvalidScalarError):
        ClippedGradients(Gradients(((3.0,), (4.0,))), MaxNorm(1.0))


def _must_stay_rejected(
    weights: Weights, raw: Gradients, clipped: ClippedGradients, rate: LearningRate
) -> None:
    sgd_step(weights, raw, rate)  # type: ignore[arg-type]
    sgd_step(weights, clipped, 0.1)  # type: ignore[arg-type]
    clip(raw, 1.0)  # type: ignore[arg-type]
    _unclipped: Gradients = clip(raw, MaxNorm(1.0))  # type: ignore[assignment]
