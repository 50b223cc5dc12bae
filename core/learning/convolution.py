"""The convolutional layers as training runs them: the arithmetic of core/learning/convolution_textbook.py (which the
report quotes) as a few matrix products and strided NumPy operations instead of loops over positions;
tests/core/learning/test_convolution.py holds the two equal.

A convolution becomes one matrix product by "im2col": every f x f window of every channel, for every output
position of every sample, is copied into one row of a matrix `columns` (m * out_height * out_width, f f c).
Then z = columns W^T + b, with W seen as a (k, f f c) matrix, and its gradient dW = dZ^T columns. dJ/da
goes the other way ("col2im"): dcolumns = dZ W, made as f * f blocks, one per place (u, v) in the window, and
each block is added back to the maps where im2col copied it from, one addition per (u, v). Pooling compares
the size x size strided views of the maps, one per place in the window, instead of looping over windows.

Arrays have the textbook's shapes, (m, channels, height, width), but the maps these functions make are
channel-last in memory, (m, height, width, channels), and they read such maps fastest: a window's channels
are then side by side, im2col copies them in runs, and a convolution's matrix product gives its output in
that order for free.

Training passes a `Workspace`, which keeps the two largest arrays (im2col's matrix and dJ/dcolumns, about
10 MB each for a batch of 32 through a 16-to-32-filter layer) from one mini-batch to the next: made anew each
time, their memory would be new to the process, and touching it cost some 45,000 page faults an epoch.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from core.learning.convolution_textbook import padding_widths


def channel_last(a: np.ndarray) -> np.ndarray:
    """The (m, height, width, channels) view of maps shaped (m, channels, height, width)."""
    return a.transpose(0, 2, 3, 1)


def channel_first(a: np.ndarray) -> np.ndarray:
    """The (m, channels, height, width) view of channel-last maps."""
    return a.transpose(0, 3, 1, 2)


class Workspace:
    """Arrays kept for reuse, one per name and shape (a last, smaller mini-batch gets its own)."""

    def __init__(self):
        self.arrays: dict[tuple, np.ndarray] = {}

    def array(self, name: str, shape: tuple[int, ...], dtype) -> np.ndarray:
        key = (name, shape, np.dtype(dtype))
        if key not in self.arrays:
            self.arrays[key] = np.empty(shape, dtype=dtype)
        return self.arrays[key]


def new_array(workspace: Workspace | None, name: str, shape: tuple[int, ...], dtype) -> np.ndarray:
    """An array to write into: the workspace's, or a new one when there is none."""
    return np.empty(shape, dtype=dtype) if workspace is None else workspace.array(name, shape, dtype)


def padded(a: np.ndarray, before: int, after: int) -> np.ndarray:
    """The maps as a new channel-last array (m, height, width, channels) with zeros around them."""
    m, channels, height, width = a.shape
    result = np.zeros((m, height + before + after, width + before + after, channels), dtype=a.dtype)
    result[:, before:before + height, before:before + width] = channel_last(a)
    return result


def im2col(a_padded: np.ndarray, f: int, workspace: Workspace | None = None) -> np.ndarray:
    """Every f x f window of channel-last maps as a row: (m * out_height * out_width, f * f * channels)."""
    m, height, width, channels = a_padded.shape
    out_height, out_width = height - f + 1, width - f + 1
    windows = sliding_window_view(a_padded, (f, f), axis=(1, 2))     # (m, i, j, c, u, v), a view
    columns = new_array(workspace, "columns", (m * out_height * out_width, f * f * channels), a_padded.dtype)
    columns.reshape(m, out_height, out_width, f, f, channels)[...] = windows.transpose(0, 1, 2, 4, 5, 3)
    return columns


def col2im(dcolumns: np.ndarray, padded_shape: tuple[int, ...], f: int) -> np.ndarray:
    """The opposite of im2col: dcolumns (f * f, m * out_height * out_width, channels), one block per window
    place (u, v), each added back to the maps where im2col copied it from."""
    m, height, width, channels = padded_shape
    out_height, out_width = height - f + 1, width - f + 1
    pieces = dcolumns.reshape(f, f, m, out_height, out_width, channels)
    da_padded = np.zeros(padded_shape, dtype=dcolumns.dtype)
    for u in range(f):
        for v in range(f):
            da_padded[:, u:u + out_height, v:v + out_width] += pieces[u, v]
    return da_padded


def filters_as_matrix(w: np.ndarray) -> np.ndarray:
    """W (k, c, f, f) as the (k, f f c) matrix whose columns follow im2col's rows."""
    return w.transpose(0, 2, 3, 1).reshape(len(w), -1)


def filters_by_place(w: np.ndarray) -> np.ndarray:
    """W (k, c, f, f) as f * f matrices (k, c), one per window place (u, v) in reading order."""
    filters, channels, f, _ = w.shape
    return w.transpose(2, 3, 0, 1).reshape(f * f, filters, channels)


def convolution_forward(a: np.ndarray, w: np.ndarray, b: np.ndarray, padding: str = "valid",
                        workspace: Workspace | None = None) -> tuple[np.ndarray, np.ndarray]:
    """z = A ⋆ W + b, and the im2col matrix of a that back-propagation needs."""
    filters, _channels, f, _ = w.shape
    a_padded = padded(a, *padding_widths(f, padding))
    m, height, width, _ = a_padded.shape
    columns = im2col(a_padded, f, workspace)
    z = columns @ filters_as_matrix(w).T           # (m * i * j, k)
    z += b
    return channel_first(z.reshape(m, height - f + 1, width - f + 1, filters)), columns


def convolution_backward(columns: np.ndarray, a_shape: tuple[int, ...], w: np.ndarray, dz: np.ndarray,
                         padding: str = "valid", input_gradient: bool = True,
                         dw: np.ndarray | None = None, db: np.ndarray | None = None,
                         workspace: Workspace | None = None):
    """(dJ/da or None, dJ/dW, dJ/db) of a convolution, from its im2col matrix `columns` and dJ/dz.

    dw and db, when given, receive the gradients (a network's packed gradient arrays); `input_gradient`
    False skips dJ/da (the first layer's input is the image, which has no parameters).
    """
    filters, channels, f, _ = w.shape
    dz_rows = channel_last(dz).reshape(-1, filters)               # (m * i * j, k), as z was made
    dw = np.empty(w.shape, dtype=dz.dtype) if dw is None else dw
    dw_matrix = dz_rows.T @ columns                               # dW = dZ^T columns, as (k, f f c)
    channel_last(dw)[...] = dw_matrix.reshape(filters, f, f, channels)
    db = np.sum(dz_rows, axis=0, out=db)                          # db = sum of dZ
    if not input_gradient:
        return None, dw, db
    before, after = padding_widths(f, padding)
    m, _, height, width = a_shape
    padded_shape = (m, height + before + after, width + before + after, channels)
    dcolumns = new_array(workspace, "dcolumns", (f * f, len(dz_rows), channels), dz.dtype)
    np.matmul(dz_rows, filters_by_place(w), out=dcolumns)          # dcolumns = dZ W, one (u, v) at a time
    da_padded = col2im(dcolumns, padded_shape, f)
    return channel_first(da_padded[:, before:before + height, before:before + width]), dw, db


def window_places(a: np.ndarray, size: int) -> list[np.ndarray]:
    """The size * size strided views a[:, :, size i + u, size j + v], one per (u, v) in reading order."""
    height, width = (a.shape[2] // size) * size, (a.shape[3] // size) * size     # a last odd row left out
    return [a[:, :, u:height:size, v:width:size] for u in range(size) for v in range(size)]


def max_pool_forward(a: np.ndarray, size: int = 2) -> np.ndarray:
    """p = the largest of each size x size window (in a's memory order)."""
    places = window_places(a, size)
    p = places[0].copy(order="K")
    for place in places[1:]:
        np.maximum(p, place, out=p)
    return p


def max_pool_backward(a: np.ndarray, p: np.ndarray, dp: np.ndarray, size: int = 2) -> np.ndarray:
    """dJ/da: dJ/dp at the first place of each window (reading order) that holds its maximum, else 0."""
    da = np.zeros_like(a, dtype=dp.dtype)
    claimed = np.zeros_like(p, dtype=bool)          # windows whose winner is found
    for place, da_place in zip(window_places(a, size), window_places(da, size)):
        won = np.equal(place, p)
        np.greater(won, claimed, out=won)           # won and not claimed before
        claimed |= won
        np.multiply(dp, won, out=da_place)
    return da
