"""embedding_out_of_range: a token id past the vocabulary is an error, not another token's row.

The embedding table has one row per vocabulary entry; token 7 in a 5-token vocabulary has no row.
Handing back the last row instead lets a bug upstream (a tokenizer built for another vocabulary)
train the model on the wrong token, silently. A TokenId cannot be negative, but nothing in the type
bounds it above: check the index and raise tiny_ml's OutOfRangeError("token id", index, size).
"""

from __future__ import annotations

from tiny_ml.domain import Parameters, TokenId, Vector


def embed(parameters: Parameters, token: TokenId) -> Vector:
    """TokenId -> Vector: the token's row of the embedding table."""
    size = parameters.vocab_size.value
    # TODO: an id past the vocabulary must raise, not borrow the last row.
    row = min(token.index, size - 1)
    return Vector(parameters.embedding[row])


# --- checks: do not edit below this line ---

import pytest  # noqa: E402

from tiny_ml import errors  # noqa: E402
from tiny_ml.domain import ModelDimension, VocabSize  # noqa: E402
from tiny_ml.ml import Embedding  # noqa: E402

PARAMETERS = Parameters.initial(vocab_size=VocabSize(5), model_dimension=ModelDimension(3), seed=6)


def test_embed_agrees_with_tiny_ml_inside_the_vocabulary() -> None:
    for index in range(5):
        token = TokenId(index)
        assert embed(PARAMETERS, token) == Embedding(PARAMETERS).apply(token)


@pytest.mark.parametrize("index", [5, 7, 1000])
def test_an_id_past_the_vocabulary_raises(index: int) -> None:
    try:
        row = embed(PARAMETERS, TokenId(index))
    except errors.OutOfRangeError as error:
        assert (error.kind, error.index, error.limit) == ("token id", index, 5)
        assert str(error) == str(errors.OutOfRangeError("token id", index, 5))
    else:
        pytest.fail(
            f"token id {index} is outside a vocabulary of 5: embed must raise OutOfRangeError, "
            f"but it returned the row {row.values}"
        )
