"""Pages of digits for the tests of reading paper: digits of the data set's rows 4000-4999 (never
trained on by the shipped readers) written in ink of any colour on paper of any colour."""

from __future__ import annotations

import itertools

import numpy as np

from core.handwriting.drawing import read_drawings
from core.handwriting.paper_light import enlarged
from core.handwriting.repen import pen
from core.learning.data import column_major_to_image

HEIGHT = 160            # the digits' height on the test pages, in pixels
BLACK, BLUE, WHITE, CREAM = (25, 25, 30), (30, 50, 150), (245, 245, 240), (242, 232, 205)


def sure_digits(dataset, reader) -> dict[int, np.ndarray]:
    """For each class, an upright 28x28 digit of rows 4000-4999 the reader reads right when given it as is."""
    pixels, labels = dataset.rows((4000, 5000))
    probabilities = read_drawings(reader, pixels)
    right = (probabilities.argmax(axis=1) == labels) & (probabilities.max(axis=1) > 0.99)
    return {digit: column_major_to_image(pixels[np.flatnonzero((labels == digit) & right)[0]]) for digit in range(10)}


def page(images: list[np.ndarray], ink=BLACK, paper=WHITE, size=(400, 900), gap=40, shifts=None,
         overlap: dict[int, int] | None = None) -> np.ndarray:
    """An RGB page with the 28x28 images written side by side, HEIGHT pixels tall, from the left margin."""
    height = size[0]
    alpha = np.zeros(size, dtype=np.float32)
    factor = round(HEIGHT / 20)             # a digit's ink spans about 20 of its 28 pixels
    side = 28 * factor
    left = 60
    for index, image in enumerate(images):
        big = np.clip(enlarged(image.astype(np.float32), factor, (side, side)) * 1.3, 0, 1)
        columns = np.flatnonzero(big.max(axis=0) > 0.2)
        big = big[:, columns[0]:columns[-1] + 1]
        left -= (overlap or {}).get(index, 0)
        top = (height - side) // 2 + (shifts[index] if shifts else 0)
        region = alpha[top:top + side, left:left + big.shape[1]]
        np.maximum(region, big, out=region)
        left += big.shape[1] + gap
    return on_paper(alpha, ink, paper)


def strokes(size, polylines, radius=4.0) -> np.ndarray:
    """Polylines of (x, y) points drawn with a round pen: ink in [0, 1]."""
    mask = np.zeros(size, dtype=bool)
    for points in polylines:
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            steps = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
            rows, columns = np.linspace(y0, y1, steps), np.linspace(x0, x1, steps)
            mask[np.rint(rows).astype(int), np.rint(columns).astype(int)] = True
    return pen(mask, radius)


def on_paper(ink: np.ndarray, colour=BLACK, paper=WHITE) -> np.ndarray:
    """Ink in [0, 1] of one colour on paper of another: an RGB uint8 page."""
    colours = np.array(paper, np.float32) * (1 - ink[:, :, None]) + np.array(colour, np.float32) * ink[:, :, None]
    return np.clip(np.rint(colours), 0, 255).astype(np.uint8)
