"""`python -m challenges.label_smoothing`: smoothed targets and what they charge for certainty."""

from __future__ import annotations

from challenges._show import main_of, show
from tiny_ml.domain import Distribution, TokenId, VocabSize


def example() -> None:
    """Four classes, label 2: the target and the loss of three predictions as epsilon grows."""
    from challenges.label_smoothing import challenge as c

    classes, label = VocabSize(4), TokenId(2)
    predictions = {
        "(0.1, 0.2, 0.6, 0.1)": Distribution((0.1, 0.2, 0.6, 0.1)),
        "uniform": Distribution((0.25, 0.25, 0.25, 0.25)),
        "certain (0, 0, 1, 0)": Distribution((0.0, 0.0, 1.0, 0.0)),
    }
    print("Label smoothing, Szegedy et al. (arXiv 1512.00567) section 7, on")
    print("challenges/label_smoothing/challenge.py: K = 4 classes, label 2\n")
    for epsilon in (0.0, 0.1, 0.5):
        target = c.smooth(label, c.SmoothingRate(epsilon), classes)
        print(f"epsilon {epsilon}: target {show(target.probabilities)}")
        for name, prediction in predictions.items():
            print(f"    loss of {name:<22} {show(c.cross_entropy(target, prediction).value)}")
    print("\nexpected: (0.025, 0.025, 0.925, 0.025) at epsilon 0.1; the uniform guess costs")
    print("log 4 = 1.38629 every time; certainty is free only at epsilon 0")


if __name__ == "__main__":
    main_of("label_smoothing", example)
