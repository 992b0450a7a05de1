"""`python -m tiny_ml`: one sentence walked through every typed stage to a loss that falls."""

from __future__ import annotations

import os
from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tiny_ml.attention import (
    BlockTrainingStep,
    FeedForwardWidth,
    HeadCount,
    TransformerParameters,
    TransformerTrainingState,
    transformer_loss_history,
)
from tiny_ml.category import StepCount
from tiny_ml.domain import (
    Distribution,
    LearningRate,
    Loss,
    ModelDimension,
    Parameters,
    Product,
    TokenSequence,
    TrainingSet,
)
from tiny_ml.ml import CrossEntropy, DatasetWindowing, prediction_path
from tiny_ml.terminal_plot import loss_plot
from tiny_ml.text import Text, Tokenize, UnknownWordPolicy, Vocabulary
from tiny_ml.training import TrainStep, loss_history, train

SENTENCE = Text("one two three four one two three four")
"""The walkthrough's input; with `<unk>` at id 0 it encodes to the tokens 1 2 3 4 1 2 3 4."""

MODEL_DIMENSION = ModelDimension(4)
"""The width of the walkthrough's hidden vectors."""

LEARNING_RATE = LearningRate(1.0)
"""The walkthrough's gradient-descent step size."""

STEPS = StepCount(80)
"""How many training steps the walkthrough takes."""

REPORT_EVERY = 10
"""The loss table shows every this-many steps (and the last)."""

BLOCK_HEADS = HeadCount(2)
"""The walkthrough transformer's attention heads (each MODEL_DIMENSION / 2 wide)."""

BLOCK_FEED_FORWARD = FeedForwardWidth(4)
"""The width of the walkthrough transformer's feed-forward layer."""

BLOCK_LEARNING_RATE = LearningRate(0.2)
"""The rate the walkthrough's block training state carries."""

BLOCK_STEPS = StepCount(40)
"""How many block training steps the walkthrough takes."""


@dataclass(frozen=True)
class Walkthrough:
    """Every value the pipeline produced, each in the type of its stage."""

    text: Text
    vocabulary: Vocabulary
    tokens: TokenSequence
    training_set: TrainingSet
    initial: Parameters
    prediction: Distribution
    first_loss: Loss
    losses: tuple[Loss, ...]
    trained: Parameters


def walk(text: Text = SENTENCE) -> Walkthrough:
    """Run the pipeline Text -> TokenSequence -> TrainingSet -> Parameters -> ... -> Parameters."""
    vocabulary = Vocabulary.from_corpus([text], policy=UnknownWordPolicy.MAP_TO_UNKNOWN)
    tokens = Tokenize(vocabulary).apply(text)
    training_set = DatasetWindowing().apply(tokens)
    initial = Parameters.initial(vocab_size=vocabulary.size, model_dimension=MODEL_DIMENSION)
    first_example = training_set.examples[0]
    prediction = prediction_path(initial).apply(first_example.context)
    first_loss = CrossEntropy().apply(Product(prediction, first_example.target))
    return Walkthrough(
        text=text,
        vocabulary=vocabulary,
        tokens=tokens,
        training_set=training_set,
        initial=initial,
        prediction=prediction,
        first_loss=first_loss,
        losses=loss_history(initial, training_set, LEARNING_RATE, STEPS),
        trained=train(initial, training_set, LEARNING_RATE, STEPS),
    )


@dataclass(frozen=True)
class TransformerWalkthrough:
    """The same sentence through a causal transformer, and its loss under block training."""

    tokens: TokenSequence
    initial: TransformerParameters
    losses: tuple[Loss, ...]


def walk_transformer(text: Text = SENTENCE) -> TransformerWalkthrough:
    """Train the block of a tiny transformer on the sentence, recording the loss at each step."""
    vocabulary = Vocabulary.from_corpus([text], policy=UnknownWordPolicy.MAP_TO_UNKNOWN)
    tokens = Tokenize(vocabulary).apply(text)
    initial = TransformerParameters.initial(
        vocab_size=vocabulary.size,
        model_dimension=MODEL_DIMENSION,
        heads=BLOCK_HEADS,
        feed_forward_width=BLOCK_FEED_FORWARD,
    )
    state = TransformerTrainingState(initial, learning_rate=BLOCK_LEARNING_RATE)
    losses = transformer_loss_history(state, BlockTrainingStep(tokens), BLOCK_STEPS, tokens)
    return TransformerWalkthrough(tokens, initial, losses)


def _draws(console: Console) -> bool:
    """Block characters for a terminal that wants them; plain numbers for pipes and NO_COLOR."""
    return console.is_terminal and not os.environ.get("NO_COLOR")


def render_transformer(walkthrough: TransformerWalkthrough, console: Console) -> None:
    """Print the block's loss over its training steps: a plot on a terminal, numbers otherwise."""
    w = walkthrough
    v, d = w.initial.vocab_size.value, w.initial.model_dimension.value
    heads, width = BLOCK_HEADS.value, BLOCK_FEED_FORWARD.value
    step = BlockTrainingStep(w.tokens)
    console.rule("tiny_ml: the same sentence through a transformer block")
    console.print(
        f"[bold cyan]{'Transformer':<13}[/] V {v}, d {d}, {heads} heads, "
        f"feed-forward {width}, one causal block"
    )
    console.print(
        f"  [dim]| {step.name} x {BLOCK_STEPS.value}: state -> state, "
        f"LearningRate {BLOCK_LEARNING_RATE.value}[/]"
    )
    first, last = w.losses[0].value, w.losses[-1].value
    console.print(f"[bold cyan]{'Loss':<13}[/] next_token_loss {first:.4f} -> {last:.4f}")
    if _draws(console):
        for line in loss_plot(w.losses):
            console.print(line, highlight=False)
        console.print(f"{'':>8}step 0 .. {len(w.losses) - 1}", highlight=False)
        return
    for index, loss in enumerate(w.losses):
        if index % REPORT_EVERY == 0 or index == len(w.losses) - 1:
            console.print(f"  block step {index:>3}: loss {loss.value:.4f}", highlight=False)


def _ids(tokens: TokenSequence) -> str:
    return " ".join(str(token.index) for token in tokens)


def _probabilities(distribution: Distribution) -> str:
    return " ".join(f"{p:.3f}" for p in distribution.probabilities)


def render(walkthrough: Walkthrough, console: Console) -> None:
    """Print each typed value with the arrow that made it, then the loss over training."""
    w = walkthrough
    example = w.training_set.examples[0]
    context, target = w.vocabulary.word_of(example.context), w.vocabulary.word_of(example.target)
    v, d = w.initial.vocab_size.value, w.initial.model_dimension.value
    vocabulary = " ".join(f"{word}={i}" for i, word in enumerate(w.vocabulary.words))
    pairs = ", ".join(f"{e.context.index}->{e.target.index}" for e in w.training_set)
    trained = prediction_path(w.trained).apply(example.context).probability_of(example.target)

    def value(type_name: str, shown: str) -> None:
        console.print(f"[bold cyan]{type_name:<13}[/] {escape(shown)}")

    def arrow(shown: str) -> None:
        console.print(f"  [dim]| {escape(shown)}[/]")

    console.rule("tiny_ml: a sentence through every typed stage")
    value("Text", repr(w.text.content))
    arrow(f"{Tokenize(w.vocabulary).name}: Text -> TokenSequence, through the Vocabulary")
    arrow(f"{vocabulary} (unknown words -> <unk>)")
    value("TokenSequence", _ids(w.tokens))
    arrow(f"{DatasetWindowing().name}: TokenSequence -> TrainingSet")
    value("TrainingSet", f"{len(w.training_set)} examples: {pairs}")
    arrow(f"Parameters.initial: VocabSize {v} x ModelDimension {d} -> Parameters")
    value("Parameters", f"embedding {v}x{d}, lm head {d}x{v}, bias {v}")
    arrow(f"{prediction_path(w.initial).name}: TokenId -> Distribution, at {context!r}")
    value("Distribution", _probabilities(w.prediction))
    arrow(f"{CrossEntropy().name}: Distribution x TokenId -> Loss, target {target!r}")
    value(
        "Loss",
        f"{w.first_loss.value:.4f} (average_loss on the TrainingSet: {w.losses[0].value:.4f})",
    )
    trainer = TrainStep(w.training_set, LEARNING_RATE)
    arrow(
        f"{trainer.name} x {STEPS.value}: Parameters -> Parameters, "
        f"LearningRate {LEARNING_RATE.value}"
    )
    value("Parameters", f"trained: p({target!r} | {context!r}) = {trained:.3f}")

    curve = Table(title="Training: the average Loss falls", min_width=40)
    curve.add_column("step", justify="right")
    curve.add_column("average loss", justify="right")
    for step, loss in enumerate(w.losses):
        if step % REPORT_EVERY == 0 or step == len(w.losses) - 1:
            curve.add_row(str(step), f"{loss.value:.4f}")
    console.print(curve)


def main() -> None:
    """Print the walkthrough to standard output."""
    console = Console()
    render(walk(), console)
    render_transformer(walk_transformer(), console)


if __name__ == "__main__":
    main()
