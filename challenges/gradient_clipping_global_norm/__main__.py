"""`python -m challenges.gradient_clipping_global_norm`: five SGD steps, one of them off a cliff."""

from __future__ import annotations

import math

from challenges._show import main_of, show
from tiny_ml.domain import LearningRate

RAW = (
    ((0.5, -0.5), (0.25,)),
    ((0.45, -0.45), (0.2,)),
    ((400.0, -300.0), (0.0,)),
    ((0.4, -0.4), (0.2,)),
    ((0.35, -0.35), (0.15,)),
)
"""The gradients backpropagation returns at each step; the third comes from a cliff (section 3)."""


def example() -> None:
    """The same gradients with and without Algorithm 1: clipping bounds the cliff step to 0.1."""
    from challenges.gradient_clipping_global_norm import challenge as c

    rate, bound = 0.1, 1.0
    print("Gradient norm clipping, Pascanu, Mikolov & Bengio (arXiv 1211.5063), Algorithm 1,")
    print(
        f"on challenges/gradient_clipping_global_norm/challenge.py: lr {rate}, threshold {bound}\n"
    )
    pending = iter(RAW)
    step = c.ClippedSGD(lambda _: c.Gradients(next(pending)), c.MaxNorm(bound), LearningRate(rate))
    clipped_weights = c.Weights(((1.0, -1.0), (0.5,)))
    plain = [list(tensor) for tensor in clipped_weights.tensors]
    print(f"start: {show(clipped_weights.tensors)}")
    for t, raw in enumerate(RAW, 1):
        gradients = c.Gradients(raw)
        clipped = c.clip(gradients, c.MaxNorm(bound))
        print(f"\nstep {t}: gradient {show(raw)}, global norm {show(c.global_norm(gradients))}")
        print(f"  clipped: {show(clipped.gradients.tensors)}")
        clipped_weights = step.apply(clipped_weights)
        plain = [
            [w - rate * g for w, g in zip(tensor, grad, strict=True)]
            for tensor, grad in zip(plain, raw, strict=True)
        ]
        print(f"  weights with clipping:    {show(clipped_weights.tensors)}")
        print(f"  weights without clipping: {show(tuple(tuple(t) for t in plain))}")
    distance = math.dist([w for t in clipped_weights.tensors for w in t], [1.0, -1.0, 0.5])
    print(
        f"\nwith clipping the weights moved {distance:.4g} in all, each step at most lr x 1 = 0.1;"
    )
    print("without it, the cliff step alone threw them 50 away (lr x 500, the cliff's norm)")


if __name__ == "__main__":
    main_of("gradient_clipping_global_norm", example)
