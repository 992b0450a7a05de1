"""The book's seven applied-category-theory sketches, each a small typed value with its law.

1. Orders (`orders`): `InformationLevel`, a preorder with `join`.
2. Galois connections (`galois`): `GaloisConnection` between `FeatureCount` and `LayerBudget`.
3. Resources (`resources`): `Cost`, a monoid under addition that respects `<=`, and
   `ResourceBundle`, several resources in the product order.
4. Databases (`databases`): `DatabaseInstance`, whose foreign keys always resolve.
5. Co-design (`codesign`): `is_feasible`, between `ContextDemand` and `MemoryBudget`.
6. Signal flow (`signal_flow`): `SignalMatrix[Source, Target]`, composable through a shared type.
7. Circuits (`circuits`): `OpenCircuit`, composed in series and in parallel.
And the logic of behaviour (`behaviour`): a `SafetyCover` gluing local checks, with `implies`.
"""

from tiny_ml.sketches.behaviour import (
    LocalCheck,
    LossCeiling,
    NotACoverError,
    SafetyCover,
    StepInterval,
    TruthValue,
    conjunction,
    entails,
    implies,
)
from tiny_ml.sketches.circuits import OpenCircuit, Port, Side
from tiny_ml.sketches.codesign import ContextDemand, MemoryBudget, is_feasible
from tiny_ml.sketches.databases import DatabaseInstance, ExampleRow, ForeignKeyError
from tiny_ml.sketches.galois import FeatureCount, GaloisConnection, LayerBudget
from tiny_ml.sketches.orders import (
    DISTRIBUTION,
    LOGITS,
    LOSS,
    TEXT,
    TOKENS,
    InformationLevel,
    is_reflexive,
    is_transitive,
    join,
)
from tiny_ml.sketches.resources import NO_COST, NO_RESOURCES, Cost, ResourceBundle, total_cost
from tiny_ml.sketches.signal_flow import (
    HeadSpace,
    ModelSpace,
    SignalMatrix,
    VocabSpace,
    identity_signal,
)

__all__ = [
    "DISTRIBUTION",
    "LOGITS",
    "LOSS",
    "NO_COST",
    "NO_RESOURCES",
    "TEXT",
    "TOKENS",
    "ContextDemand",
    "Cost",
    "DatabaseInstance",
    "ExampleRow",
    "FeatureCount",
    "ForeignKeyError",
    "GaloisConnection",
    "HeadSpace",
    "InformationLevel",
    "LayerBudget",
    "LocalCheck",
    "LossCeiling",
    "MemoryBudget",
    "ModelSpace",
    "NotACoverError",
    "OpenCircuit",
    "Port",
    "ResourceBundle",
    "SafetyCover",
    "Side",
    "SignalMatrix",
    "StepInterval",
    "TruthValue",
    "VocabSpace",
    "conjunction",
    "entails",
    "identity_signal",
    "implies",
    "is_feasible",
    "is_reflexive",
    "is_transitive",
    "join",
    "total_cost",
]
