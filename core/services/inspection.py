"""Looking inside a network: its first layer's weights as images, one digit's way through the layers, the
size of each layer's gradient, and the weights against those it started from.

Everything here is read from a network and never changes it. The Inside tab draws these numbers; the
training worker takes a `Snapshot` after every epoch, off the GUI thread.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from core.learning.data import Dataset, column_major_to_image
from core.learning.gradient_check import GRADIENT_ROWS, gradient_rows
from core.learning.network import Network
from core.learning.settings import TrainingSettings
from core.learning.textbook import softmax

NEGATIVE_COLOUR = np.array([33, 102, 172])    # blue
POSITIVE_COLOUR = np.array([178, 24, 43])     # red
WHITE = np.array([255, 255, 255])


# --- weights ------------------------------------------------------------------------------------------

def weight_images(network: Network, units: range | None = None) -> np.ndarray:
    """The 784 incoming weights of first-layer units as upright 28x28 images (units, 28, 28), like the digits."""
    weights = network.weights[0] if units is None else network.weights[0][units.start:units.stop]
    return column_major_to_image(weights)


def symmetric_scale(values: np.ndarray, percentile: float = 99.0) -> float:
    """The ± end of a diverging colour scale: the `percentile` of |values|, so that a few outliers do not
    wash the rest out (1 when every value is 0)."""
    magnitudes = np.abs(np.asarray(values)).ravel(order="K")
    if not magnitudes.size:
        return 1.0
    rank = min(int(percentile / 100 * magnitudes.size), magnitudes.size - 1)
    scale = float(np.partition(magnitudes, rank)[rank])     # a partition: ten times np.percentile's speed
    return scale if scale > 0 else 1.0


def _palette(levels: int) -> np.ndarray:
    """`levels` colours from blue (-1) through white (0) to red (+1), then light grey for NaN."""
    strength = np.linspace(-1, 1, levels)[:, None]
    end = np.where(strength >= 0, POSITIVE_COLOUR, NEGATIVE_COLOUR)
    colours = np.rint(WHITE + np.abs(strength) * (end - WHITE))
    return np.vstack([colours, [224, 224, 224]]).astype(np.uint8)


LEVELS = 255            # odd, so that 0 has a colour of its own: white
PALETTE = _palette(LEVELS)


def diverging_colours(values: np.ndarray, scale: float) -> np.ndarray:
    """RGB (uint8, one more axis of 3): blue for negative, white for zero, red for positive, full at ±scale.
    NaN (no value) is light grey."""
    values = np.asarray(values, dtype=np.float32)
    index = np.clip(values / np.float32(scale), -1, 1)
    index += 1
    index *= (LEVELS - 1) / 2
    index[np.isnan(values)] = LEVELS
    return PALETTE[np.rint(index).astype(np.intp)]


def mosaic(images: np.ndarray, columns: int, gap: int = 1) -> np.ndarray:
    """Images (n, rows, columns) in a grid `columns` wide, each followed by `gap` NaN pixels to its right and
    below: one array to colour and draw at once."""
    count, height, width = images.shape
    rows = -(-count // columns)
    grid = np.full((rows * columns, height + gap, width + gap), np.nan)
    grid[:count, :height, :width] = images
    cells = grid.reshape(rows, columns, height + gap, width + gap)
    return cells.transpose(0, 2, 1, 3).reshape(rows * (height + gap), columns * (width + gap))


def as_grid(values: np.ndarray) -> np.ndarray:
    """A vector laid out as a near-square grid, row by row (rows, columns); the cells left over are NaN."""
    columns = math.ceil(math.sqrt(len(values)))
    rows = math.ceil(len(values) / columns)
    grid = np.full(rows * columns, np.nan)
    grid[:len(values)] = values
    return grid.reshape(rows, columns)


def histogram_edges(arrays: list[np.ndarray], bins: int = 60) -> np.ndarray:
    """Bins over ±L, L the largest |value| of the arrays rounded up to a round number: the same bins for
    weights now and at the start, which change only now and then as the weights grow."""
    largest = max(float(np.abs(array).max()) for array in arrays) or 1.0
    step = 10 ** math.floor(math.log10(largest)) / 4
    limit = math.ceil(largest / step) * step
    return np.linspace(-limit, limit, bins + 1)


def counts(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """How many values fall in each of the equal bins between `edges` (which span every value), in a few
    whole-array steps (np.histogram loops over blocks in Python, and a busy training thread makes each step
    wait for the interpreter)."""
    bins = len(edges) - 1
    position = (np.asarray(values).ravel(order="K") - edges[0]) * (bins / (edges[-1] - edges[0]))
    return np.bincount(np.clip(position.astype(np.intp), 0, bins - 1), minlength=bins)


# --- one digit through the network ----------------------------------------------------------------------

@dataclass(frozen=True)
class Unit:
    """One unit of a layer (1-based; the last layer's units are the digits) for one digit."""

    layer: int
    index: int
    weights: np.ndarray     # w: its incoming weights
    bias: float             # b
    inputs: np.ndarray      # a: the previous layer's activations (the pixels for layer 1)
    weighted_sum: float     # w·a, the sum without the bias
    z: float                # z = w·a + b
    activation: float       # g(z) for a hidden unit, the probability softmax gives for a digit


@dataclass(frozen=True)
class Activations:
    """One digit's way through a network: every layer's output, from the pixels to the probabilities."""

    network: Network
    outputs: list[np.ndarray]      # [x, a1, ..., z of the output layer], each a vector

    @property
    def hidden(self) -> list[np.ndarray]:
        """Each hidden layer's activations a = g(z)."""
        return self.outputs[1:-1]

    @property
    def probabilities(self) -> np.ndarray:
        return softmax(self.outputs[-1][None, :])[0]

    def unit(self, layer: int, index: int) -> Unit:
        """Unit `index` of layer `layer` (1 = the first hidden layer), its z = w·a + b worked out."""
        weights = self.network.weights[layer - 1][index]
        bias = float(self.network.biases[layer - 1][index])
        inputs = self.outputs[layer - 1]
        weighted_sum = float(np.dot(weights.astype(np.float64), inputs.astype(np.float64)))
        last = layer == len(self.network.weights)
        activation = self.probabilities[index] if last else self.outputs[layer][index]
        return Unit(layer, index, weights, bias, inputs, weighted_sum, weighted_sum + bias, float(activation))


def activations_of(network: Network, pixels: np.ndarray) -> Activations:
    """The activations of every layer for one digit (784 column-major pixels in [0, 1])."""
    x = np.asarray(pixels, dtype=network.weights[0].dtype).reshape(1, -1)
    return Activations(network, [output[0] for output in network.forward(x)])


# --- gradients while training ---------------------------------------------------------------------------

def gradient_norms(network: Network, x: np.ndarray, labels: np.ndarray) -> tuple[float, ...]:
    """‖dJ/dW‖ (the Frobenius norm) of each layer's weights, for the mean cost of these digits."""
    _cost, gradients = network.gradients(x, labels)
    return tuple(float(np.linalg.norm(dw)) for dw in gradients[::2])


@dataclass(frozen=True)
class Snapshot:
    """A run after one of its epochs: a copy of its network and its gradient norms then."""

    epoch: int
    network: Network
    gradient_norms: tuple[float, ...]


def take_snapshot(network: Network, epoch: int, x: np.ndarray, labels: np.ndarray) -> Snapshot:
    """A copy of the network (training goes on with the original) and its gradient norms on x."""
    return Snapshot(epoch, network.copy(), gradient_norms(network, x, labels))


# A network of layers measures its norms on fewer rows: back-propagating 1000 rows through its convolutions took
# the training process about 2 s an epoch, three times the epoch itself (bench.responsiveness --recipe convolutional)
LAYERED_GRADIENT_ROWS = 200


def epoch_reporter(data: Dataset, settings: TrainingSettings, send_figures: Callable[[object], None],
                   send_snapshot: Callable[[Snapshot], None]) -> Callable[[object], None]:
    """A run's on_epoch: each epoch's figures (the report without its network), then its snapshot, the
    gradient norms measured on gradient_rows (gathered at the first epoch's end)."""
    rows: list = []

    def on_epoch(report) -> None:
        send_figures(dataclasses.replace(report, network=None))
        rows[:] = rows or gradient_rows(data, settings, LAYERED_GRADIENT_ROWS if settings.layers else GRADIENT_ROWS)
        send_snapshot(take_snapshot(report.network, report.epoch, *rows))

    return on_epoch
