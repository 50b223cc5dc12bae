"""Pen strokes from real handwriting: thin an MNIST digit to a one-pixel skeleton, trace it into
polylines, and place them on a canvas the way a person would draw the digit with a mouse.
"""

from __future__ import annotations

import numpy as np
from skimage.measure import label
from skimage.morphology import skeletonize
from skimage.transform import rescale

UPSAMPLE = 4            # skeletons of a 4x enlarged digit give smoother strokes than 28x28 ones
INK = 0.35              # pixels darker than this are ink
CORE = 0.6              # ...and darker than this are a stroke's core, used to find half-filled loops
NEIGHBOURS = [(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)]


def skeleton(image: np.ndarray) -> np.ndarray:
    """A boolean one-pixel-wide skeleton of an upright 28x28 digit (values in [0, 1]), enlarged 4x.

    A thick pen fills small loops with grey (the eyes of a heavy 8 or 6); where the stroke cores close
    around a lighter spot, that spot stays a hole, so the skeleton keeps the loop a person would draw.
    """
    large = rescale(image.astype(float), UPSAMPLE, order=1, anti_aliasing=False)
    ink, core = large > INK, large > CORE
    spots = label(~core, connectivity=1)     # the background and every hole of the cores
    outside = np.unique(np.concatenate([spots[0], spots[-1], spots[:, 0], spots[:, -1]]))
    spots[np.isin(spots, outside)] = 0
    # a spot with any pixel that is not ink is a loop the skeleton keeps anyway; punching it could
    # merge two loops into one
    not_ink = np.bincount(spots[~ink], minlength=spots.max() + 1)
    filled = np.flatnonzero(not_ink == 0)
    return skeletonize(ink & ~np.isin(spots, filled[filled > 0]))


def trace(mask: np.ndarray) -> list[np.ndarray]:
    """Polylines (arrays of (row, column) points) that together cover every skeleton pixel.

    Walks start at end points (one neighbour), then at junctions, then anywhere left (loops such as
    a '0'); each walk follows unvisited steps until it can go no further.
    """
    pixels = set(zip(*np.nonzero(mask), strict=True))
    visited_steps: set[frozenset] = set()

    def neighbours(point):
        r, c = point
        return [(r + dr, c + dc) for dr, dc in NEIGHBOURS if (r + dr, c + dc) in pixels]

    def walk(start):
        path, current = [start], start
        while True:
            options = [n for n in neighbours(current) if frozenset((current, n)) not in visited_steps]
            if not options:
                return path
            # prefer straight-on, 4-connected steps: fewer zig-zags through diagonal corners
            options.sort(key=lambda n: abs(n[0] - current[0]) + abs(n[1] - current[1]))
            step = options[0]
            for other in neighbours(current):
                if other in neighbours(step):
                    visited_steps.add(frozenset((current, other)))  # the corner we cut
            visited_steps.add(frozenset((current, step)))
            path.append(step)
            current = step

    strokes = []
    degree = {p: len(neighbours(p)) for p in pixels}
    starts = sorted(p for p in pixels if degree[p] == 1) + sorted(p for p in pixels if degree[p] >= 3)
    for start in starts + sorted(pixels):
        while any(frozenset((start, n)) not in visited_steps for n in neighbours(start)):
            path = walk(start)
            if len(path) > 1:
                strokes.append(np.array(path, dtype=float))
    covered = {tuple(p) for stroke in strokes for p in stroke.astype(int)}
    strokes += [np.array([p], dtype=float) for p in sorted(pixels - covered)]   # isolated dots
    return [stroke for stroke in strokes if len(stroke) >= 3 or len(strokes) == 1]


def simplify(stroke: np.ndarray, every: int = 3) -> np.ndarray:
    """Keep every few points (and the last): mouse events come at intervals, not every pixel."""
    if len(stroke) <= 2:
        return stroke
    kept = stroke[::every]
    return kept if np.array_equal(kept[-1], stroke[-1]) else np.vstack([kept, stroke[-1:]])


def place(strokes: list[np.ndarray], canvas_size: tuple[int, int], height_fraction: float,
          rng: np.random.Generator, margin: float = 12.0) -> list[np.ndarray]:
    """Scale strokes so the digit is `height_fraction` of the canvas height (less if it would be too
    wide to fit), at a random place where it fits; (x, y) canvas points per stroke. The margin keeps
    the pen's round ends on the canvas."""
    width, height = canvas_size
    points = np.vstack(strokes)
    top, left = points.min(axis=0)
    bottom, right = points.max(axis=0)
    scale = min(min(height_fraction * height, height - 2 * margin) / max(bottom - top, 1.0),
                (width - 2 * margin) / max(right - left, 1.0))
    x0 = rng.uniform(margin, max(margin, width - margin - (right - left) * scale))   # max: rounding
    y0 = rng.uniform(margin, max(margin, height - margin - (bottom - top) * scale))
    return [np.column_stack([(s[:, 1] - left) * scale + x0, (s[:, 0] - top) * scale + y0]) for s in strokes]


def drawing_strokes(image: np.ndarray) -> list[np.ndarray]:
    """An upright digit image -> simplified pen strokes in its 4x-enlarged pixel coordinates."""
    return [simplify(stroke) for stroke in trace(skeleton(image))]
