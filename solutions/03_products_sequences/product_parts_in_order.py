"""product_parts_in_order: the order of a product's parts is part of its type.

A Product keeps its parts in a fixed order. Windowing and scoring produce a target token and a
prediction, in that order, while the cross-entropy loss reads `Product[Distribution, TokenId]`,
the prediction first. `for_the_loss` hands the loss the pair it reads. Because the two parts
have different types, mypy sees the order, and a pair in the wrong order never reaches the loss.
"""

from __future__ import annotations

from tiny_ml.domain import Distribution, Product, TokenId


def for_the_loss(target: TokenId, prediction: Distribution) -> Product[Distribution, TokenId]:
    """The prediction and the token that really came next, in the order the loss reads them."""
    return Product(prediction, target)


# --- checks: do not edit below this line ---

import math  # noqa: E402
from typing import assert_type  # noqa: E402

from tiny_ml.ml import CrossEntropy  # noqa: E402


def test_the_loss_reads_the_pair() -> None:
    prediction = Distribution((0.25, 0.75))
    pair = assert_type(for_the_loss(TokenId(1), prediction), Product[Distribution, TokenId])
    assert pair.first == prediction and pair.second == TokenId(1)
    # the target, id 1, was given probability 0.75: the loss is -ln 0.75 = 0.2876820724517809
    assert math.isclose(CrossEntropy().apply(pair).value, 0.2876820724517809)


def _must_stay_rejected() -> None:
    pair = for_the_loss(TokenId(0), Distribution((1.0,)))
    _other_order: Product[TokenId, Distribution] = pair  # type: ignore[assignment]
    for_the_loss(Distribution((1.0,)), TokenId(0))  # type: ignore[arg-type]
