"""`python -m challenges.rms_norm`: one token, ten times it, and it plus 100, through RMSNorm."""

from __future__ import annotations

import math

from challenges._show import main_of, show


def _layer_norm(row: tuple[float, ...]) -> tuple[float, ...]:
    """LayerNorm without gain and bias, for contrast: (a - mean) / std."""
    mean = math.fsum(row) / len(row)
    std = math.sqrt(math.fsum((a - mean) ** 2 for a in row) / len(row))
    return tuple((a - mean) / std for a in row)


def _same(a: tuple[float, ...], b: tuple[float, ...]) -> str:
    return (
        "yes" if all(math.isclose(x, y, abs_tol=1e-6) for x, y in zip(a, b, strict=True)) else "no"
    )


def example() -> None:
    """RMSNorm ignores a token's scale but not its offset; LayerNorm ignores both."""
    from challenges.rms_norm import challenge as c

    token = (1.0, 2.0, 3.0, 4.0)
    hidden = c.Hidden((token, tuple(10.0 * a for a in token), tuple(a + 100.0 for a in token)))
    norm = c.RMSNorm(c.Gain((1.0, 1.0, 1.0, 1.0)))
    print("RMSNorm, Zhang & Sennrich (arXiv 1910.07467), on challenges/rms_norm/challenge.py;")
    print("token 1 = 10 x token 0, token 2 = token 0 + 100, unit gain\n")
    print(f"in:  {show(hidden)}")
    print(f"     {show(norm.gain)}, {show(norm.epsilon)}")
    out = norm.apply(hidden)
    print(f"out: {show(out)}\n")
    for position, row in enumerate(out.rows):
        mean = math.fsum(row) / len(row)
        rms = math.sqrt(math.fsum(a * a for a in row) / len(row))
        print(f"token {position}: mean {mean:+.6f}, RMS {rms:.6f}")
    scaled, shifted = out.rows[1], out.rows[2]
    print(f"\nscaled token gives the same output:  RMSNorm {_same(out.rows[0], scaled)}, ", end="")
    print(f"LayerNorm {_same(_layer_norm(hidden.rows[0]), _layer_norm(hidden.rows[1]))}")
    print(f"shifted token gives the same output: RMSNorm {_same(out.rows[0], shifted)}, ", end="")
    print(f"LayerNorm {_same(_layer_norm(hidden.rows[0]), _layer_norm(hidden.rows[2]))}")
    print("\nexpected: RMS 1 for every token, mean not 0; re-scaling invariant (yes, yes),")
    print("not re-centring invariant (no for RMSNorm, yes for LayerNorm)")


if __name__ == "__main__":
    main_of("rms_norm", example)
