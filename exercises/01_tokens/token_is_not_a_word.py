"""token_is_not_a_word: a TokenId never equals a str, so comparing them is always False.

Ids and words live on two sides of the vocabulary: `token == "<unk>"` compares an id with a word,
is False for every token, and silently treats every unknown word as known. Under --strict mypy
reports such a comparison as a non-overlapping check. Compare like with like at the TODO: the
vocabulary knows which id unknown words map to (`vocabulary.unknown`), or which word an id is.
"""

from __future__ import annotations

from tiny_ml.domain import TokenId
from tiny_ml.text import UNKNOWN_WORD, Text, UnknownWordPolicy, Vocabulary


def is_unknown(vocabulary: Vocabulary, token: TokenId) -> bool:
    """Whether the token stands for a word the vocabulary did not know."""
    # TODO: an id is compared with a word here.
    return token == UNKNOWN_WORD


def known_fraction(vocabulary: Vocabulary, text: Text) -> float:
    """The share of the text's words the vocabulary knows: a quick check of its coverage."""
    tokens = vocabulary.encode(text)
    known = [token for token in tokens if not is_unknown(vocabulary, token)]
    return len(known) / len(tokens)


# --- checks: do not edit below this line ---

VOCABULARY = Vocabulary.from_corpus(
    [Text("the cat sat on the mat")], policy=UnknownWordPolicy.MAP_TO_UNKNOWN
)


def test_unknown_id_is_unknown() -> None:
    assert is_unknown(VOCABULARY, TokenId(0)), "the id of <unk> must count as unknown"
    assert not is_unknown(VOCABULARY, TokenId(2)), "the id of a corpus word is known"


def test_known_fraction_counts_unknown_words() -> None:
    assert known_fraction(VOCABULARY, Text("the dog sat on a mat")) == 4 / 6


def _must_stay_rejected() -> None:
    _same = TokenId(0) == UNKNOWN_WORD  # expect-type-error[comparison-overlap]
    is_unknown(VOCABULARY, UNKNOWN_WORD)  # expect-type-error[arg-type]
