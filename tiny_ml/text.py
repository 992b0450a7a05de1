"""Where the pipeline starts: a sentence, a vocabulary built from a corpus, and token ids."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Final, assert_never

from tiny_ml.domain import TokenId, TokenSequence, VocabSize
from tiny_ml.errors import (
    EmptyInputError,
    InvalidVocabularyError,
    OutOfRangeError,
    UnknownWordError,
)

UNKNOWN_WORD: Final = "<unk>"
"""The reserved word that stands for every unknown word, always at id 0 when it is used."""


@dataclass(frozen=True)
class Text:
    """A sentence with at least one word: an empty or all-blank string is not a Text."""

    content: str

    def __post_init__(self) -> None:
        if not self.content.split():
            raise EmptyInputError("Text")

    def words(self) -> tuple[str, ...]:
        """The words in reading order, split on whitespace: never empty."""
        return tuple(self.content.split())


class UnknownWordPolicy(Enum):
    """What encoding does with a word the vocabulary lacks: chosen once, never implicit."""

    REJECT = "reject"
    MAP_TO_UNKNOWN = "map_to_unknown"


def _index_words(words: tuple[str, ...], policy: UnknownWordPolicy) -> Mapping[str, TokenId]:
    """Check a word list against the vocabulary's rules and index it by word."""
    if len(words) == 0:
        raise EmptyInputError("Vocabulary")
    index: dict[str, TokenId] = {}
    for position, word in enumerate(words):
        if word.split() != [word]:
            raise InvalidVocabularyError(f"{word!r} is not a single word without whitespace")
        if word in index:
            raise InvalidVocabularyError(f"the word {word!r} appears twice")
        index[word] = TokenId(position)
    reserved = index.get(UNKNOWN_WORD)
    match policy:
        case UnknownWordPolicy.REJECT:
            if reserved is not None:
                raise InvalidVocabularyError(
                    f"{UNKNOWN_WORD!r} is reserved for UnknownWordPolicy.MAP_TO_UNKNOWN"
                )
        case UnknownWordPolicy.MAP_TO_UNKNOWN:
            if reserved != TokenId(0):
                raise InvalidVocabularyError(
                    f"UnknownWordPolicy.MAP_TO_UNKNOWN needs {UNKNOWN_WORD!r} at id 0"
                )
        case _:
            assert_never(policy)
    return MappingProxyType(index)


@dataclass(frozen=True)
class Vocabulary:
    """Words <-> token ids: unique single words, id = position, an explicit unknown-word policy."""

    words: tuple[str, ...]
    policy: UnknownWordPolicy
    _ids: Mapping[str, TokenId] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        words = tuple(self.words)
        object.__setattr__(self, "words", words)
        object.__setattr__(self, "_ids", _index_words(words, self.policy))

    @classmethod
    def from_corpus(cls, corpus: Iterable[Text], *, policy: UnknownWordPolicy) -> Vocabulary:
        """Each distinct corpus word in first-seen order, after `<unk>` if unknowns map to it."""
        seen: dict[str, None] = {}
        if policy is UnknownWordPolicy.MAP_TO_UNKNOWN:
            seen[UNKNOWN_WORD] = None
        corpus_words = [word for text in corpus for word in text.words()]
        if len(corpus_words) == 0:
            raise EmptyInputError("a vocabulary's corpus")
        seen.update(dict.fromkeys(corpus_words))
        return cls(tuple(seen), policy)

    @property
    def size(self) -> VocabSize:
        """How many ids the vocabulary hands out, `<unk>` included: the model's VocabSize."""
        return VocabSize(len(self.words))

    @property
    def unknown(self) -> TokenId | None:
        """The id unknown words map to, or None when the policy rejects them."""
        return self._ids.get(UNKNOWN_WORD)

    def lookup(self, word: str) -> TokenId | None:
        """The id of a known word, or None: the policy is not consulted, the caller decides."""
        return self._ids.get(word)

    def encode_word(self, word: str) -> TokenId:
        """One word's id; an unknown word is rejected or mapped to `<unk>`, as the policy says."""
        token = self.lookup(word)
        if token is not None:
            return token
        match self.policy:
            case UnknownWordPolicy.REJECT:
                raise UnknownWordError(word)
            case UnknownWordPolicy.MAP_TO_UNKNOWN:
                return TokenId(0)
            case _:
                assert_never(self.policy)

    def word_of(self, token: TokenId) -> str:
        """The word behind an id; an id past the vocabulary is an error, not a blank."""
        if token.index >= len(self.words):
            raise OutOfRangeError("token id", token.index, len(self.words))
        return self.words[token.index]

    def encode(self, text: Text) -> TokenSequence:
        """Text -> TokenSequence, word by word: never empty, because a Text never is."""
        return TokenSequence(tuple(self.encode_word(word) for word in text.words()))

    def decode(self, sequence: TokenSequence) -> Text:
        """TokenSequence -> Text, words joined by single spaces; every id must be in range."""
        return Text(" ".join(self.word_of(token) for token in sequence))


@dataclass(frozen=True)
class Tokenize:
    """Text -> TokenSequence through one vocabulary: the first arrow of the pipeline."""

    vocabulary: Vocabulary
    name: str = "tokenize"

    def apply(self, text: Text, /) -> TokenSequence:
        """Encode the text with the vocabulary's unknown-word policy."""
        return self.vocabulary.encode(text)


@dataclass(frozen=True)
class Detokenize:
    """TokenSequence -> Text through one vocabulary: undoes Tokenize on known words."""

    vocabulary: Vocabulary
    name: str = "detokenize"

    def apply(self, sequence: TokenSequence, /) -> Text:
        """Decode the ids back into words."""
        return self.vocabulary.decode(sequence)
