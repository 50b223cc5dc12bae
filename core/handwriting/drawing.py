"""Reducing a drawing to a 28x28 digit the way MNIST's digits were made.

MNIST's recipe: crop to the ink, scale the longer side to 20 pixels keeping the aspect ratio with
anti-aliasing, then move the digit so its centre of mass sits at the centre of a 28x28 field.
Here the scaling averages the canvas pixels each output pixel covers (area averaging), and the
centring shifts by fractions of a pixel. The constants below are the knobs to tune.

A reduced drawing is then read in nine positions: in place, and moved one pixel in each of the eight
directions; its probabilities are the mean of the nine (`read_drawings`). A mouse drawing is never
placed exactly where a digit of the training rows would be, and one reading can hinge on that pixel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from core.learning.data import IMAGE_SIDE, column_major_to_image, image_to_column_major

if TYPE_CHECKING:
    from core.learning.layered import LayeredNetwork
    from core.learning.network import Network

CANVAS_SIDE = 280           # the Draw tab's canvas, in logical pixels: ten per MNIST pixel
PEN_WIDTH = 20              # its round pen: about MNIST's stroke (2-3 px of 28) at the canvas's scale
INK_THRESHOLD = 0.05        # canvas values below this are paper (anti-aliasing fringe, noise)
BOX_SIDE = 20               # the longer side of the digit after scaling, in pixels
CENTRE_OF_MASS = 14.0       # where MNIST's centre of mass lies, as a [row, column] index (measured)
SMALL_FRACTION = 0.2        # a drawing whose longer side is under this part of the canvas is small
FAINT_INK = 0.5             # a drawing whose strongest ink is below this is faint
# the positions a reduced drawing is read in, as (rows down, columns right): chosen on the drawing
# benchmark's seeds 1-4 (docs/results.md, "How the Draw tab reads"): 97.59% against 97.25% in place only
READING_SHIFTS = tuple((down, right) for down in (-1, 0, 1) for right in (-1, 0, 1))


def reduce_drawing(ink: np.ndarray, box_side: int = BOX_SIDE) -> np.ndarray | None:
    """Canvas ink [row, column] in [0, 1], any size -> a column-major 784 float32 vector; None if blank."""
    ink = np.asarray(ink, dtype=np.float32)
    box = ink_bounding_box(ink)
    if box is None:
        return None
    digit = scale_longer_side(ink[box], box_side)
    digit /= digit.max()  # MNIST's strokes reach full intensity whatever the pen
    field = centre_by_mass(digit, IMAGE_SIDE, CENTRE_OF_MASS)
    return image_to_column_major(np.clip(field, 0.0, 1.0)).astype(np.float32)


def shifted_views(network_inputs: np.ndarray) -> np.ndarray:
    """(n, 784) column-major digits -> (n, len(READING_SHIFTS), 784): each moved by each of READING_SHIFTS
    whole pixels; what moves out of the 28x28 field is dropped and the pixels it leaves are blank."""
    images = column_major_to_image(np.asarray(network_inputs, dtype=np.float32))
    padded = np.zeros((len(images), IMAGE_SIDE + 2, IMAGE_SIDE + 2), dtype=np.float32)
    padded[:, 1:-1, 1:-1] = images
    views = np.stack([padded[:, 1 - down:IMAGE_SIDE + 1 - down, 1 - right:IMAGE_SIDE + 1 - right]
                      for down, right in READING_SHIFTS], axis=1)
    return image_to_column_major(views)     # a new float32 array already: the reshape copies


def read_drawings(network: Network | LayeredNetwork, network_inputs: np.ndarray) -> np.ndarray:
    """(n, 784) reduced drawings -> (n, 10) probabilities: the mean of the network's over the drawing's
    positions (READING_SHIFTS). This is how the Draw tab reads, and how Teach scores the user's digits."""
    views = shifted_views(network_inputs)
    count, positions = views.shape[:2]
    probabilities = network.probabilities(views.reshape(count * positions, -1))
    return probabilities.reshape(count, positions, -1).mean(axis=1)


def drawing_problem(ink: np.ndarray) -> str | None:
    """'small' or 'faint' when a drawing is hard to read (it is still read); None otherwise."""
    ink = np.asarray(ink, dtype=np.float32)
    box = ink_bounding_box(ink)
    if box is None:
        return None
    if ink[box].max() < FAINT_INK:
        return "faint"
    longest = max(box[0].stop - box[0].start, box[1].stop - box[1].start)
    if longest < SMALL_FRACTION * max(ink.shape):
        return "small"
    return None


def ink_bounding_box(ink: np.ndarray, threshold: float = INK_THRESHOLD) -> tuple[slice, slice] | None:
    """The rows and columns holding ink above the threshold, or None when there is none."""
    inked = ink > threshold
    rows, columns = np.flatnonzero(inked.any(axis=1)), np.flatnonzero(inked.any(axis=0))
    if len(rows) == 0:
        return None
    return slice(rows[0], rows[-1] + 1), slice(columns[0], columns[-1] + 1)


def scale_longer_side(image: np.ndarray, side: int) -> np.ndarray:
    """Resize so the longer side is `side` pixels, keeping the aspect ratio, by area averaging."""
    height, width = image.shape
    scale = side / max(height, width)
    new_height, new_width = max(1, round(height * scale)), max(1, round(width * scale))
    return area_weights(height, new_height) @ image @ area_weights(width, new_width).T


def area_weights(source: int, target: int) -> np.ndarray:
    """(target, source) matrix: each output pixel is the mean of the source span it covers."""
    edges = np.linspace(0.0, source, target + 1)
    starts, ends = edges[:-1, None], edges[1:, None]
    pixels = np.arange(source)[None, :]
    overlap = np.clip(np.minimum(ends, pixels + 1) - np.maximum(starts, pixels), 0.0, None)
    return (overlap / (ends - starts)).astype(np.float32)


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    """The ink-weighted mean [row, column] index."""
    total = image.sum()
    rows = (image.sum(axis=1) * np.arange(image.shape[0])).sum() / total
    columns = (image.sum(axis=0) * np.arange(image.shape[1])).sum() / total
    return float(rows), float(columns)


def centre_by_mass(digit: np.ndarray, field_side: int, centre: float) -> np.ndarray:
    """Place the digit in a square field so its centre of mass lands on (centre, centre).

    The shift is limited so that the whole digit stays inside the field.
    """
    row_mass, column_mass = centre_of_mass(digit)
    height, width = digit.shape
    top = np.clip(centre - row_mass, 0, field_side - height)
    left = np.clip(centre - column_mass, 0, field_side - width)
    field = np.zeros((field_side + 1, field_side + 1), dtype=np.float32)
    row, column = int(top), int(left)
    field[row:row + height, column:column + width] = digit
    field = _shift_by_fraction(field, top - row, axis=0)
    field = _shift_by_fraction(field, left - column, axis=1)
    return field[:field_side, :field_side]


def _shift_by_fraction(image: np.ndarray, fraction: float, axis: int) -> np.ndarray:
    """Move the image down (axis 0) or right (axis 1) by 0 <= fraction < 1 pixel, linearly."""
    if fraction == 0:
        return image
    return (1 - fraction) * image + fraction * np.roll(image, 1, axis=axis)
