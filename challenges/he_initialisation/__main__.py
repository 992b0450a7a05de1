"""`python -m challenges.he_initialisation`: a 30-layer ReLU stack, He against Xavier."""

from __future__ import annotations

import math
import random

from challenges._show import main_of, show

WIDTH = 64
DEPTH = 30
INPUTS = 8


def _second_moments(initialise_name: str) -> list[float]:
    """Mean of y_l^2 over units and inputs at every layer l of a ReLU stack built by one rule."""
    from challenges.he_initialisation import challenge as c

    rng = random.Random(0)
    shape = c.LayerShape(c.FanIn(WIDTH), c.FanOut(WIDTH))
    initialise = c.he_normal if initialise_name == "he" else c.xavier_uniform
    layers = [initialise(shape, rng) for _ in range(DEPTH)]
    inputs = [[rng.gauss(0.0, 1.0) for _ in range(WIDTH)] for _ in range(INPUTS)]
    moments: list[float] = []
    for layer in layers:
        responses = [
            [math.fsum(w * v for w, v in zip(row, x, strict=True)) for row in layer.rows]
            for x in inputs
        ]
        moments.append(math.fsum(y * y for ys in responses for y in ys) / (INPUTS * WIDTH))
        inputs = [[max(0.0, y) for y in ys] for ys in responses]
    return moments


def example() -> None:
    """Eq. (10) keeps Var[y_l] flat through ReLUs; Xavier's 1 / n halves it at every layer."""
    from challenges.he_initialisation import challenge as c

    print("He et al. (arXiv 1502.01852) against Glorot & Bengio (Xavier), on")
    print("challenges/he_initialisation/challenge.py\n")
    small = c.LayerShape(c.FanIn(3), c.FanOut(5))
    print(f"layer: {show(small)}")
    print(
        f"  He std    sqrt(2 / fan-in)            = {show(c.he_standard_deviation(small.fan_in))}"
    )
    print(f"            (from the fan-out it would be {show(math.sqrt(2.0 / 5.0))})")
    print(
        f"  Xavier b  sqrt(6 / (fan-in + fan-out)) = {show(c.xavier_bound(small.fan_in, small.fan_out))}"
    )
    weights = c.he_normal(small, random.Random(0))
    print(f"  He W, seed 0: {show(weights.rows)}\n")
    print(f"{DEPTH} ReLU layers of width {WIDTH}, {INPUTS} inputs from N(0, 1): mean of y_l^2")
    he = _second_moments("he")
    xavier = _second_moments("xavier")
    print(f"{'layer':>6} {'He':>12} {'Xavier':>12}")
    for layer in (1, 2, 5, 10, 20, 30):
        print(f"{layer:>6} {he[layer - 1]:>12.4g} {xavier[layer - 1]:>12.4g}")
    print(
        "\nexpected: He stays near 2 at every depth, wandering a little from sampling but with no"
    )
    print("trend (eq. 10: (1/2) n Var[w] = 1, so each layer passes the variance on); Xavier's")
    print("variance 1 / n loses half to each ReLU: about 2^-29 = 1.9e-9 by layer 30")


if __name__ == "__main__":
    main_of("he_initialisation", example)
