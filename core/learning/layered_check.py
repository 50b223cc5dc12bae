"""The gradient check of a layered network (core/learning/layered.py): back-propagation's dJ/dθ of every convolution's and
dense layer's weights and biases against central finite differences, in float64, as core/learning/gradient_check.py
checks a fully connected Network, and with its figures (ArrayCheck, GradientCheck: below 1e-6 they agree).
Pooling and flattening have no parameters: a mistake in their back-propagation shows in the layers before them.

The cost is smooth only between kinks: where a ReLU's input crosses 0 or another input wins a pooling window.
A convolution computes far more values than a dense layer (16 filters x 784 positions per digit), and a
difference of step h = 1e-5 then often straddles a kink, which puts a slope of its own into the difference.
So where its two points differ in which ReLUs are on and which inputs win (`activity`), the difference is
taken on one side only, the side of θ's own activity (`smooth_difference`).
"""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

from core.learning.convolution import max_pool_backward
from core.learning.gradient_check import (
    ENTRIES,
    STEP,
    ArrayCheck,
    GradientCheck,
    relative_error,
    sampled_entries,
)
from core.learning.layered import LayeredNetwork, MaxPoolLayer, ReLU
from core.learning.textbook import cross_entropy

SMALLER_STEPS = 2           # times a step is divided by ten when there are kinks on both sides


def in_float64(network: LayeredNetwork) -> LayeredNetwork:
    """A float64 copy; type(network) keeps a subclass's own back-propagation (a test double's)."""
    return type(network)(network.spec, [array.astype(np.float64) for array in network.parameters])


def parameter_names(network: LayeredNetwork) -> list[str]:
    """W1, b1, W2, b2, ...: the layers with parameters numbered in order, the output layer last."""
    count = len(network.parameters) // 2
    return [f"{letter}{number}" for number in range(1, count + 1) for letter in "Wb"]


def activity(network: LayeredNetwork, x: np.ndarray, labels: np.ndarray) -> tuple[float, bytes]:
    """The cost, and which ReLUs are on and which inputs win their pooling windows, as bytes."""
    outputs, caches = network.forward_pass(x)
    marks = []
    for layer, output, cache in zip(network.layers, outputs[1:], caches):
        if isinstance(layer, ReLU):
            marks.append(output > 0)
        elif isinstance(layer, MaxPoolLayer):
            a, p = cache
            marks.append(max_pool_backward(a, p, np.ones_like(p), layer.size) != 0)
    return cross_entropy(outputs[-1], labels), np.packbits(np.concatenate([m.ravel() for m in marks])).tobytes()


def smooth_difference(evaluate, array: np.ndarray, index: tuple, step: float) -> float:
    """dJ/dθ for θ = array[index] by differences that stay on θ's own side of every kink; θ is put back.

    The central difference (J(θ + h) − J(θ − h)) / 2h when θ + h and θ − h have the same activity. Otherwise a
    kink lies between them, and back-propagation took the derivative of θ's own side (a ReLU whose input is
    exactly 0 counts as off; of tied inputs, the first wins): the one-sided difference
    (−3 J(θ) + 4 J(θ + s) − J(θ + 2s)) / 2s on the side s = ±h whose activity is θ's measures it. With kinks on
    both sides, h is divided by ten and the whole tried again, at most SMALLER_STEPS times.
    """
    original = array[index]

    def at(value: float) -> tuple[float, bytes]:
        array[index] = value
        try:
            return evaluate()
        finally:
            array[index] = original

    for attempt in range(SMALLER_STEPS + 1):
        (plus, plus_activity), (minus, minus_activity) = at(original + step), at(original - step)
        if plus_activity == minus_activity:
            return (plus - minus) / (2 * step)
        here, own_activity = at(original)
        for side in (step, -step):
            near, near_activity = (plus, plus_activity) if side > 0 else (minus, minus_activity)
            far, far_activity = at(original + 2 * side)
            if near_activity == far_activity == own_activity:
                return (-3 * here + 4 * near - far) / (2 * side)
        if attempt < SMALLER_STEPS:
            step /= 10
    return (plus - minus) / (2 * step)


def check_layered_gradients(network: LayeredNetwork, x: np.ndarray, labels: np.ndarray, entries: int = ENTRIES,
                            step: float = STEP, seed: int = 0) -> GradientCheck:
    """Every weight and bias array's gradient (`entries` of its entries at random where it has more), with one
    BLAS thread (several are many times slower on products this small when other programs hold the cores)."""
    with threadpool_limits(limits=1, user_api="blas"):
        return _check(network, x, labels, entries, step, seed)


def _check(network: LayeredNetwork, x: np.ndarray, labels: np.ndarray, entries: int, step: float,
           seed: int) -> GradientCheck:
    network = in_float64(network)
    x = np.asarray(x, dtype=np.float64)
    _cost, gradients = network.gradients(x, labels)

    def evaluate() -> tuple[float, bytes]:
        return activity(network, x, labels)

    rng = np.random.default_rng(seed)
    checks = []
    for name, array, gradient in zip(parameter_names(network), network.parameters, gradients):
        indices = sampled_entries(array.shape, entries, rng)
        numeric = np.array([smooth_difference(evaluate, array, index, step) for index in indices])
        analytic = np.array([gradient[index] for index in indices])
        checks.append(ArrayCheck(name, array.shape, len(indices), relative_error(analytic, numeric)))
    return GradientCheck(checks, len(labels), step)
