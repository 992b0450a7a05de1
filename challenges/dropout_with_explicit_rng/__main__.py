"""`python -m challenges.dropout_with_explicit_rng`: masks drawn from a state, replayed, switched off."""

from __future__ import annotations

import math

from challenges._show import main_of, show


def example() -> None:
    """Three training passes from seed 0, the same three again, then inference."""
    from challenges.dropout_with_explicit_rng import challenge as c

    x = c.Activations((1.0,) * 8)
    rate = c.DropoutRate(0.5)
    print("Dropout, Hinton et al. (arXiv 1207.0580), on challenges/dropout_with_explicit_rng/")
    print("challenge.py: eight units of 1.0, p = 0.5, RngState.seeded(0)\n")
    for run in ("first run", "replay"):
        state = c.RngState.seeded(0)
        print(f"{run}:")
        for step in range(1, 4):
            out, state = c.dropout(x, rate, state, "train")
            print(f"  pass {step}: {show(out.values)}")
    print("expected: the replay repeats the first run mask for mask, and the kept units are 2.0\n")
    out, after = c.dropout(x, rate, c.RngState.seeded(0), "eval")
    unchanged = after == c.RngState.seeded(0)
    print(f"eval: {show(out.values)}, state unchanged: {'yes' if unchanged else 'no'}")
    many, _ = c.dropout(c.Activations((1.0,) * 10_000), rate, c.RngState.seeded(1), "train")
    mean = math.fsum(many.values) / len(many.values)
    print(f"mean of 10,000 trained units of 1.0: {mean:.4f} (inverted dropout keeps it near 1)")


if __name__ == "__main__":
    main_of("dropout_with_explicit_rng", example)
