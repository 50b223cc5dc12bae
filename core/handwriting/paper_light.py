"""The paper's uneven light evened out: each pixel's ink strength, whatever the light or shadow over it.

The paper's brightness is estimated everywhere by a morphological closing of the grey image: the
brightest level within a window wider than a pen stroke (ink is gone), then the darkest level within
the same window (the light's own edges, a shadow's, come back where they were). Dividing the photo by
it leaves ink darker than 1 and paper at 1, in sunlight and in shadow alike. The closing runs on a
copy of about LIGHT_SIDE pixels and is enlarged back.

Ink lighter than the paper (chalk on a board) is found the same way on the inverted image. Which of
the two a photo holds is told on a smaller copy by the sign of its skew: the paper covers most of
any place, so the pixels that stand far from their neighbourhood's mean are the ink's, darker or
lighter; the edge of a shadow stands out as much on either side and does not tip it.
"""

from __future__ import annotations

import numpy as np

LIGHT_SIDE = 320            # the closing runs on a copy this many pixels on its longer side, at most
GUESS_SIDE = 160            # which ink is darker is told on a copy this size
DARKEST_PAPER = 0.1         # paper darker than this (a black image) is taken as this dark: noise is not ink
PAPER_WINDOW = 0.1          # the closing's window, as a part of the longer side: wider than a marker's stroke


def ink_strength(grey: np.ndarray) -> np.ndarray:
    """How much darker than the paper around it each pixel of a grey image in [0, 1] is, in [0, 1]
    (how much lighter, for light ink on a dark board): 1 - grey / paper."""
    shrink = max(1, round(max(grey.shape) / LIGHT_SIDE))
    small = blocks_mean(grey, shrink)
    dark = dark_ink(blocks_mean(small, max(1, round(max(small.shape) / GUESS_SIDE))))
    shown, small = (grey, small) if dark else (1 - grey, 1 - small)
    window = _odd(PAPER_WINDOW * max(small.shape))
    paper = enlarged(_extreme_filter(_extreme_filter(small, window, np.maximum), window, np.minimum), shrink,
                     grey.shape)
    return np.clip(1 - shown / np.maximum(paper, DARKEST_PAPER), 0, 1)


def dark_ink(small: np.ndarray) -> bool:
    """Whether the ink is darker than the paper, told on a small grey copy of the photo (see the module's
    docstring)."""
    deviations = small - _box_mean(small, _odd(PAPER_WINDOW * max(small.shape)))
    return float(np.sum(deviations ** 3)) <= 0


def _odd(size: float) -> int:
    return max(3, round(size) | 1)


def blocks_mean(image: np.ndarray, side: int) -> np.ndarray:
    """The mean of each side x side block (a last row or column of partial blocks is left out)."""
    if side == 1:
        return image
    height, width = image.shape[0] // side, image.shape[1] // side
    total = np.zeros((height, width), dtype=np.float32)
    for row in range(side):         # side x side strided views added: faster than a reshaped mean
        for column in range(side):
            total += image[row:height * side:side, column:width * side:side]
    return total / (side * side)


def enlarged(image: np.ndarray, factor: int, shape: tuple[int, int]) -> np.ndarray:
    """`blocks_mean`'s result back to `shape`: interpolated linearly between the blocks' centres."""
    for axis in (0, 1):
        at = np.clip((np.arange(shape[axis]) + 0.5) / factor - 0.5, 0, image.shape[axis] - 1)
        below = np.floor(at).astype(int)
        above = np.minimum(below + 1, image.shape[axis] - 1)
        weight = (at - below).astype(np.float32)
        weight = weight[:, None] if axis == 0 else weight[None, :]
        image = np.take(image, below, axis=axis) * (1 - weight) + np.take(image, above, axis=axis) * weight
    return image


def _extreme_filter(image: np.ndarray, window: int, extreme) -> np.ndarray:
    """The maximum (extreme=np.maximum) or minimum over a window x window square around each pixel, the
    edges repeated outward. Windows double in steps, so the cost grows with log(window), not window."""
    half = window // 2
    for axis in (0, 1):
        values = np.moveaxis(np.pad(image, [(half, half) if a == axis else (0, 0) for a in (0, 1)], mode="edge"),
                             axis, 0)
        span = 1
        while span * 2 <= window:           # values[i] = extreme of span pixels from i
            values = extreme(values[:-span], values[span:])
            span *= 2
        if span < window:
            values = extreme(values[:-(window - span)], values[window - span:])
        image = np.moveaxis(values, 0, axis)
    return image


def _box_mean(image: np.ndarray, window: int) -> np.ndarray:
    """The mean over a window x window square around each pixel, the edges repeated outward."""
    half = window // 2
    padded = np.pad(image, half, mode="edge")
    sums = np.pad(np.cumsum(np.cumsum(padded, axis=0), axis=1), ((1, 0), (1, 0)))
    height, width = image.shape
    total = (sums[window:window + height, window:window + width] - sums[:height, window:window + width]
             - sums[window:window + height, :width] + sums[:height, :width])
    return total / (window * window)
