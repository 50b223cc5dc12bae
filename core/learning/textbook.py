"""The assignment's maths written as the formulas are: the forward pass, softmax, the cost,
back-propagation, the weight updates and the learning-rate schedule. The report quotes this module.

Each function makes new arrays and changes none it is given, and its comments are formulas. Samples are
the rows of x, and a layer's weights W are (outputs, inputs) as in the formulas, so z = W a + b for every
sample at once is `a @ W.T + b`, and dW = dz a^T summed over the samples is `dz.T @ a`.

Training runs a faster version of the same arithmetic, core/learning/network.py and core/learning/optimizers.py (arrays
made once and written in place, all the parameters in one buffer); tests/core/learning/test_textbook.py holds
its gradients and steps equal to these. The cost is one function: training and testing call
`cross_entropy` below.
"""

from __future__ import annotations

import math

import numpy as np

from core.base.errors import unknown_choice

# --- the hidden layers' activations g, and their derivatives g' written with g's output a ---


def relu(z):
    return np.maximum(z, 0)                 # g(z) = max(0, z)


def relu_derivative(a):
    return (a > 0) * 1.0                    # g'(z) = 1 (z > 0), 0 (z <= 0)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))             # g(z) = 1 / (1 + e^-z)


def sigmoid_derivative(a):
    return a * (1 - a)                      # g'(z) = a (1 - a)


def tanh(z):
    return np.tanh(z)                       # g(z) = tanh(z)


def tanh_derivative(a):
    return 1 - a**2                         # g'(z) = 1 - a^2


ACTIVATION_FUNCTIONS = {                    # name -> (g, g')
    "relu": (relu, relu_derivative),
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
}


def activation_functions(name: str):
    """(g, g') of the activation called `name`; an unknown name is an error."""
    if name not in ACTIVATION_FUNCTIONS:
        raise unknown_choice("activation", name, ACTIVATION_FUNCTIONS)
    return ACTIVATION_FUNCTIONS[name]


# --- softmax and the cost ------------------------------------------------------------------------


def log_softmax(z):
    """ln(y_hat) = z - ln(sum(e^z))"""
    shifted = z - z.max(axis=1, keepdims=True)      # softmax(z - max(z)) = softmax(z)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def softmax(z):
    """y_hat = e^z / sum(e^z)"""
    return np.exp(log_softmax(z))


def cross_entropy(z, labels) -> float:
    """J = (1/m) * sum_i(-ln y_hat[i, labels[i]])"""
    m = len(labels)
    ln_y_hat = log_softmax(z)
    return float(-ln_y_hat[np.arange(m), labels].sum() / m)


# --- the forward pass and back-propagation -------------------------------------------------------


def forward(weights, biases, activation, x):
    """a = [x, a1, ..., a(L-1)], z(L)"""
    g, g_prime = activation_functions(activation)
    a = [x]                                         # a0 = x
    for w, b in zip(weights[:-1], biases[:-1]):
        z = a[-1] @ w.T + b                         # z = W a + b
        a.append(g(z))                              # a = g(z)
    z = a[-1] @ weights[-1].T + biases[-1]          # z(L) = W(L) a(L-1) + b(L)
    return a, z


def gradients(weights, biases, activation, x, labels):
    """[dJ/dW1, dJ/db1, ..., dJ/dWL, dJ/dbL]"""
    g, g_prime = activation_functions(activation)
    a, z = forward(weights, biases, activation, x)
    m = len(labels)
    y_hat = softmax(z)
    y = np.eye(z.shape[1])[labels]                  # y = one_hot(labels)
    dz = (y_hat - y) / m                            # dz(L) = (y_hat - y) / m
    derivatives = []
    for layer in reversed(range(len(weights))):
        dw = dz.T @ a[layer]                        # dW(l) = dz(l) a(l-1)^T
        db = dz.sum(axis=0)                         # db(l) = sum(dz(l))
        derivatives = [dw, db] + derivatives
        if layer > 0:
            dz = (dz @ weights[layer]) * g_prime(a[layer])  # dz(l-1) = W(l)^T dz(l) * g'(z(l-1))
    return derivatives


# --- testing: the recognition rate the assignment asks for ---------------------------------------------


def predict(weights, biases, activation, x):
    """digit = argmax(y_hat)"""
    a, z = forward(weights, biases, activation, x)
    y_hat = softmax(z)                              # y_hat = softmax(z(L))
    digit = np.argmax(y_hat, axis=1)                # digit = argmax(y_hat)
    return digit


def recognition_rate(weights, biases, activation, x, labels):
    """rate = right / m"""
    digit = predict(weights, biases, activation, x)
    m = len(labels)
    right = np.sum(digit == labels)                 # right = sum(digit == labels)
    rate = right / m                                # rate = right / m
    return float(rate)


# --- the weight updates, of one array w (a weight matrix W or a bias b); t counts the steps ---


def gradient_descent_step(w, dw, learning_rate):
    """w = w - alpha dJ/dw"""
    return w - learning_rate * dw


def momentum_step(w, dw, v, learning_rate, momentum):
    """v = mu v - alpha dJ/dw;  w = w + v"""
    v = momentum * v - learning_rate * dw
    w = w + v
    return w, v


def adam_step(w, dw, m, v, t, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """w = w - alpha_t m / (sqrt(v) + epsilon)"""
    m = beta1 * m + (1 - beta1) * dw                # m = beta1 m + (1 - beta1) dJ/dw
    v = beta2 * v + (1 - beta2) * dw**2             # v = beta2 v + (1 - beta2) (dJ/dw)^2
    alpha_t = learning_rate * math.sqrt(1 - beta2**t) / (1 - beta1**t)
    w = w - alpha_t * m / (np.sqrt(v) + epsilon)
    return w, m, v


def with_weight_decay(w, dw, weight_decay):
    """dJ/dW + lambda W;  dJ/db"""
    if w.ndim == 1:
        return dw                                   # b: dJ/db
    return dw + weight_decay * w                    # W: dJ/dW + lambda W


def cosine_learning_rate(learning_rate, epoch, epochs):
    """alpha_e = alpha_0 (1 + cos(pi e / E)) / 2"""
    return learning_rate * 0.5 * (1 + math.cos(math.pi * epoch / epochs))
