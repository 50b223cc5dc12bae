"""Re-penned training digits: each digit thinned to a one-pixel skeleton and redrawn with the canvas's pen.

MNIST's digits were written with pens of every width and scanned; a digit drawn on the Draw tab's canvas
is a line of one width, the canvas pen's, reduced to 28x28 by core/handwriting/drawing.py. A re-penned digit is a
training digit made to look like such a drawing: enlarged UPSAMPLE times (bilinear), its loops kept open,
thinned to a skeleton (Zhang-Suen, on a whole batch at once), dilated by a disk as wide as the canvas
pen is beside a digit drawn at a random size on the canvas, then reduced like a drawing.

Everything is NumPy, vectorised over a batch of digits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.handwriting.drawing import CANVAS_SIDE, reduce_drawing
from core.handwriting.drawing import PEN_WIDTH as CANVAS_PEN_WIDTH
from core.learning.data import column_major_to_image

UPSAMPLE = 4                    # thinning a 4x enlarged digit gives a smoother skeleton than a 28x28 one
INK = 0.35                      # enlarged pixels darker than this are ink
CORE = 0.6                      # ...and darker than this a stroke's core (to find loops filled with grey)
# People draw a digit's skeleton over a part of the canvas's side (CANVAS_SIDE, core/handwriting/drawing.py):
DRAWN_SIZE = (0.35, 0.9)        # the skeleton's longer side, as a part of the canvas side
CHUNK = 256                     # digits thinned at once (memory: a few arrays of CHUNK x 114 x 114)
POOL_SEED_OFFSET = 2000         # the drawn sizes' generator's seed, apart from the run's own

# the 8 neighbours P2..P9 of Zhang and Suen, clockwise from the one above: (row, column) offsets
NEIGHBOURS = ((-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1))


def enlarge(images: np.ndarray, factor: int = UPSAMPLE) -> np.ndarray:
    """(n, 28, 28) -> (n, 28 factor, 28 factor) by bilinear interpolation between pixel centres."""
    side = images.shape[-1]
    weights = _linear_weights(side, side * factor)
    return np.einsum("ij,njk,lk->nil", weights, images.astype(np.float32), weights, optimize=True)


def _linear_weights(source: int, target: int) -> np.ndarray:
    """(target, source): linear interpolation at each target pixel's centre, clamped at the edges."""
    at = np.clip((np.arange(target) + 0.5) * source / target - 0.5, 0, source - 1)
    below = np.floor(at).astype(int)
    above = np.minimum(below + 1, source - 1)
    weights = np.zeros((target, source), dtype=np.float32)
    rows = np.arange(target)
    np.add.at(weights, (rows, below), 1 - (at - below))
    np.add.at(weights, (rows, above), at - below)
    return weights


def _shifted(padded: np.ndarray, dr: int, dc: int) -> np.ndarray:
    """The neighbour at (dr, dc) of every inner pixel of arrays padded by one pixel: (n, h, w)."""
    height, width = padded.shape[1] - 2, padded.shape[2] - 2
    return padded[:, 1 + dr:1 + dr + height, 1 + dc:1 + dc + width]


def thin(masks: np.ndarray) -> np.ndarray:
    """Zhang-Suen thinning of a batch of boolean images (n, h, w) to one-pixel-wide skeletons.

    Each pass removes, in two sub-iterations, the boundary pixels whose removal keeps the shape connected
    and does not shorten a line's end, until no pixel changes in any image.
    """
    padded = np.pad(np.asarray(masks, dtype=bool), ((0, 0), (1, 1), (1, 1)))
    inner = padded[:, 1:-1, 1:-1]       # a view: removing a pixel here removes it in `padded`
    active = np.ones(len(padded), dtype=bool)
    while active.any():
        changed = np.zeros(len(padded), dtype=bool)
        for step in (0, 1):
            if not active.any():
                break
            rows = np.flatnonzero(active)
            part = padded[rows]
            p = [_shifted(part, dr, dc).astype(np.uint8) for dr, dc in NEIGHBOURS]    # P2..P9
            count = sum(p)
            transitions = sum(((p[k] == 0) & (p[(k + 1) % 8] == 1)).astype(np.uint8) for k in range(8))
            p2, p4, p6, p8 = p[0], p[2], p[4], p[6]
            if step == 0:
                spared = (p2 & p4 & p6) | (p4 & p6 & p8)
            else:
                spared = (p2 & p4 & p8) | (p2 & p6 & p8)
            remove = (inner[rows] & (count >= 2) & (count <= 6) & (transitions == 1) & (spared == 0))
            removed_any = remove.reshape(len(rows), -1).any(axis=1)
            padded[rows, 1:-1, 1:-1] &= ~remove
            changed[rows] |= removed_any
        active = changed
    return inner.copy()


def _flood(seeds: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """The pixels of `allowed` 4-connected to a seed (seeds outside `allowed` are ignored): (n, h, w)."""
    reached = seeds & allowed
    while True:
        grown = reached.copy()
        grown[:, 1:, :] |= reached[:, :-1, :]
        grown[:, :-1, :] |= reached[:, 1:, :]
        grown[:, :, 1:] |= reached[:, :, :-1]
        grown[:, :, :-1] |= reached[:, :, 1:]
        grown &= allowed
        if np.array_equal(grown, reached):
            return reached
        reached = grown


def ink_with_loops(large: np.ndarray) -> np.ndarray:
    """The ink of enlarged digits, with the loops a thick pen filled with grey punched open.

    Where the strokes' cores close around a lighter spot that is ink all over (the eyes of a heavy 8),
    the spot becomes a hole, so the skeleton keeps the loop a person would draw.
    """
    ink, core = large > INK, large > CORE
    border = np.zeros_like(core)
    border[:, [0, -1], :] = True
    border[:, :, [0, -1]] = True
    holes = ~core & ~_flood(border, ~core)                 # the spots the cores close around
    open_loops = _flood(holes & ~ink, holes)               # spots holding paper: loops kept anyway
    return ink & ~(holes & ~open_loops)


def skeletons(images: np.ndarray) -> np.ndarray:
    """(n, 28, 28) digits in [0, 1] -> (n, 112, 112) boolean skeletons of the enlarged digits."""
    return thin(ink_with_loops(enlarge(images)))


def pen(skeleton: np.ndarray, radius: float) -> np.ndarray:
    """One skeleton dilated by a disk of `radius` pixels: the line a round pen draws along it, as floats."""
    reach = int(np.floor(radius))
    height, width = skeleton.shape
    padded = np.pad(skeleton, reach)
    # horizontal runs first: the count of skeleton pixels within `half` columns, from cumulative sums
    sums = np.pad(np.cumsum(padded, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    drawn = np.zeros((height, width), dtype=bool)
    for dr in range(-reach, reach + 1):
        half = int(np.floor(np.sqrt(max(radius * radius - dr * dr, 0.0))))
        columns = np.arange(reach, reach + width)
        runs = sums[:, columns + half + 1] - sums[:, columns - half]          # (height + 2 reach, width)
        drawn |= runs[reach + dr:reach + dr + height] > 0
    return drawn.astype(np.float32)


def repen(images: np.ndarray, rng: np.random.Generator, drawn_size: tuple[float, float] = DRAWN_SIZE,
          pen_width: float = CANVAS_PEN_WIDTH, canvas_side: float = CANVAS_SIDE) -> np.ndarray:
    """Column-major digits (n, 784) in [0, 1] -> the same digits re-penned, column-major float32 (n, 784).

    Each digit's skeleton is taken as drawn over a random part (`drawn_size`) of the canvas's side, so
    the pen's width beside the skeleton is the canvas pen's beside a drawing of that size. A digit with
    no ink left is kept as it was.
    """
    pixels = np.asarray(images, dtype=np.float32).reshape(len(images), -1)
    result = pixels.copy()
    parts = rng.uniform(*drawn_size, size=len(pixels))
    for start in range(0, len(pixels), CHUNK):
        chunk = column_major_to_image(pixels[start:start + CHUNK])
        for index, skeleton in enumerate(skeletons(chunk), start=start):
            rows, columns = np.flatnonzero(skeleton.any(axis=1)), np.flatnonzero(skeleton.any(axis=0))
            if len(rows) == 0:
                continue
            longer = max(rows[-1] - rows[0], columns[-1] - columns[0]) + 1
            radius = pen_width / 2 * longer / (parts[index] * canvas_side)
            cropped = skeleton[rows[0]:rows[-1] + 1, columns[0]:columns[-1] + 1]
            reduced = reduce_drawing(pen(np.pad(cropped, int(np.ceil(radius)) + 1), radius))
            if reduced is not None:
                result[index] = reduced
    return result


@dataclass
class RepennedRows:
    """Extra training rows for every epoch: `per_epoch` re-penned digits drawn at random from a pool of
    every training row re-penned once at the start of the run."""

    pixels: np.ndarray
    labels: np.ndarray
    per_epoch: int

    @classmethod
    def make(cls, pixels: np.ndarray, labels: np.ndarray, per_epoch: int, seed: int) -> "RepennedRows":
        return cls(repen(pixels, np.random.default_rng(seed + POOL_SEED_OFFSET)), np.asarray(labels).copy(),
                   per_epoch)

    def __call__(self, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        chosen = rng.choice(len(self.labels), size=min(self.per_epoch, len(self.labels)), replace=False)
        return self.pixels[chosen], self.labels[chosen]
