"""`python -m challenges.adam`: three Adam steps on the current challenge.py, state by state."""

from __future__ import annotations

from challenges._show import main_of, show
from tiny_ml.domain import LearningRate


def example() -> None:
    """A constant gradient (0.5, -0.25), lr 0.1: each step should move every coordinate by 0.1."""
    from challenges.adam import challenge

    config = challenge.AdamConfig(LearningRate(0.1))
    step = challenge.AdamStep(lambda _: challenge.Gradient((0.5, -0.25)), config)
    state = challenge.AdamModelState.start(challenge.Parameters((1.0, -1.0)))
    print("Adam, Kingma & Ba (arXiv 1412.6980), on challenges/adam/challenge.py")
    print("objective f(theta) = 0.5 * theta_0 - 0.25 * theta_1, lr 0.1, betas 0.9 / 0.999\n")
    print(f"t = 0: {show(state)}")
    for t in range(1, 4):
        state = step.apply(state)
        print(f"t = {t}: {show(state)}")
    print("\nexpected: t counts the updates, and each coordinate moves by about lr = 0.1 a step")
    print("(the paper, section 2.1: the effective step is bounded by the learning rate)")


if __name__ == "__main__":
    main_of("adam", example)
