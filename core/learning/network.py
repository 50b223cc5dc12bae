"""The assignment's network, as training runs it: fully connected layers, a hidden activation, softmax
outputs.

This is the fast version of core/learning/textbook.py's maths, which the report quotes: the same arithmetic with
results written into arrays made once and the parameters and gradients packed into one buffer each;
tests/core/learning/test_textbook.py holds the two equal. Softmax and the cost are the textbook's own functions.

Samples are rows: a batch `x` is (m, 784). A layer's weights `w` are (outputs, inputs), as in the
formulas, so a layer computes `z = x @ w.T + b` and its gradient `dw = dz.T @ x` is the assignment's
`dW = dz X^T` with samples as rows. Weights are stored column-major (w.T is C-contiguous), which
makes both matrix products plain BLAS calls on contiguous data; shapes and values are as in the
formulas. Everything is float32 unless a test asks for float64.
"""

from __future__ import annotations

import numpy as np

from core.base.errors import unknown_choice
from core.base.i18n import N_
from core.learning.packed import pack
from core.learning.textbook import cross_entropy, softmax

ACTIVATIONS = {"relu": N_("ReLU"), "sigmoid": N_("sigmoid"), "tanh": N_("tanh")}   # name -> label
INITIALISATIONS = {"he": N_("He (variance 2/inputs)"), "xavier": N_("Xavier (variance 2/(inputs + outputs))")}


def activate(name: str, z: np.ndarray) -> np.ndarray:
    """The hidden activation, applied in place to `z` (which the caller owns) and returned."""
    if name == "relu":
        return np.maximum(z, 0, out=z)
    if name == "sigmoid":
        np.negative(z, out=z)
        np.exp(z, out=z)
        z += 1
        return np.reciprocal(z, out=z)
    if name == "tanh":
        return np.tanh(z, out=z)
    raise unknown_choice("activation", name, ACTIVATIONS)


def activation_derivative(name: str, a: np.ndarray) -> np.ndarray:
    """d(activation)/dz written in terms of the activation's output `a`."""
    if name == "relu":
        return a > 0        # True and False multiply as 1 and 0, without a float copy of the mask
    if name == "sigmoid":
        return a * (1 - a)
    return 1 - a * a


class Network:
    """Weights and biases of a fully connected network, its forward pass and back-propagation."""

    def __init__(self, weights: list[np.ndarray], biases: list[np.ndarray], activation: str = "relu"):
        if activation not in ACTIVATIONS:
            raise unknown_choice("activation", activation, ACTIVATIONS)
        # column-major memory, so that w.T is a C-contiguous (inputs, outputs) matrix and x @ w.T is a
        # plain matrix product (about a third faster for small batches); shapes and values are unchanged
        column_major = [np.asfortranarray(w) for w in weights]
        # copies of all arrays in one buffer, so that an optimiser updates them with one call per operation
        self.parameters = pack([array for pair in zip(column_major, biases, strict=True) for array in pair])
        self.weights, self.biases = self.parameters[0::2], self.parameters[1::2]
        self.activation = activation
        self._gradients = pack(self.parameters, copy=False)

    @classmethod
    def create(
        cls,
        layer_sizes: list[int] | tuple[int, ...],
        activation: str = "relu",
        initialisation: str = "he",
        seed: int | np.random.Generator = 0,
        dtype: type = np.float32,
    ) -> "Network":
        """Random weights (He: variance 2/inputs; Xavier: 2/(inputs+outputs)) and zero biases."""
        if initialisation not in INITIALISATIONS:
            raise unknown_choice("initialisation", initialisation, INITIALISATIONS)
        rng = np.random.default_rng(seed)
        weights: list[np.ndarray] = []
        biases: list[np.ndarray] = []
        for inputs, outputs in zip(layer_sizes[:-1], layer_sizes[1:], strict=True):
            variance = 2 / inputs if initialisation == "he" else 2 / (inputs + outputs)
            weights.append((rng.standard_normal((outputs, inputs)) * np.sqrt(variance)).astype(dtype))
            biases.append(np.zeros(outputs, dtype=dtype))
        return cls(weights, biases, activation)

    @property
    def layer_sizes(self) -> list[int]:
        return [self.weights[0].shape[1]] + [w.shape[0] for w in self.weights]

    def copy(self) -> "Network":
        return Network(self.weights, self.biases, self.activation)    # which copies them

    def __reduce__(self):
        """Pickled (to or from a training process) as its arrays, and built again packed as above: a pickle
        of the attributes would hold every number twice, and the arrays would no longer share one buffer."""
        return Network, (list(self.weights), list(self.biases), self.activation)

    def forward(self, x: np.ndarray) -> list[np.ndarray]:
        """Every layer's output for the batch x: [x, a1, ..., logits]."""
        outputs = [x]
        last = len(self.weights) - 1
        for layer, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            z = outputs[-1] @ w.T
            z += b
            outputs.append(z if layer == last else activate(self.activation, z))
        return outputs

    def logits(self, x: np.ndarray) -> np.ndarray:
        """The output layer's values before softmax, one row per sample."""
        return self.forward(np.asarray(x, dtype=self.weights[0].dtype))[-1]

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """y_hat: the softmax class probabilities of each sample."""
        return softmax(self.logits(x))

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.logits(x).argmax(axis=1)

    def cost(self, x: np.ndarray, labels: np.ndarray) -> float:
        return cross_entropy(self.logits(x), labels)

    def gradients(self, x: np.ndarray, labels: np.ndarray) -> tuple[float, list[np.ndarray]]:
        """The cost of the batch and dJ/dparameter for [w1, b1, w2, b2, ...], by back-propagation.

        The gradients go into arrays the network keeps, packed like its parameters: a call overwrites
        the previous call's.
        """
        outputs = self.forward(x)
        logits = outputs[-1]
        m = len(labels)
        cost = cross_entropy(logits, labels)
        dz = softmax(logits)                       # a new array, which the next lines change
        dz[np.arange(m), labels] -= 1              # dz = y_hat - y
        dz /= m                                    # for the mean over the batch
        gradients = self._gradients
        for layer in reversed(range(len(self.weights))):
            a_previous = outputs[layer]
            dw, db = gradients[2 * layer], gradients[2 * layer + 1]
            np.matmul(a_previous.T, dz, out=dw.T)  # dW = dz X^T (samples as rows: dz.T @ x), made as
                                                   # (x.T @ dz).T to share the weights' memory layout
            np.sum(dz, axis=0, out=db)             # db = dz, summed over the batch
            if layer > 0:
                dz = dz @ self.weights[layer]
                dz *= activation_derivative(self.activation, a_previous)
        return cost, gradients
