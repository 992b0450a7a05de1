"""galois_maps_state_their_direction: the two maps of a Galois connection point opposite ways.

Sketch 2 connects two orders: features a model must represent and layers it may use, at 4 features
per layer. `layers_needed` goes from features to layers and rounds up; `features_supported` goes
back from layers to features. The law ties them together: the layers that some features need fit
in a budget exactly when those features fit in what the budget supports. Both are counts, so a map
used in the wrong direction still computes something; mypy --strict refuses to check functions
that do not say which way they go.
"""

from __future__ import annotations

from tiny_ml.sketches import FeatureCount, LayerBudget

FEATURES_PER_LAYER = 4
"""The capacity of one layer."""


def layers_needed(features):
    """Left adjoint: the fewest layers that hold `features`, ceil(features / capacity)."""
    return LayerBudget(-(-features.value // FEATURES_PER_LAYER))


def features_supported(layers):
    """Right adjoint: the most features `layers` can hold, layers x capacity."""
    return FeatureCount(layers.value * FEATURES_PER_LAYER)


def adjunction_holds(features: FeatureCount, layers: LayerBudget) -> bool:
    """The law for one pair: layers_needed(f) <= l exactly when f <= features_supported(l)."""
    return (layers_needed(features) <= layers) == (features <= features_supported(layers))


# --- checks: do not edit below this line ---

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def test_nine_features_need_three_layers() -> None:
    # ceil(9 / 4) = ceil(2.25) = 3; ceil(8 / 4) = 2; no features need no layers
    assert layers_needed(FeatureCount(9)) == LayerBudget(3)
    assert layers_needed(FeatureCount(8)) == LayerBudget(2)
    assert layers_needed(FeatureCount(0)) == LayerBudget(0)


def test_three_layers_support_twelve_features() -> None:
    assert features_supported(LayerBudget(3)) == FeatureCount(12)


@settings(derandomize=True, database=None, deadline=None, max_examples=100)
@given(st.integers(0, 20), st.integers(0, 20))
def test_adjunction_for_every_pair(features: int, layers: int) -> None:
    assert adjunction_holds(FeatureCount(features), LayerBudget(layers))


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    layers_needed(LayerBudget(3))  # type: ignore[arg-type]
    features_supported(FeatureCount(9))  # type: ignore[arg-type]
    _wrong_way: FeatureCount = layers_needed(FeatureCount(9))  # type: ignore[assignment]
