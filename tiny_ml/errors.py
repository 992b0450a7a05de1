"""One exception family, so a learner can catch every broken boundary of tiny_ml at once."""

from __future__ import annotations


class TinyMLError(Exception):
    """Raised when a value would cross a boundary that tiny_ml forbids."""


class EmptyInputError(TinyMLError):
    """Raised where an empty collection would make a value meaningless."""

    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(f"{what} must not be empty")


class OutOfRangeError(TinyMLError):
    """Raised when an index does not fit the collection it addresses."""

    def __init__(self, kind: str, index: int, limit: int) -> None:
        self.kind = kind
        self.index = index
        self.limit = limit
        super().__init__(f"{kind} {index} is out of range: it must be in 0..{limit - 1}")


class ShapeMismatchError(TinyMLError):
    """Raised when two shapes an operation combines do not agree."""

    def __init__(self, op: str, expected: object, got: object) -> None:
        self.op = op
        self.expected = expected
        self.got = got
        super().__init__(f"{op}: expected shape {expected}, got {got}")


class InvalidProbabilityError(TinyMLError):
    """Raised when numbers cannot be a probability distribution."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"not a probability distribution: {reason}")


class InvalidLossError(TinyMLError):
    """Raised for a loss that is negative or not finite."""

    def __init__(self, value: float) -> None:
        self.value = value
        super().__init__(f"a loss must be finite and >= 0, got {value}")


class InvalidLearningRateError(TinyMLError):
    """Raised for a learning rate that is not finite and strictly positive."""

    def __init__(self, value: float) -> None:
        self.value = value
        super().__init__(f"a learning rate must be finite and > 0, got {value}")


class InvalidScalarError(TinyMLError):
    """Raised for a scalar or quantity outside the range its type promises."""

    def __init__(self, name: str, value: object, requirement: str) -> None:
        self.name = name
        self.value = value
        self.requirement = requirement
        super().__init__(f"{name} must be {requirement}, got {value!r}")


class InvalidIntervalError(TinyMLError):
    """Raised for an interval whose lower end lies above its upper end."""

    def __init__(self, low: float, high: float) -> None:
        self.low = low
        self.high = high
        super().__init__(f"an interval needs low <= high, got [{low}, {high}]")


class UnknownWordError(TinyMLError):
    """Raised when a word the vocabulary was not built from has no id, and the caller refuses
    to map it to the unknown token."""

    def __init__(self, word: str) -> None:
        self.word = word
        super().__init__(f"the word {word!r} is not in the vocabulary")


class InvalidVocabularyError(TinyMLError):
    """Raised for a word list that cannot be a vocabulary (a repeated, blank or reserved word)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"not a vocabulary: {reason}")


class UnknownOutcomeError(TinyMLError):
    """Raised when a distribution is asked about an outcome it does not range over."""

    def __init__(self, outcome: object) -> None:
        self.outcome = outcome
        super().__init__(f"the distribution has no outcome {outcome!r}")
