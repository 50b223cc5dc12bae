"""Weight updates: gradient descent `w = w - learning_rate * dJ/dw`, with momentum or Adam.

These are the steps of core/learning/textbook.py (which the report quotes) made fast for training: each array is
changed in place, and tests/core/learning/test_textbook.py holds the two equal.

Momentum's velocity and Adam's running mean shrink by a constant factor every step wherever the
gradient is zero (a pixel no digit inks, a unit ReLU has switched off), so after some hundreds of steps
they would fall below float32's smallest normal number (1.18e-38). Arithmetic on such subnormal numbers
is several times slower on some CPUs, and the late epochs of a run would be the slow ones. So every
FLUSH_EVERY steps the entries that would get there before the next flush are set to zero: a step made
of them is below the last digit of any float32 weight above 1e-20.

When the parameters, their gradients and the optimiser's state are packed alike into single buffers
(core.learning.packed, as a Network's are), each operation of a step is one NumPy call over all of them.
"""

from __future__ import annotations

import math
from typing import cast

import numpy as np

from core.base.errors import unknown_choice
from core.base.i18n import N_
from core.learning.packed import Packed, buffers, pack, same_layout

OPTIMIZERS = {"sgd": N_("gradient descent"), "momentum": N_("gradient descent with momentum"),
              "adam": N_("Adam")}   # name -> label
# Each optimiser's own default learning rate, measured on held-out rows 1000-4999 (README, "Defaults").
DEFAULT_LEARNING_RATES = {"sgd": 0.3, "momentum": 0.03, "adam": 0.002}
FLUSH_EVERY = 16            # steps between flushes of the decaying state
FLUSH_CEILING = 2.0**-100   # never flush more than this (a decay far below 0.9 would ask for more)


class GradientDescent:
    """w = w - learning_rate * dJ/dw; with momentum the step is a running sum of past gradients."""

    def __init__(self, parameters, learning_rate: float, momentum: float = 0.0, weight_decay: float = 0.0):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.velocities = zeros_like(parameters)
        self.steps = 0

    @property
    def state(self) -> list[np.ndarray]:
        """Every array carried from one step to the next."""
        return list(self.velocities)

    def update(self, parameters: list[np.ndarray], gradients: list[np.ndarray]) -> None:
        """One step. The gradients are this step's own and are scaled in place."""
        self.steps += 1
        decay_weights(parameters, gradients, self.weight_decay)    # dJ/dw += weight_decay * w, on weights
        for w, dw, v in pieces(parameters, gradients, self.velocities):
            dw *= self.learning_rate               # learning_rate * dJ/dw
            if self.momentum:
                v *= self.momentum
                v -= dw                            # v = momentum * v - learning_rate * dJ/dw
                w += v                             # w = w + v
            else:
                w -= dw                            # w = w - learning_rate * dJ/dw
        if self.momentum and self.steps % FLUSH_EVERY == 0:
            flush_subnormals(self.velocities, self.momentum)


class Adam:
    """Adam: the step divides a running mean of gradients by the root of their running square."""

    def __init__(self, parameters, learning_rate: float, weight_decay: float = 0.0,
                 beta1: float = 0.9, beta2: float = 0.999, epsilon: float = 1e-8):
        self.learning_rate = learning_rate
        self.weight_decay = weight_decay
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.means = zeros_like(parameters)
        self.squares = zeros_like(parameters)
        self.scratch = zeros_like(parameters)      # made once: a step needs one array of room
        self.steps = 0

    @property
    def state(self) -> list[np.ndarray]:
        """Every array carried from one step to the next."""
        return list(self.means) + list(self.squares)

    def update(self, parameters: list[np.ndarray], gradients: list[np.ndarray]) -> None:
        """One step. The gradients are this step's own and may be changed."""
        self.steps += 1
        # the bias corrections of m and v folded into one step size (a Python float keeps float32)
        step_size = self.learning_rate * math.sqrt(1 - self.beta2**self.steps) / (1 - self.beta1**self.steps)
        decay_weights(parameters, gradients, self.weight_decay)    # dJ/dw += weight_decay * w, on weights
        for w, dw, m, v, step in pieces(parameters, gradients, self.means, self.squares, self.scratch):
            m *= self.beta1
            m += np.multiply(dw, 1 - self.beta1, out=step)         # m = beta1 * m + (1 - beta1) * dJ/dw
            v *= self.beta2
            np.multiply(dw, 1 - self.beta2, out=step)
            step *= dw
            v += step                              # v = beta2 * v + (1 - beta2) * (dJ/dw)^2
            np.sqrt(v, out=step)
            step += self.epsilon
            np.divide(m, step, out=step)
            step *= step_size
            w -= step                              # w = w - step_size * m / (sqrt(v) + epsilon)
        if self.steps % FLUSH_EVERY == 0:
            flush_subnormals(self.means, self.beta1)
            flush_subnormals(self.squares, self.beta2)


def zeros_like(parameters: list[np.ndarray]) -> list[np.ndarray]:
    """Zeros shaped like the parameters, packed like them if they are packed."""
    if same_layout(parameters):
        return pack(parameters, copy=False)
    return [np.zeros_like(p) for p in parameters]


def pieces(*lists: list[np.ndarray]):
    """Corresponding arrays of the lists: their whole buffers at once if they are packed alike."""
    if same_layout(*lists):
        return [tuple(cast(Packed, each).flat for each in lists)]
    return zip(*lists, strict=True)


def decay_weights(parameters: list[np.ndarray], gradients: list[np.ndarray], weight_decay: float) -> None:
    """dJ/dw += weight_decay * w: L2 weight decay, on weights only (not biases)."""
    if weight_decay:
        for w, dw in zip(parameters, gradients, strict=True):
            if w.ndim == 2:
                dw += weight_decay * w


def flush_subnormals(arrays: list[np.ndarray], decay: float) -> None:
    """Zero the entries that `decay` would take below the smallest normal number within FLUSH_EVERY steps."""
    for array in buffers(arrays):
        tiny = np.finfo(array.dtype).tiny
        threshold = tiny / max(decay**FLUSH_EVERY, tiny / FLUSH_CEILING)    # at most FLUSH_CEILING
        np.copyto(array, 0, where=np.abs(array) < threshold)


def make_optimizer(name: str, parameters, learning_rate: float, momentum: float, weight_decay: float):
    if name == "sgd":
        return GradientDescent(parameters, learning_rate, 0.0, weight_decay)
    if name == "momentum":
        return GradientDescent(parameters, learning_rate, momentum, weight_decay)
    if name == "adam":
        return Adam(parameters, learning_rate, weight_decay)
    raise unknown_choice("optimizer", name, OPTIMIZERS)
