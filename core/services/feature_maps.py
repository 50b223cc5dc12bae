"""Inside a network of layers (core/learning/layered.py): its first convolution's filters, and what each
convolution and pooling layer makes of one digit, upright, as the Inside tab draws them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.learning.layer_spec import Dense
from core.learning.layered import ConvolutionLayer, LayeredNetwork
from core.learning.textbook import softmax


@dataclass(frozen=True)
class FeatureMaps:
    """One layer's output for one digit: its item as typed (conv:16:3:same) and its maps (channels, h, w)."""

    layer: str
    maps: np.ndarray


def first_filters(network: LayeredNetwork) -> np.ndarray | None:
    """The first layer's filters (k, f, f) when it is a convolution of the digit's one channel, else None."""
    first = network.layers[0]
    return np.array(first.w[:, 0]) if isinstance(first, ConvolutionLayer) else None


def feature_maps(network: LayeredNetwork, pixels: np.ndarray) -> tuple[list[FeatureMaps], np.ndarray]:
    """Each convolution's maps after its ReLU and each pooling's maps, for one digit (784 column-major
    pixels in [0, 1]), and the ten probabilities the network gives it."""
    x = np.asarray(pixels, dtype=network.dtype).reshape(1, -1)
    outputs = network.forward(x)
    items = iter(layer for layer in network.spec if not isinstance(layer, Dense))
    found = []
    for layer, output in zip(network.layers, outputs[1:]):
        # a convolution's output is listed twice, as its own and its ReLU's: the ReLU's is taken
        if output.ndim == 4 and not isinstance(layer, ConvolutionLayer):
            found.append(FeatureMaps(next(items).text(), np.array(output[0])))
    return found, softmax(outputs[-1].astype(np.float64))[0]


def weight_layer_count(network) -> int:
    """The layers with weights (W1, W2, ...) of a network of either kind: the curves of its gradient norms."""
    return len(network.parameters) // 2
