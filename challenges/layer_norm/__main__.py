"""`python -m challenges.layer_norm`: three tokens of very different scale, normalised."""

from __future__ import annotations

import math

from challenges._show import main_of, show


def example() -> None:
    """Token 1 is token 0 times 10; token 2 is token 0 plus 100. Layer norm should not care."""
    from challenges.layer_norm import challenge as c

    rows = ((1.0, 2.0, 3.0, 4.0), (10.0, 20.0, 30.0, 40.0), (101.0, 102.0, 103.0, 104.0))
    hidden = c.Hidden(tuple(c.Features(row) for row in rows))
    norm = c.LayerNorm(c.Gain((1.0,) * 4), c.Bias((0.0,) * 4))
    print("Layer normalization, Ba, Kiros & Hinton (arXiv 1607.06450), on")
    print("challenges/layer_norm/challenge.py; token 1 = 10 x token 0, token 2 = token 0 + 100\n")
    for position, token in enumerate(hidden.tokens):
        print(f"token {position}: {show(c.layer_statistics(token))}")
    out = norm.apply(hidden)
    print(f"\nout, g = 1 and b = 0: {show(out.rows)}")
    for position, row in enumerate(out.rows):
        mean = math.fsum(row) / len(row)
        variance = math.fsum((x - mean) ** 2 for x in row) / len(row)
        print(f"token {position}: mean {mean:+.6f}, variance {variance:.6f}")
    same = all(
        math.isclose(a, b, abs_tol=1e-4)
        for row in out.rows[1:]
        for a, b in zip(out.rows[0], row, strict=True)
    )
    print(f"all three tokens normalise to the same row: {'yes' if same else 'no'}")
    shaped = c.LayerNorm(c.Gain((1.0, 1.0, 2.0, 2.0)), c.Bias((0.0, 0.0, 0.0, 5.0)))
    print(f"\nwith g = (1, 1, 2, 2), b = (0, 0, 0, 5): {show(shaped.apply(hidden).rows[0])}")


if __name__ == "__main__":
    main_of("layer_norm", example)
