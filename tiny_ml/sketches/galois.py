"""Sketch 2, Galois connections: features and layers, each adjoint to the other."""

from __future__ import annotations

from dataclasses import dataclass

from tiny_ml.sketches._counts import require_count


@dataclass(frozen=True, order=True)
class FeatureCount:
    """How many features a model must represent: an int >= 0, never a layer count."""

    value: int

    def __post_init__(self) -> None:
        require_count("FeatureCount", self.value)


@dataclass(frozen=True, order=True)
class LayerBudget:
    """How many layers a model may use: an int >= 0, never a feature count."""

    value: int

    def __post_init__(self) -> None:
        require_count("LayerBudget", self.value)


@dataclass(frozen=True)
class GaloisConnection:
    """Features <-> layers at one capacity: layers_needed(a) <= b iff a <= features_supported(b)."""

    features_per_layer: int

    def __post_init__(self) -> None:
        require_count("GaloisConnection.features_per_layer", self.features_per_layer, minimum=1)

    def layers_needed(self, features: FeatureCount) -> LayerBudget:
        """Left adjoint: the fewest layers that hold the features, ceil(features / capacity)."""
        return LayerBudget(-(-features.value // self.features_per_layer))  # ceiling, exact on ints

    def features_supported(self, layers: LayerBudget) -> FeatureCount:
        """Right adjoint: the most features the layers hold, layers x capacity."""
        return FeatureCount(layers.value * self.features_per_layer)

    def adjunction_holds(self, features: FeatureCount, layers: LayerBudget) -> bool:
        """The defining law for one pair: f(a) <= b exactly when a <= g(b)."""
        fits_in_layers = self.layers_needed(features) <= layers
        fits_in_features = features <= self.features_supported(layers)
        return fits_in_layers == fits_in_features
