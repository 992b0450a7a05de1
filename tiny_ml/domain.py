"""The nouns of the pipeline: each is its own type and validates itself: no invalid value exists."""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, overload

from typing_extensions import TypeVar

from tiny_ml.errors import (
    EmptyInputError,
    InvalidLearningRateError,
    InvalidLossError,
    InvalidProbabilityError,
    InvalidScalarError,
    OutOfRangeError,
    ShapeMismatchError,
    UnknownOutcomeError,
)

A = TypeVar("A")
B = TypeVar("B")

PROBABILITY_TOLERANCE = 1e-4
"""How far a distribution's sum may drift from 1 through floating-point rounding."""


def _finite_floats(name: str, values: Sequence[float]) -> tuple[float, ...]:
    """Copy values into a tuple, refusing an empty or non-finite input."""
    if len(values) == 0:
        raise EmptyInputError(name)
    copied = tuple(float(v) for v in values)
    for v in copied:
        if not math.isfinite(v):
            raise InvalidScalarError(f"every entry of {name}", v, "finite")
    return copied


def _probabilities(values: Sequence[float]) -> tuple[float, ...]:
    """Copy values into a tuple, refusing anything that is not a probability vector."""
    if len(values) == 0:
        raise InvalidProbabilityError("it is empty")
    copied = tuple(float(p) for p in values)
    for p in copied:
        if not math.isfinite(p):
            raise InvalidProbabilityError(f"{p} is not finite")
        if p < 0.0:
            raise InvalidProbabilityError(f"{p} is negative")
    total = math.fsum(copied)
    if abs(total - 1.0) > PROBABILITY_TOLERANCE:
        raise InvalidProbabilityError(f"the probabilities sum to {total}, not 1")
    return copied


def _positive_int(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidScalarError(name, value, "a positive int")
    return value


@dataclass(frozen=True, order=True)
class TokenId:
    """A position in a vocabulary: never a raw int, never negative."""

    index: int

    def __post_init__(self) -> None:
        if isinstance(self.index, bool) or not isinstance(self.index, int) or self.index < 0:
            raise InvalidScalarError("TokenId.index", self.index, "an int >= 0")


@dataclass(frozen=True)
class TokenSequence:
    """A non-empty run of token ids: the shape text takes once it is encoded."""

    tokens: tuple[TokenId, ...]

    def __post_init__(self) -> None:
        if len(self.tokens) == 0:
            raise EmptyInputError("TokenSequence")

    @classmethod
    def of(cls, indices: Sequence[int]) -> TokenSequence:
        """Build a sequence from raw indices, validating each one as a TokenId."""
        return cls(tuple(TokenId(i) for i in indices))

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self) -> Iterator[TokenId]:
        return iter(self.tokens)

    @overload
    def __getitem__(self, position: int) -> TokenId: ...
    @overload
    def __getitem__(self, position: slice) -> tuple[TokenId, ...]: ...
    def __getitem__(self, position: int | slice) -> TokenId | tuple[TokenId, ...]:
        return self.tokens[position]


@dataclass(frozen=True)
class Vector:
    """A finite, non-empty hidden vector: the embedding space, not logits, not probabilities."""

    values: tuple[float, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _finite_floats("Vector", self.values))

    def __len__(self) -> int:
        return len(self.values)


@dataclass(frozen=True)
class Logits:
    """Unnormalised scores over a vocabulary: any finite reals, not yet a distribution."""

    values: tuple[float, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _finite_floats("Logits", self.values))

    def __len__(self) -> int:
        return len(self.values)


Outcome = TypeVar("Outcome", bound=Hashable, default=TokenId)
Image = TypeVar("Image", bound=Hashable)


@functools.cache
def _token_outcomes(size: int) -> tuple[TokenId, ...]:
    """The ids 0..size-1: the outcomes of a distribution over a vocabulary, shared per size."""
    return tuple(TokenId(index) for index in range(size))


@dataclass(frozen=True, init=False)
class Distribution(Generic[Outcome]):
    """Probabilities over distinct outcomes: non-empty, finite, >= 0, summing to 1 (within 1e-4).

    Given only probabilities, the outcomes are the token ids 0..n-1 (a distribution over a
    vocabulary, and what a bare `Distribution` annotation means); given outcomes too, any
    hashable values, such as words. `map` pushes the mass forward along a function.
    """

    probabilities: tuple[float, ...]
    outcomes: tuple[Outcome, ...]

    @overload
    def __init__(self: Distribution[TokenId], probabilities: Sequence[float]) -> None: ...
    @overload
    def __init__(self, probabilities: Sequence[float], outcomes: Sequence[Outcome]) -> None: ...
    def __init__(
        self, probabilities: Sequence[float], outcomes: Sequence[Outcome] | None = None
    ) -> None:
        copied = _probabilities(probabilities)
        object.__setattr__(self, "probabilities", copied)
        if outcomes is None:
            object.__setattr__(self, "outcomes", _token_outcomes(len(copied)))
            return
        named = tuple(outcomes)
        if len(named) != len(copied):
            raise ShapeMismatchError("Distribution outcomes", (len(copied),), (len(named),))
        if len(set(named)) != len(named):
            raise InvalidProbabilityError("an outcome is listed twice")
        object.__setattr__(self, "outcomes", named)

    def __len__(self) -> int:
        return len(self.probabilities)

    def probability_of(self, outcome: Outcome) -> float:
        """The probability of one outcome; one outside the distribution is an error, not 0."""
        if isinstance(outcome, TokenId) and self.outcomes is _token_outcomes(len(self)):
            if outcome.index >= len(self.probabilities):
                raise OutOfRangeError("token id", outcome.index, len(self.probabilities))
            return self.probabilities[outcome.index]
        for candidate, probability in zip(self.outcomes, self.probabilities, strict=True):
            if candidate == outcome:
                return probability
        if isinstance(outcome, TokenId) and self.outcomes == _token_outcomes(len(self)):
            raise OutOfRangeError("token id", outcome.index, len(self.probabilities))
        raise UnknownOutcomeError(outcome)

    def map(self, function: Callable[[Outcome], Image]) -> Distribution[Image]:
        """The pushforward: each outcome's mass moves to its image; images that meet add up.

        Images keep the order in which they are first reached, so mapping twice and mapping
        the composite list the same outcomes; masses are summed exactly with math.fsum.
        """
        masses: dict[Image, list[float]] = {}
        for outcome, probability in zip(self.outcomes, self.probabilities, strict=True):
            masses.setdefault(function(outcome), []).append(probability)
        return Distribution(tuple(math.fsum(mass) for mass in masses.values()), tuple(masses))


@dataclass(frozen=True, order=True)
class Loss:
    """A training loss: finite and never negative."""

    value: float

    def __post_init__(self) -> None:
        if not math.isfinite(self.value) or self.value < 0.0:
            raise InvalidLossError(self.value)


@dataclass(frozen=True)
class VocabSize:
    """How many tokens a vocabulary holds (> 0); not interchangeable with ModelDimension."""

    value: int

    def __post_init__(self) -> None:
        _positive_int("VocabSize", self.value)


@dataclass(frozen=True)
class ModelDimension:
    """The width of hidden vectors (> 0); not interchangeable with VocabSize."""

    value: int

    def __post_init__(self) -> None:
        _positive_int("ModelDimension", self.value)


@dataclass(frozen=True)
class LearningRate:
    """The step size of gradient descent: finite and strictly positive."""

    value: float

    def __post_init__(self) -> None:
        if not math.isfinite(self.value) or self.value <= 0.0:
            raise InvalidLearningRateError(self.value)


@dataclass(frozen=True)
class Product(Generic[A, B]):
    """The categorical product A x B: both parts, in a fixed order."""

    first: A
    second: B


@dataclass(frozen=True)
class TrainingExample:
    """One next-token pair: the model sees `context` and should predict `target`."""

    context: TokenId
    target: TokenId

    def as_product(self) -> Product[TokenId, TokenId]:
        """The same pair seen as a product of two token ids."""
        return Product(self.context, self.target)


@dataclass(frozen=True)
class TrainingSet:
    """A non-empty collection of training examples."""

    examples: tuple[TrainingExample, ...]

    def __post_init__(self) -> None:
        if len(self.examples) == 0:
            raise EmptyInputError("TrainingSet")

    def __len__(self) -> int:
        return len(self.examples)

    def __iter__(self) -> Iterator[TrainingExample]:
        return iter(self.examples)


Matrix = tuple[tuple[float, ...], ...]
"""Rows of floats; every constructor that takes one checks its shape."""


def check_matrix(name: str, rows: Matrix, n_rows: int, n_cols: int) -> None:
    """Refuse a matrix whose shape is not (n_rows, n_cols) or whose entries are not finite."""
    shape = (len(rows), len(rows[0]) if rows else 0)
    if len(rows) != n_rows or any(len(row) != n_cols for row in rows):
        raise ShapeMismatchError(name, (n_rows, n_cols), shape)
    for row in rows:
        for v in row:
            if not math.isfinite(v):
                raise InvalidScalarError(f"every entry of {name}", v, "finite")


@dataclass(frozen=True)
class Parameters:
    """The model: embedding (V x d), lm head (d x V) and bias (V), shapes checked when built."""

    vocab_size: VocabSize
    model_dimension: ModelDimension
    embedding: Matrix
    lm_head: Matrix
    bias: tuple[float, ...]

    def __post_init__(self) -> None:
        v, d = self.vocab_size.value, self.model_dimension.value
        check_matrix("Parameters.embedding", self.embedding, v, d)
        check_matrix("Parameters.lm_head", self.lm_head, d, v)
        check_matrix("Parameters.bias", (self.bias,), 1, v)

    @classmethod
    def initial(
        cls, *, vocab_size: VocabSize, model_dimension: ModelDimension, seed: int = 0
    ) -> Parameters:
        """Small deterministic weights: the same seed always gives the same model."""
        rng = random.Random(seed)
        v, d = vocab_size.value, model_dimension.value
        scale = 1.0 / math.sqrt(d)
        embedding = tuple(tuple(rng.uniform(-scale, scale) for _ in range(d)) for _ in range(v))
        lm_head = tuple(tuple(rng.uniform(-scale, scale) for _ in range(v)) for _ in range(d))
        return cls(vocab_size, model_dimension, embedding, lm_head, tuple(0.0 for _ in range(v)))

    def embedding_row(self, token: TokenId) -> Vector:
        """The hidden vector of one token; an id past the vocabulary is an error."""
        if token.index >= self.vocab_size.value:
            raise OutOfRangeError("token id", token.index, self.vocab_size.value)
        return Vector(self.embedding[token.index])
