"""The pipeline's fallible path: stages that return a Result where the raising stages would raise.

Each stage checks the one thing that can go wrong at its boundary and returns that refusal as
an Err carrying the same TinyMLError the raising stage would raise, so both paths agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tiny_ml.domain import Distribution, Logits, TokenId, TokenSequence, TrainingSet, Vector
from tiny_ml.errors import (
    EmptyInputError,
    InvalidScalarError,
    OutOfRangeError,
    TinyMLError,
    UnknownWordError,
)
from tiny_ml.ml import DatasetWindowing, Embedding, Softmax
from tiny_ml.result import Err, Ok, Result
from tiny_ml.text import Text, UnknownWordPolicy, Vocabulary


@dataclass(frozen=True)
class FallibleTokenize:
    """Text -> Result[TokenSequence]: a word the vocabulary lacks is an Err under REJECT."""

    vocabulary: Vocabulary
    name: str = "tokenize"

    def apply(self, text: Text, /) -> Result[TokenSequence, TinyMLError]:
        """Encode word by word; the first unknown word (REJECT policy) stops the encoding."""
        tokens: list[TokenId] = []
        for word in text.words():
            token = self.vocabulary.lookup(word)
            if token is None:
                if self.vocabulary.policy is UnknownWordPolicy.REJECT:
                    return Err(UnknownWordError(word))
                token = TokenId(0)
            tokens.append(token)
        return Ok(TokenSequence(tuple(tokens)))


@dataclass(frozen=True)
class FallibleWindowing:
    """TokenSequence -> Result[TrainingSet]: a single token gives no pair, so it is an Err."""

    name: str = "dataset_windowing"

    def apply(self, sequence: TokenSequence, /) -> Result[TrainingSet, TinyMLError]:
        """Windowing when there are at least two tokens; otherwise the reason why not."""
        if len(sequence) < 2:
            return Err(EmptyInputError("a training set (windowing needs at least two tokens)"))
        return Ok(DatasetWindowing().apply(sequence))


@dataclass(frozen=True)
class FallibleEmbedding:
    """TokenId -> Result[Vector]: an id past the embedding table is an Err, not an IndexError."""

    embedding: Embedding
    name: str = "embedding"

    def apply(self, token: TokenId, /) -> Result[Vector, TinyMLError]:
        """The token's row, when the vocabulary has one."""
        size = self.embedding.parameters.vocab_size.value
        if token.index >= size:
            return Err(OutOfRangeError("token id", token.index, size))
        return Ok(self.embedding.apply(token))


@dataclass(frozen=True)
class FallibleSoftmax:
    """Raw scores -> Result[Distribution]: no scores, or a NaN or infinite one, is an Err."""

    name: str = "softmax"

    def apply(self, scores: tuple[float, ...], /) -> Result[Distribution, TinyMLError]:
        """Check the scores can be Logits, then normalise them; exp(inf - inf) never happens."""
        if len(scores) == 0:
            return Err(EmptyInputError("Logits"))
        for score in scores:
            if not math.isfinite(score):
                return Err(InvalidScalarError("every entry of Logits", score, "finite"))
        return Ok(Softmax().apply(Logits(scores)))
