"""`python -m challenges.softmax_temperature_and_top_k`: one set of logits at four temperatures."""

from __future__ import annotations

import math

from challenges._show import main_of, show
from tiny_ml.domain import Logits

WORDS = ("mat", "rug", "sofa", "roof", "moon")
SCORES = (3.0, 2.0, 1.0, 0.0, -2.0)


def _entropy(probabilities: tuple[float, ...]) -> float:
    return -math.fsum(p * math.log(p) for p in probabilities if p > 0.0)


def example() -> None:
    """Softer and sharper distributions from the same logits; then top-k cuts the tail."""
    from challenges.softmax_temperature_and_top_k import challenge as c

    logits = Logits(SCORES)
    print("Softmax temperature, Hinton, Vinyals & Dean (arXiv 1503.02531), and top-k,")
    print("Fan, Lewis & Dauphin (arXiv 1805.04833), on")
    print("challenges/softmax_temperature_and_top_k/challenge.py\n")
    print(f"the cat sat on the ...   {show(logits)}  for {WORDS}\n")
    print(f"{'T':>5}  " + "".join(f"{w:>9}" for w in WORDS) + f"{'entropy':>10}  argmax")
    for t in (0.5, 1.0, 2.0, 5.0):
        probabilities = c.soften(logits, c.Temperature(t)).probabilities
        best = WORDS[probabilities.index(max(probabilities))]
        row = "".join(f"{p:>9.4f}" for p in probabilities)
        print(f"{t:>5}  {row}{_entropy(probabilities):>10.4f}  {best}")
    print(f"\nplain softmax (T = 1): {show(c.plain_softmax(logits).probabilities)}")
    for t, k in ((1.0, 2), (2.0, 2), (2.0, 3)):
        kept = c.next_token_distribution(logits, c.Temperature(t), c.TopK(k)).probabilities
        print(f"T = {t}, top-{k}: {show(kept)}")
    print("\nexpected: the entropy rises with T while the argmax stays 'mat'; top-k keeps exactly")
    print("k words and renormalises them, so a hot T cannot sample 'moon' once k < 5")


if __name__ == "__main__":
    main_of("softmax_temperature_and_top_k", example)
