"""Weight updates: gradient descent `w = w - learning_rate * dJ/dw`, with momentum or Adam."""

from __future__ import annotations

import math

import numpy as np

from core.errors import SettingsError

OPTIMIZERS = ("sgd", "momentum", "adam")


class GradientDescent:
    """w = w - learning_rate * dJ/dw; with momentum the step is a running sum of past gradients."""

    def __init__(self, parameters, learning_rate: float, momentum: float = 0.0, weight_decay: float = 0.0):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.velocities = [np.zeros_like(p) for p in parameters]

    @property
    def state(self) -> list[np.ndarray]:
        """Every array carried from one step to the next."""
        return self.velocities

    def update(self, parameters: list[np.ndarray], gradients: list[np.ndarray]) -> None:
        """One step. The gradients are this step's own and are scaled in place."""
        for w, dw, v in zip(parameters, gradients, self.velocities):
            if w.ndim == 2 and self.weight_decay:
                dw += self.weight_decay * w        # L2 weight decay, on weights only
            dw *= self.learning_rate               # learning_rate * dJ/dw
            if self.momentum:
                v *= self.momentum
                v -= dw                            # v = momentum * v - learning_rate * dJ/dw
                w += v                             # w = w + v
            else:
                w -= dw                            # w = w - learning_rate * dJ/dw


class Adam:
    """Adam: the step divides a running mean of gradients by the root of their running square."""

    def __init__(self, parameters, learning_rate: float, weight_decay: float = 0.0,
                 beta1: float = 0.9, beta2: float = 0.999, epsilon: float = 1e-8):
        self.learning_rate = learning_rate
        self.weight_decay = weight_decay
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.means = [np.zeros_like(p) for p in parameters]
        self.squares = [np.zeros_like(p) for p in parameters]
        self.steps = 0

    @property
    def state(self) -> list[np.ndarray]:
        """Every array carried from one step to the next."""
        return self.means + self.squares

    def update(self, parameters: list[np.ndarray], gradients: list[np.ndarray]) -> None:
        self.steps += 1
        # the bias corrections of m and v folded into one step size (a Python float keeps float32)
        step_size = self.learning_rate * math.sqrt(1 - self.beta2**self.steps) / (1 - self.beta1**self.steps)
        for w, dw, mean, square in zip(parameters, gradients, self.means, self.squares):
            if w.ndim == 2 and self.weight_decay:
                dw = dw + self.weight_decay * w    # L2 weight decay, on weights only
            mean *= self.beta1
            mean += (1 - self.beta1) * dw          # m = beta1 * m + (1 - beta1) * dJ/dw
            square *= self.beta2
            square += (1 - self.beta2) * dw * dw   # v = beta2 * v + (1 - beta2) * (dJ/dw)^2
            step = np.sqrt(square)                 # w = w - step_size * m / (sqrt(v) + epsilon),
            step += self.epsilon                   # in place: a chain of temporaries of this size
            np.divide(mean, step, out=step)        # costs several times the arithmetic
            step *= step_size
            w -= step


def make_optimizer(name: str, parameters, learning_rate: float, momentum: float, weight_decay: float):
    if name == "sgd":
        return GradientDescent(parameters, learning_rate, 0.0, weight_decay)
    if name == "momentum":
        return GradientDescent(parameters, learning_rate, momentum, weight_decay)
    if name == "adam":
        return Adam(parameters, learning_rate, weight_decay)
    raise SettingsError(f"optimizer {name!r}: expected one of {', '.join(OPTIMIZERS)}")
