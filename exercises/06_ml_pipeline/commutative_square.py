"""commutative_square: the composed pipeline and the one-formula prediction must agree.

The prediction can be computed two ways: stage by stage (Embedding >> LinearToLogits >> Softmax)
or as one formula, softmax(E[token] @ H + b). Both paths go TokenId -> Distribution, so the types
accept either; the square "commutes" only if they give the same probabilities, within 1e-6.
`direct_path` below forgets a term the composed path includes: find it from the formula.
"""

from __future__ import annotations

import math

from tiny_ml.domain import Distribution, Parameters, TokenId
from tiny_ml.ml import softmax_values


def direct_path(parameters: Parameters, token: TokenId) -> Distribution:
    """softmax(E[token] @ H + b) written as one expression, without any pipeline stage."""
    row = parameters.embedding_row(token).values
    head = parameters.lm_head
    # TODO: compare each score with the readout's formula, logits_j = sum_k h_k H[k][j] + b_j.
    scores = tuple(
        math.fsum(row[k] * head[k][j] for k in range(len(row)))
        for j in range(parameters.vocab_size.value)
    )
    return Distribution(softmax_values(scores))


# --- checks: do not edit below this line ---

from dataclasses import replace  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tiny_ml.domain import ModelDimension, VocabSize  # noqa: E402
from tiny_ml.ml import SQUARE_TOLERANCE, direct_prediction, prediction_path  # noqa: E402


def model(seed: int, bias: tuple[float, ...]) -> Parameters:
    initial = Parameters.initial(
        vocab_size=VocabSize(len(bias)), model_dimension=ModelDimension(3), seed=seed
    )
    return replace(initial, bias=bias)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 1000),
    st.lists(st.floats(-3.0, 3.0), min_size=2, max_size=6),
    st.data(),
)
def test_the_square_commutes(seed: int, bias: list[float], data: st.DataObject) -> None:
    parameters = model(seed, tuple(bias))
    token = TokenId(data.draw(st.integers(0, len(bias) - 1)))
    composed = prediction_path(parameters).apply(token).probabilities
    direct = direct_path(parameters, token).probabilities
    worst = max(abs(a - b) for a, b in zip(composed, direct, strict=True))
    assert worst <= SQUARE_TOLERANCE, (
        f"the square does not commute: composed and direct paths differ by {worst:.3g} "
        f"(> {SQUARE_TOLERANCE}) for token {token.index}"
    )


def test_agrees_with_tiny_ml_direct_prediction() -> None:
    parameters = model(4, (0.5, -1.0, 2.0, 0.0))
    for index in range(4):
        token = TokenId(index)
        assert direct_path(parameters, token) == direct_prediction(parameters, token)
