"""A network as a list of layers (core/learning/layer_spec.py): convolutions, max pooling, dense layers with ReLU, and
a softmax output of 10 units; its forward pass, back-propagation and He initialisation.

It takes the data's rows as core/learning/network.py's Network does, (m, 784) column-major, and trains with the
same optimisers and the same cost: softmax and cross-entropy are core/learning/textbook.py's functions. A list that
begins with a convolution or pooling turns the rows into upright images first (`as_images`); a list of
dense layers only reads the rows as they are, and is then the same network as a Network.

The parameters [W1, b1, W2, b2, ...] (a convolution's W is (k, c, f, f), a dense layer's (outputs, inputs))
and their gradients are packed into one buffer each (core/learning/packed.py). The optimisers recognise weights
as matrices (weight decay applies to them, not to biases), so they update a layered network through
`LayeredOptimizer`, which shows them each filter bank as a (k, c f f) matrix of the same memory.
"""

from __future__ import annotations

import numpy as np

from core.learning.convolution import (
    Workspace,
    channel_first,
    channel_last,
    convolution_backward,
    convolution_forward,
    max_pool_backward,
    max_pool_forward,
)
from core.learning.data import column_major_to_image
from core.base.errors import ModelError
from core.base.i18n import _
from core.learning.layer_spec import INPUT_SHAPE, Convolution, Dense, Layer, Pool, shapes
from core.learning.optimizers import make_optimizer
from core.learning.packed import Packed, pack
from core.learning.textbook import cross_entropy, softmax

CHUNK = 256         # rows per forward pass when a whole data set is read (im2col's matrices stay small)


def as_images(rows: np.ndarray) -> np.ndarray:
    """Column-major 784-rows (m, 784) -> upright one-channel images (m, 1, 28, 28)."""
    return column_major_to_image(rows)[:, np.newaxis]


class ParameterLayer:
    """A layer with weights W and biases b, views of the network's packed arrays, as are dW and db."""

    shapes: tuple[tuple[int, ...], ...] = ()      # of W and b
    w: np.ndarray
    b: np.ndarray
    dw: np.ndarray
    db: np.ndarray


class ConvolutionLayer(ParameterLayer):
    def __init__(self, spec: Convolution, channels: int):
        self.padding = spec.padding
        self.shapes = ((spec.filters, channels, spec.size, spec.size), (spec.filters,))
        self.workspace = Workspace()

    def forward(self, a, training: bool = False):
        workspace = self.workspace if training else None
        z, columns = convolution_forward(a, self.w, self.b, self.padding, workspace)
        return z, (columns, a.shape)

    def backward(self, cache, dz, input_gradient: bool):
        columns, a_shape = cache
        da, _dw, _db = convolution_backward(columns, a_shape, self.w, dz, self.padding, input_gradient,
                                            self.dw, self.db, self.workspace)
        return da


class DenseLayer(ParameterLayer):
    def __init__(self, units: int, inputs: int):
        self.shapes = ((units, inputs), (units,))

    def forward(self, a, training: bool = False):
        z = a @ self.w.T                    # z = W a + b, samples as rows
        z += self.b
        return z, a

    def backward(self, a, dz, input_gradient: bool):
        np.matmul(dz.T, a, out=self.dw)     # dW = dz a^T
        np.sum(dz, axis=0, out=self.db)     # db = sum of dz over the batch
        return dz @ self.w if input_gradient else None


class ReLU:
    shapes: tuple = ()

    def forward(self, z, training: bool = False):
        a = np.maximum(z, 0, out=z)         # in place: z is the layer before's new output, kept by no one
        return a, a

    def backward(self, a, da, input_gradient: bool):
        da *= a > 0                         # dz = da * g'(z); da is the layer after's new array
        return da


class MaxPoolLayer:
    shapes: tuple = ()

    def __init__(self, size: int):
        self.size = size

    def forward(self, a, training: bool = False):
        p = max_pool_forward(a, self.size)
        return p, (a, p)

    def backward(self, cache, dp, input_gradient: bool):
        a, p = cache
        return max_pool_backward(a, p, dp, self.size)


class Flatten:
    shapes: tuple = ()

    def forward(self, a, training: bool = False):
        return a.reshape(len(a), -1), a.shape

    def backward(self, a_shape, dx, input_gradient: bool):
        return channel_first(np.ascontiguousarray(channel_last(dx.reshape(a_shape))))   # channel-last


def build_layers(layers: tuple[Layer, ...]) -> list:
    """The layer objects of a list: each convolution and hidden dense layer followed by ReLU, a Flatten
    before the first dense layer after maps, and the output layer of 10 units."""
    built: list = []
    shape: tuple[int, ...] = INPUT_SHAPE if not isinstance(layers[0], Dense) else (INPUT_SHAPE[1] ** 2,)
    for layer, described in zip(layers, shapes(layers)):
        if isinstance(layer, Convolution):
            built += [ConvolutionLayer(layer, shape[0]), ReLU()]
        elif isinstance(layer, Pool):
            built.append(MaxPoolLayer(layer.size))
        else:
            if len(shape) > 1:
                built.append(Flatten())
            built += [DenseLayer(layer.units, int(np.prod(shape))), ReLU()]
        shape = described.output_shape
    if len(shape) > 1:
        built.append(Flatten())
    built.append(DenseLayer(shapes(layers)[-1].output_shape[0], int(np.prod(shape))))
    return built


class LayeredNetwork:
    """The layers of a list, their weights and biases, forward pass and back-propagation."""

    def __init__(self, layers: tuple[Layer, ...], arrays: list[np.ndarray]):
        self.spec = tuple(layers)
        self.layers = build_layers(self.spec)
        expected = [shape for layer in self.layers for shape in layer.shapes]
        found = [tuple(array.shape) for array in arrays]
        if found != expected:
            raise ModelError(_("the weights and biases have the shapes {found}; the layers need {expected}").format(
                found=found, expected=expected))
        self.parameters = pack(list(arrays))
        self._gradients = pack(self.parameters, copy=False)
        self.images = not isinstance(self.spec[0], Dense)
        pieces = iter(zip(self.parameters, self._gradients))
        for layer in self.layers:
            if layer.shapes:
                (layer.w, layer.dw), (layer.b, layer.db) = next(pieces), next(pieces)

    @classmethod
    def create(cls, layers: tuple[Layer, ...], seed: int | np.random.Generator = 0,
               dtype: type = np.float32) -> "LayeredNetwork":
        """He initialisation: weights of variance 2 / (the inputs of one unit), biases 0."""
        rng = np.random.default_rng(seed)
        arrays = []
        for layer in build_layers(tuple(layers)):
            if layer.shapes:
                w_shape, b_shape = layer.shapes
                fan_in = int(np.prod(w_shape[1:]))        # c f f for a filter, the inputs for a unit
                arrays.append((rng.standard_normal(w_shape) * np.sqrt(2 / fan_in)).astype(dtype))
                arrays.append(np.zeros(b_shape, dtype=dtype))
        return cls(layers, arrays)

    @property
    def dtype(self):
        return self.parameters.flat.dtype

    def copy(self) -> "LayeredNetwork":
        return LayeredNetwork(self.spec, list(self.parameters))     # which copies them

    def __reduce__(self):
        """Pickled as its layers and arrays, and packed again when it is read."""
        return LayeredNetwork, (self.spec, list(self.parameters))

    def forward_pass(self, x: np.ndarray, training: bool = False) -> tuple[list[np.ndarray], list]:
        """Every layer's output (the input first) and what its back-propagation needs; `training`: the
        convolutions may write into arrays they keep, which the next training batch overwrites."""
        outputs, caches = [as_images(x) if self.images else x], []
        for layer in self.layers:
            output, cache = layer.forward(outputs[-1], training)
            outputs.append(output)
            caches.append(cache)
        return outputs, caches

    def forward(self, x: np.ndarray) -> list[np.ndarray]:
        """Every layer's output for the batch of rows x: [input, ..., logits]; a ReLU's output replaces the
        output of the layer before it (both are listed, as one array)."""
        return self.forward_pass(np.asarray(x, dtype=self.dtype))[0]

    def logits(self, x: np.ndarray) -> np.ndarray:
        """The output layer's values before softmax, one row per sample, CHUNK rows at a time."""
        x = np.asarray(x, dtype=self.dtype)
        parts = [self.forward_pass(x[start:start + CHUNK])[0][-1] for start in range(0, len(x), CHUNK)]
        return np.concatenate(parts) if parts else np.zeros((0, self.layers[-1].shapes[1][0]), self.dtype)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return softmax(self.logits(x))

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.logits(x).argmax(axis=1)

    def cost(self, x: np.ndarray, labels: np.ndarray) -> float:
        return cross_entropy(self.logits(x), labels)

    def gradients(self, x: np.ndarray, labels: np.ndarray) -> tuple[float, list[np.ndarray]]:
        """The cost of the batch and dJ/dparameter for [W1, b1, W2, b2, ...], by back-propagation.

        The gradients go into arrays the network keeps, packed like its parameters: a call overwrites
        the previous call's.
        """
        outputs, caches = self.forward_pass(np.asarray(x, dtype=self.dtype), training=True)
        logits = outputs[-1]
        m = len(labels)
        cost = cross_entropy(logits, labels)
        dz = softmax(logits)                        # a new array, which the next lines change
        dz[np.arange(m), labels] -= 1               # dz = y_hat - y
        dz /= m                                     # for the mean over the batch
        first = next(index for index, layer in enumerate(self.layers) if layer.shapes)
        for index in reversed(range(first, len(self.layers))):
            dz = self.layers[index].backward(caches[index], dz, input_gradient=index > first)
        return cost, self._gradients


def as_matrices(arrays: Packed) -> Packed:
    """The same arrays with each filter bank W (k, c, f, f) seen as a (k, c f f) matrix, in the same memory."""
    return Packed([array.reshape(len(array), -1) if array.ndim > 2 else array for array in arrays], arrays.flat)


class LayeredOptimizer:
    """An optimiser of core/learning/optimizers.py for a layered network: it sees every weight array as a matrix."""

    def __init__(self, name: str, network: LayeredNetwork, learning_rate: float, momentum: float = 0.9,
                 weight_decay: float = 0.0):
        self.optimizer = make_optimizer(name, as_matrices(network.parameters), learning_rate, momentum,
                                        weight_decay)

    @property
    def learning_rate(self) -> float:
        return self.optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        self.optimizer.learning_rate = value

    @property
    def state(self) -> list[np.ndarray]:
        return self.optimizer.state

    def update(self, parameters: Packed, gradients: Packed) -> None:
        self.optimizer.update(as_matrices(parameters), as_matrices(gradients))
