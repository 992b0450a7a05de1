"""Shortcut: read the bias out of tiny_ml's finished readout_gradient."""

from __future__ import annotations

from tiny_ml.attention import TransformerParameters, readout_gradient
from tiny_ml.domain import TokenSequence


def readout_bias_gradient(
    parameters: TransformerParameters, tokens: TokenSequence
) -> tuple[float, ...]:
    """d next_token_loss / d readout_bias: one number per vocabulary entry."""
    return readout_gradient(parameters, tokens).bias


# --- checks: do not edit below this line ---

from dataclasses import replace  # noqa: E402

from tiny_ml.attention import FeedForwardWidth, HeadCount, next_token_loss  # noqa: E402
from tiny_ml.domain import ModelDimension, VocabSize  # noqa: E402

PARAMETERS = TransformerParameters.initial(
    vocab_size=VocabSize(4),
    model_dimension=ModelDimension(4),
    heads=HeadCount(2),
    feed_forward_width=FeedForwardWidth(4),
    seed=3,
)
TOKENS = TokenSequence.of([0, 2, 1, 3, 2])
STEP = 1e-5


def _loss_with_bias(bias: tuple[float, ...]) -> float:
    return next_token_loss(replace(PARAMETERS, readout_bias=bias), TOKENS).value


def test_agrees_with_a_central_difference() -> None:
    got = readout_bias_gradient(PARAMETERS, TOKENS)
    base = PARAMETERS.readout_bias
    for j in range(4):
        up = tuple(b + (STEP if i == j else 0.0) for i, b in enumerate(base))
        down = tuple(b - (STEP if i == j else 0.0) for i, b in enumerate(base))
        numeric = (_loss_with_bias(up) - _loss_with_bias(down)) / (2 * STEP)
        assert abs(got[j] - numeric) < 1e-6, (
            f"entry {j}: analytic {got[j]:.8f}, central difference {numeric:.8f}"
        )


def test_agrees_on_a_shorter_sequence() -> None:
    short = TokenSequence.of([1, 3, 3])  # three tokens, two targets
    got = readout_bias_gradient(PARAMETERS, short)
    base = PARAMETERS.readout_bias
    for j in range(4):
        up = tuple(b + (STEP if i == j else 0.0) for i, b in enumerate(base))
        down = tuple(b - (STEP if i == j else 0.0) for i, b in enumerate(base))
        high = next_token_loss(replace(PARAMETERS, readout_bias=up), short).value
        low = next_token_loss(replace(PARAMETERS, readout_bias=down), short).value
        numeric = (high - low) / (2 * STEP)
        assert abs(got[j] - numeric) < 1e-6, (
            f"entry {j}: analytic {got[j]:.8f}, central difference {numeric:.8f}"
        )


def test_components_sum_to_zero() -> None:
    # each row p - onehot sums to 1 - 1 = 0, so their mean does too
    assert abs(math.fsum(readout_bias_gradient(PARAMETERS, TOKENS))) < 1e-12
