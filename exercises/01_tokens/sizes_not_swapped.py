"""sizes_not_swapped: VocabSize and ModelDimension are two types, and every call names them.

A model's embedding table has one row per word (VocabSize) and one column per hidden feature
(ModelDimension). Both are positive ints, so with plain ints a swapped call builds a table of the
wrong shape without a word of complaint. tiny_ml gives each its own type, which catches a swap; a
reader still has to know the order to read a call. `embedding_shape` must be impossible to call
without naming what each argument is, and `shape_for` must build the right shape.
"""

from __future__ import annotations

from tiny_ml.domain import ModelDimension, VocabSize
from tiny_ml.text import Text, UnknownWordPolicy, Vocabulary


def embedding_shape(vocab_size: VocabSize, model_dimension: ModelDimension) -> tuple[int, int]:
    """(rows, columns) of the embedding table: one row of width d for every token."""
    return (vocab_size.value, model_dimension.value)


def shape_for(vocabulary: Vocabulary, model_dimension: ModelDimension) -> tuple[int, int]:
    """The embedding table a model over this vocabulary needs."""
    return embedding_shape(model_dimension, vocabulary.size)


# --- checks: do not edit below this line ---

VOCABULARY = Vocabulary.from_corpus([Text("a b c d e")], policy=UnknownWordPolicy.REJECT)


def test_one_row_per_token() -> None:
    # five distinct words, width 3: a 5 x 3 table
    assert shape_for(VOCABULARY, ModelDimension(3)) == (5, 3)


def test_keywords_in_any_order() -> None:
    shape = embedding_shape(model_dimension=ModelDimension(2), vocab_size=VocabSize(4))
    assert shape == (4, 2)


def _must_stay_rejected() -> None:
    v, d = VocabSize(5), ModelDimension(3)
    embedding_shape(v, d)  # type: ignore[call-arg]
    embedding_shape(vocab_size=d, model_dimension=v)  # type: ignore[arg-type]
    embedding_shape(vocab_size=5, model_dimension=3)  # type: ignore[arg-type]
