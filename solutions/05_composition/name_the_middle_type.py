"""name_the_middle_type: writing the middle type turns a riddle into a plain mismatch.

Left to infer `Compose(first, second)` on its own, mypy can only say "Cannot infer value of type
parameter". Spelling the three types out, `Compose[TokenId, Vector, Logits]`, states the plan:
TokenId -> Vector, then Vector -> Logits. Now mypy compares each stage with its place in the plan
and names the argument that does not fit. Read both messages, then put each stage in its place.
"""

from __future__ import annotations

from tiny_ml.category import Compose, Morphism
from tiny_ml.domain import Logits, Parameters, TokenId, Vector
from tiny_ml.ml import Embedding, LinearToLogits


def scores_for(parameters: Parameters) -> Morphism[TokenId, Logits]:
    """TokenId -> Vector -> Logits: one raw score per vocabulary entry for the next token."""
    return Compose[TokenId, Vector, Logits](Embedding(parameters), LinearToLogits(parameters))


# --- checks: do not edit below this line ---

from tiny_ml.domain import ModelDimension, VocabSize  # noqa: E402

PARAMETERS = Parameters.initial(vocab_size=VocabSize(4), model_dimension=ModelDimension(3), seed=2)


def test_scores_for_embeds_then_reads_out() -> None:
    for index in range(4):
        token = TokenId(index)
        hidden = Embedding(PARAMETERS).apply(token)
        assert scores_for(PARAMETERS).apply(token) == LinearToLogits(PARAMETERS).apply(hidden)


def test_scores_for_names_the_stages_in_order() -> None:
    assert scores_for(PARAMETERS).name == "embedding >> linear_to_logits"


def _must_stay_rejected() -> Morphism[Vector, Logits]:
    Compose(LinearToLogits(PARAMETERS), Embedding(PARAMETERS))  # expect-type-error[misc]
    return scores_for(PARAMETERS)  # expect-type-error[return-value]
