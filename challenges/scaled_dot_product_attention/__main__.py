"""`python -m challenges.scaled_dot_product_attention`: three tokens under a causal mask."""

from __future__ import annotations

from challenges._show import main_of, show


def example() -> None:
    """Compute attention step by step, then through `attend`, and say whether they agree."""
    from challenges.scaled_dot_product_attention import challenge as c

    queries = c.Queries(((1.0, 0.0), (0.0, 1.0), (1.0, 1.0)))
    keys = c.Keys(((1.0, 0.0), (2.0, 0.0), (0.0, 2.0)))
    values = c.Values(((1.0, 0.0), (0.0, 1.0), (1.0, 1.0)))
    mask = c.causal_mask(3)
    print("Scaled dot-product attention, Vaswani et al. (arXiv 1706.03762), on")
    print("challenges/scaled_dot_product_attention/challenge.py, three tokens, d = 2, causal\n")
    for role in (queries, keys, values, mask):
        print(show(role))
    scores = c.scaled_scores(queries, keys)
    weights = c.attention_weights(scores, mask)
    by_steps = c.mix_values(weights, values)
    print(f"\nQ K^T / sqrt(2)    = {show(scores)}")
    for position, row in enumerate(weights.rows):
        print(f"weights of token {position} = {show(row)}")
    print(f"mixed values       = {show(by_steps)}")
    through_attend = c.attend(queries, keys, values, mask)
    print(f"attend(Q, K, V)    = {show(through_attend)}")
    agree = through_attend == by_steps
    print(
        f"\nattend agrees with softmax(Q K^T / sqrt(d)) V step by step: {'yes' if agree else 'no'}"
    )


if __name__ == "__main__":
    main_of("scaled_dot_product_attention", example)
