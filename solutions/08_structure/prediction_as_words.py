"""prediction_as_words: a Distribution is generic in its outcomes, and mapping changes them.

The model predicts a Distribution over token ids; a reader wants the same prediction over words.
Distribution is a generic class: Distribution[Outcome] holds its outcomes along with their
probabilities, and `map` pushes the mass along a function to a Distribution of the function's
results, adding up the mass of outcomes that land on the same result. A bare Distribution means
one over token ids, so the promise below does not describe what the map produces.
"""

from __future__ import annotations

from tiny_ml.domain import Distribution
from tiny_ml.text import Vocabulary


def prediction_as_words(prediction: Distribution, vocabulary: Vocabulary) -> Distribution[str]:
    """The same prediction with each token id replaced by its word."""
    return prediction.map(vocabulary.word_of)


# --- checks: do not edit below this line ---

import math  # noqa: E402

from tiny_ml.domain import TokenId  # noqa: E402
from tiny_ml.text import Text, UnknownWordPolicy  # noqa: E402

VOCABULARY = Vocabulary.from_corpus([Text("the cat sat")], policy=UnknownWordPolicy.REJECT)
PREDICTION = Distribution((0.1, 0.2, 0.7))


def test_each_word_keeps_its_token_probability() -> None:
    words = prediction_as_words(PREDICTION, VOCABULARY)
    assert words.outcomes == ("the", "cat", "sat")
    assert math.isclose(words.probability_of("sat"), 0.7), "p('sat') is p(token 2)"


def test_only_the_predicted_outcomes_are_mapped() -> None:
    # a prediction over two of the three ids, listed out of order
    partial = Distribution((0.3, 0.7), (TokenId(2), TokenId(0)))
    words = prediction_as_words(partial, VOCABULARY)
    assert words.outcomes == ("sat", "the"), "each outcome keeps its own word, in its own place"
    assert math.isclose(words.probability_of("the"), 0.7)


def _must_stay_rejected() -> None:  # never called: mypy must keep rejecting each marked line
    words = prediction_as_words(PREDICTION, VOCABULARY)
    words.probability_of(TokenId(2))  # type: ignore[arg-type]
    _ids: Distribution[TokenId] = words  # type: ignore[assignment]
