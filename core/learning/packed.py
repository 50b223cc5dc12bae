"""Several arrays stored as consecutive pieces of one flat buffer.

An optimiser then updates all of a network's weights and biases with one NumPy call per operation
instead of one per operation and array (the shipped network has six arrays).
"""

from __future__ import annotations

import numpy as np


class Packed(list):
    """Arrays that are consecutive pieces of the 1-D array `flat`. `layout` holds each one's shape and
    memory order, so two Packed of the same layout line up element for element in their `flat`."""

    def __init__(self, arrays: list[np.ndarray], flat: np.ndarray):
        super().__init__(arrays)
        self.flat = flat
        self.layout = tuple((array.shape, _order(array)) for array in arrays)


def pack(arrays: list[np.ndarray], copy: bool = True) -> Packed:
    """Arrays of the same shapes and memory orders as `arrays` in one new buffer: copies, or zeros."""
    if not arrays:
        return Packed([], np.zeros(0))
    flat = np.zeros(sum(array.size for array in arrays), dtype=np.result_type(*arrays))
    pieces, start = [], 0
    for array in arrays:
        piece = flat[start:start + array.size]
        start += array.size
        # a column-major matrix is the transpose of a row-major piece of the reversed shape
        piece = piece.reshape(array.shape[::-1]).T if _order(array) == "F" else piece.reshape(array.shape)
        if copy:
            piece[...] = array
        pieces.append(piece)
    return Packed(pieces, flat)


def _order(array: np.ndarray) -> str:
    return "F" if array.ndim > 1 and array.flags.f_contiguous and not array.flags.c_contiguous else "C"


def same_layout(*arrays: list[np.ndarray]) -> bool:
    """Whether these lists are all Packed alike, so that their `flat` buffers line up."""
    layouts = {each.layout if isinstance(each, Packed) else None for each in arrays}
    return None not in layouts and len(layouts) == 1


def buffers(arrays: list[np.ndarray]) -> list[np.ndarray]:
    """The one flat buffer of Packed arrays, or else the arrays themselves."""
    return [arrays.flat] if isinstance(arrays, Packed) else list(arrays)
