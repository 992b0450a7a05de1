"""embedding_out_of_range: a token's row exists only for a token the vocabulary has.

The embedding table has one row of d floats per vocabulary entry, and a token's hidden vector is
the row at its position. A TokenId is not itself a position in a tuple, and a TokenId cannot be
negative, but nothing in its type bounds it above: token 7 in a 5-token vocabulary has no row.
Python's own IndexError would say nothing about tokens, and a clamped or wrapped-around index would
quietly train the model on another token's row. The lookup refuses such an id with tiny_ml's
OutOfRangeError, naming the kind "token id", the index, and the vocabulary size as the limit.
"""

from __future__ import annotations

from tiny_ml.domain import Parameters, TokenId, Vector


def lookup_row(parameters: Parameters, token: TokenId) -> Vector:
    """TokenId -> Vector: the token's row of the embedding table."""
    return Vector(parameters.embedding[token])


# --- checks: do not edit below this line ---

import pytest  # noqa: E402

from tiny_ml.domain import ModelDimension, VocabSize  # noqa: E402
from tiny_ml.errors import OutOfRangeError  # noqa: E402, F811

FIVE_TOKENS = Parameters(
    vocab_size=VocabSize(5),
    model_dimension=ModelDimension(2),
    embedding=((0.0, 0.5), (1.0, 1.5), (2.0, 2.5), (3.0, 3.5), (4.0, 4.5)),
    lm_head=((0.0,) * 5, (0.0,) * 5),
    bias=(0.0,) * 5,
)


def test_each_token_gets_its_own_row() -> None:
    assert lookup_row(FIVE_TOKENS, TokenId(0)) == Vector((0.0, 0.5))
    assert lookup_row(FIVE_TOKENS, TokenId(3)) == Vector((3.0, 3.5))
    assert lookup_row(FIVE_TOKENS, TokenId(4)) == Vector((4.0, 4.5))


@pytest.mark.parametrize("index", [5, 7, 1000])
def test_an_id_past_the_vocabulary_is_refused(index: int) -> None:
    with pytest.raises(OutOfRangeError) as raised:
        lookup_row(FIVE_TOKENS, TokenId(index))
    error = raised.value
    assert (error.kind, error.index, error.limit) == ("token id", index, 5)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting the marked line
    lookup_row(FIVE_TOKENS, 3)  # type: ignore[arg-type]
