"""The convolutional layers' maths written as the formulas are: a 2-D convolution, max pooling and the step
from feature maps to a dense layer, forward and back-propagation. The report quotes this module.

A batch of feature maps `a` is (m, channels, height, width): the formulas are written for one sample and
every line applies them to all m samples at once. A convolution has k filters of f x f over c channels,
W (k, c, f, f), and a bias per filter, b (k,). Stride 1; 'valid' padding adds nothing, 'same' adds zeros
around the maps so that the output is as large as the input ((f - 1) / 2 on each side; for an even f the
extra row and column go below and to the right). Like every deep-learning library, "convolution" here is
a cross-correlation: the filter is not flipped in the forward pass.

Each function makes new arrays and changes none it is given. The loops run over positions, which is slow
but reads like the sums; training runs core/learning/convolution.py, the same arithmetic as matrix products, and
tests/core/learning/test_convolution.py holds the two equal.
"""

from __future__ import annotations

import numpy as np

PADDINGS = ("valid", "same")


def padding_widths(f: int, padding: str) -> tuple[int, int]:
    """The zeros added (before, after) each image axis: none for 'valid', f - 1 in all for 'same'."""
    if padding == "valid":
        return 0, 0
    return (f - 1) // 2, f - 1 - (f - 1) // 2


def pad(a, before: int, after: int):
    """The maps with `before` rows and columns of zeros above and left of them, `after` below and right."""
    return np.pad(a, ((0, 0), (0, 0), (before, after), (before, after)))


# --- the convolution ----------------------------------------------------------------------------------


def convolution_forward(a, w, b, padding="valid"):
    """z[k, i, j] = sum_c sum_u sum_v W[k, c, u, v] a[c, i+u, j+v] + b[k]"""
    a = pad(a, *padding_widths(w.shape[-1], padding))
    m, _channels, height, width = a.shape
    filters, _, f, _ = w.shape
    z = np.zeros((m, filters, height - f + 1, width - f + 1), dtype=np.result_type(a, w))
    for k in range(filters):
        for i in range(height - f + 1):
            for j in range(width - f + 1):
                window = a[:, :, i:i + f, j:j + f]          # a[c, i+u, j+v] for every c, u, v
                z[:, k, i, j] = np.sum(w[k] * window, axis=(1, 2, 3)) + b[k]
    return z


def convolution_backward(a, w, dz, padding="valid"):
    """dJ/da, dJ/dW, dJ/db of a convolution, given its input a and dJ/dz"""
    f = w.shape[-1]
    before, after = padding_widths(f, padding)
    a_padded = pad(a, before, after)
    out_height, out_width = dz.shape[2:]
    dw = np.zeros(w.shape, dtype=dz.dtype)
    for k, c, u, v in np.ndindex(w.shape):
        # dW = A ⋆ dZ:  dW[k, c, u, v] = sum_i sum_j dz[k, i, j] a[c, i+u, j+v]
        dw[k, c, u, v] = np.sum(dz[:, k] * a_padded[:, c, u:u + out_height, v:v + out_width])
    db = dz.sum(axis=(0, 2, 3))                     # db[k] = sum_i sum_j dz[k, i, j]
    dz_full = pad(dz, f - 1, f - 1)                 # 'full' padding: f - 1 zeros on every side
    w_rotated = w[:, :, ::-1, ::-1]                 # rot180(W): each filter turned upside down
    da_padded = np.zeros(a_padded.shape, dtype=dz.dtype)
    _, channels, height, width = a_padded.shape
    for c in range(channels):
        for i in range(height):
            for j in range(width):
                # dA = dZ * rot180(W):  da[c, i, j] = sum_k sum_u sum_v dz_full[k, i+u, j+v] rot180(W)[k, c, u, v]
                window = dz_full[:, :, i:i + f, j:j + f]
                da_padded[:, c, i, j] = np.sum(window * w_rotated[:, c], axis=(1, 2, 3))
    da = da_padded[:, :, before:height - after, before:width - after]   # the zeros added have no gradient
    return da, dw, db


# --- max pooling --------------------------------------------------------------------------------------


def max_pool_forward(a, size=2):
    """p[c, i, j] = max_u max_v a[c, size i + u, size j + v]  (u, v < size)"""
    m, channels, height, width = a.shape
    p = np.zeros((m, channels, height // size, width // size), dtype=a.dtype)  # a last odd row or column is left out
    for i in range(height // size):
        for j in range(width // size):
            window = a[:, :, size * i:size * i + size, size * j:size * j + size]
            p[:, :, i, j] = window.max(axis=(2, 3))
    return p


def max_pool_backward(a, dp, size=2):
    """dJ/da: each window's dJ/dp goes to the input that won it; the others get 0.

    On a tie the first of the equal inputs in reading order (left to right, then top to bottom) won.
    """
    da = np.zeros(a.shape, dtype=dp.dtype)
    for n, c, i, j in np.ndindex(dp.shape):
        window = a[n, c, size * i:size * i + size, size * j:size * j + size]
        u, v = np.unravel_index(np.argmax(window), window.shape)    # argmax: the first maximum in reading order
        da[n, c, size * i + u, size * j + v] = dp[n, c, i, j]
    return da


# --- from feature maps to a dense layer, and back ---------------------------------------------------


def flatten(a):
    """x = (a[1, 1, 1], a[1, 1, 2], ...): the maps one after another, each row by row"""
    return a.reshape(len(a), -1)


def unflatten(dx, shape):
    """dJ/da: dJ/dx put back into the maps' shape (channels, height, width)"""
    return dx.reshape((len(dx),) + tuple(shape))
