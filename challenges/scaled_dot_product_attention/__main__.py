"""`python -m challenges.scaled_dot_product_attention`: three tokens, stage by stage, causal."""

from __future__ import annotations

from challenges._show import main_of, show


def example() -> None:
    """Each stage of the equation, then the same tokens with every key visible."""
    from challenges.scaled_dot_product_attention import challenge as c

    queries = c.Queries(((1.0, 0.0), (0.0, 1.0), (1.0, 1.0)))
    keys = c.Keys(((1.0, 0.0), (2.0, 0.0), (0.0, 2.0)))
    values = c.Values(((1.0, 0.0), (0.0, 1.0), (1.0, 1.0)))
    mask = c.causal_mask(3)
    print("Scaled dot-product attention, Vaswani et al. (arXiv 1706.03762), on")
    print("challenges/scaled_dot_product_attention/challenge.py: three tokens, d_k = 2, causal\n")
    for role in (queries, keys, values):
        print(show(role))
    scores = c.scaled_dot_products(queries, keys)
    print(f"\nQ K^T / sqrt(2)  = {show(scores)}")
    masked = c.apply_mask(scores, mask)
    print(f"after the mask   = {show(masked)}")
    weights = c.softmax_rows(masked)
    for position, row in enumerate(weights.rows):
        print(f"weights of token {position} = {show(row.probabilities)}")
    print(f"outputs          = {show(c.weighted_values(weights, values))}")
    print("\nexpected: token 0 sees only key 0 (weights 1, 0, 0), so its output is value 0")
    full = c.attention(queries, keys, values, c.full_mask(3, 3))
    print(f"\nwith every key visible: {show(full)}")
    print("token 0's output now reads the later tokens' values: the mask is what stops it")


if __name__ == "__main__":
    main_of("scaled_dot_product_attention", example)
