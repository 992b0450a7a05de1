"""`python -m challenges.adam`: Adam steps on the current challenge.py, state by state."""

from __future__ import annotations

from challenges._show import main_of, show
from tiny_ml.domain import LearningRate


def example() -> None:
    """A constant gradient moves each coordinate by lr; after it stops, the first moment still moves."""
    from challenges.adam import challenge

    config = challenge.AdamConfig(LearningRate(0.1))
    step = challenge.AdamStep(lambda _: challenge.Gradient((0.5, -0.25)), config)
    state = challenge.AdamModelState.start(challenge.Parameters((1.0, -1.0)))
    print("Adam, Kingma & Ba (arXiv 1412.6980), Algorithm 1, on challenges/adam/challenge.py")
    print("gradient (0.5, -0.25) at every step, lr 0.1, betas 0.9 / 0.999, epsilon 1e-8\n")
    print(f"t = 0: {show(state)}")
    for t in range(1, 4):
        state = step.apply(state)
        print(f"t = {t}: {show(state)}")
    print("\nexpected: t counts the updates and each coordinate moves by lr = 0.1 a step")
    print("(section 2.1: the effective step is bounded by the learning rate)\n")

    print("now the gradient drops to 0 after one step of 1.0:")
    momentum = challenge.AdamModelState.start(challenge.Parameters((1.0,)))
    for t, g in enumerate((1.0, 0.0, 0.0), 1):
        momentum = challenge.adam_update(momentum, challenge.Gradient((g,)), config)
        print(f"t = {t}, g = {g}: theta = {show(momentum.parameters.values)}")
    print("expected: 0.9, then 0.833 and still falling: m remembers the gradient that is gone")


if __name__ == "__main__":
    main_of("adam", example)
