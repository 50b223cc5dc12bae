"""Synthetic training digits in handwriting styles MNIST under-represents (issue #15).

Students in Mexico write a 1 with a flag (often with a base), a 7 with a crossbar, a 4 open at the
top, a 9 with a straight stem and a 2 with a loop at its foot. Each style is a random pen path, drawn
as a thick anti-aliased line (distance of every pixel to the path's segments) and reduced to 28x28
exactly as a canvas drawing is (core.handwriting.drawing.reduce_drawing), so the digits look like MNIST's.

These shapes are this module's own: bench/styles.py measures the same styles with a separate generator
and separate seeds, so a model never trains on the drawings it is measured on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from core.handwriting.drawing import reduce_drawing

RENDER_HEIGHT = (44.0, 72.0)    # pixels of the digit's height when drawn, before the reduction to 28x28
PEN_RATIO = (0.08, 0.34)        # pen width over the digit's height: a fine pen on a big digit to a marker
POINT_SPACING = 0.03            # of the height: the resolution of curves


# --- pen paths: each style is a list of strokes, (n, 2) arrays of (x, y) with y up, height about 1 -----

def segment(start, end) -> np.ndarray:
    return np.array([start, end], dtype=float)


def spline(anchors) -> np.ndarray:
    """A smooth curve through the anchors (Catmull-Rom), for round strokes such as loops."""
    anchors = np.asarray(anchors, float)
    padded = np.vstack([2 * anchors[0] - anchors[1], anchors, 2 * anchors[-1] - anchors[-2]])
    pieces = []
    for p0, p1, p2, p3 in zip(padded[:-3], padded[1:-2], padded[2:-1], padded[3:], strict=True):
        steps = max(2, int(np.ceil(np.hypot(*(p2 - p1)) / POINT_SPACING)) + 1)
        t = np.linspace(0, 1, steps)[:, None]
        pieces.append(0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t ** 2
                             + (3 * p1 - p0 - 3 * p2 + p3) * t ** 3)[:-1])
    return np.vstack(pieces + [anchors[-1:]])


def path(*pieces: np.ndarray) -> np.ndarray:
    return np.vstack(pieces)


def ellipse_anchors(centre, radii, start_degrees: float, turn_degrees: float, count: int,
                    rng: np.random.Generator, jitter: float) -> np.ndarray:
    """Anchors around an ellipse (anticlockwise for a positive turn, y up), each a little off it."""
    angles = np.deg2rad(start_degrees + np.linspace(0, turn_degrees, count))
    points = np.column_stack([centre[0] + radii[0] * np.cos(angles), centre[1] + radii[1] * np.sin(angles)])
    return points + rng.normal(0, jitter, points.shape)


def one_with_flag(rng: np.random.Generator) -> list[np.ndarray]:
    """A flag from the lower left up to the top, the stem down; a foot across the bottom sometimes."""
    length = rng.uniform(0.08, 0.55)
    angle = np.deg2rad(rng.uniform(15, 65))
    top, bottom = np.array([0.0, 1.0]), np.array([rng.normal(0, 0.02), 0.0])
    flag_end = top + length * np.array([-np.cos(angle), -np.sin(angle)])
    middle = (flag_end + top) / 2 + rng.normal(0, 0.015, 2)
    strokes = [path(spline([flag_end, middle, top]), segment(top, bottom))]
    if rng.random() < 0.45:
        left, right = rng.uniform(0.1, 0.35), rng.uniform(0.1, 0.35)
        height = rng.uniform(-0.02, 0.03)
        strokes.append(segment(bottom + [-left, height], bottom + [right, height + rng.normal(0, 0.015)]))
    return strokes


def seven_with_crossbar(rng: np.random.Generator) -> list[np.ndarray]:
    """The top bar, the stem down to the left (straight or a little bowed), a short bar across it."""
    width = rng.uniform(0.4, 0.8)
    corner = np.array([width, 1.0])
    start = np.array([0.0, 1.0 + rng.uniform(-0.08, 0.04)])
    foot = np.array([width * rng.uniform(0.0, 0.6), 0.0])
    bow = (corner + foot) / 2 + [rng.uniform(-0.07, 0.07), 0]
    pieces = [segment(start, corner), spline([corner, bow, foot])]
    if rng.random() < 0.3:
        pieces.insert(0, segment(start - [0, rng.uniform(0.05, 0.15)], start))
    stroke = path(*pieces)
    stem = pieces[-1]
    height = rng.uniform(0.35, 0.62)
    crossing = stem[np.argmin(np.abs(stem[:, 1] - height))]
    left, right = rng.uniform(0.08, 0.3), rng.uniform(0.06, 0.28)
    tilt = rng.normal(0, 0.03)
    bar = segment(crossing + [-left, -tilt], crossing + [right, tilt])
    return [stroke, bar]


def four_open_top(rng: np.random.Generator) -> list[np.ndarray]:
    """Down (upright or leaning) and across, then the stem apart from it at the top."""
    width = rng.uniform(0.5, 0.9)
    bar_height = rng.uniform(0.3, 0.52)
    first_top = np.array([width * rng.uniform(-0.05, 0.4), rng.uniform(0.8, 1.0)])
    corner = np.array([rng.uniform(-0.05, 0.05), bar_height])
    bar_end = np.array([width * rng.uniform(0.9, 1.1), bar_height + rng.normal(0, 0.03)])
    stem_x = width * rng.uniform(0.5, 0.85)
    stem_top = np.array([stem_x + rng.normal(0, 0.03), rng.uniform(0.82, 1.05)])
    stem_foot = np.array([stem_x + rng.normal(0, 0.03), 0.0])
    return [path(segment(first_top, corner), segment(corner, bar_end)), segment(stem_top, stem_foot)]


def nine_with_straight_stem(rng: np.random.Generator) -> list[np.ndarray]:
    """A closed loop at the top, then a straight stem down from its right side."""
    loop_height = rng.uniform(0.3, 0.55)
    radii = np.array([loop_height / 2 * rng.uniform(0.75, 1.35), loop_height / 2])
    centre = np.array([0.0, 1.0 - radii[1]])
    start = rng.uniform(-20, 25)
    anchors = ellipse_anchors(centre, radii, start, 360 + rng.uniform(0, 40), 9, rng, 0.012)
    right = anchors[-1]
    foot = np.array([centre[0] + radii[0] + rng.uniform(-0.08, 0.04), 0.0])
    if rng.random() < 0.6:
        return [path(spline(anchors), segment(right, foot))]
    stem_top = np.array([centre[0] + radii[0] + rng.normal(0, 0.02), centre[1] + radii[1] * rng.uniform(-0.2, 1)])
    return [spline(anchors), segment(stem_top, foot)]


def two_with_looped_foot(rng: np.random.Generator) -> list[np.ndarray]:
    """A hook over the top, a diagonal down to the left, a small loop there and the base to the right."""
    width = rng.uniform(0.45, 0.85)
    hook_height = rng.uniform(0.35, 0.55)
    hook = ellipse_anchors([width / 2, 1 - hook_height / 2], [width / 2, hook_height / 2],
                           rng.uniform(150, 185), -rng.uniform(170, 215), 5, rng, 0.01)
    radius = rng.uniform(0.07, 0.16)
    loop_centre = np.array([width * rng.uniform(0.0, 0.25), radius + rng.uniform(0.0, 0.04)])
    loop = ellipse_anchors(loop_centre, [radius * rng.uniform(0.9, 1.6), radius],
                           -rng.uniform(30, 60), -rng.uniform(290, 340), 7, rng, 0.008)
    base_end = np.array([width * rng.uniform(0.95, 1.2), rng.uniform(-0.03, 0.05)])
    return [spline(np.vstack([hook, loop, [(loop[-1] + base_end) / 2 - [0, 0.02]], [base_end]]))]


STYLES: dict[str, tuple[int, Callable[[np.random.Generator], list[np.ndarray]]]] = {
    "one_with_flag": (1, one_with_flag),
    "seven_with_crossbar": (7, seven_with_crossbar),
    "four_open_top": (4, four_open_top),
    "nine_with_straight_stem": (9, nine_with_straight_stem),
    "two_with_looped_foot": (2, two_with_looped_foot),
}


# --- from a pen path to a 28x28 digit ----------------------------------------------------------------

def distorted(strokes: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """A random slant, turn and stretch of the whole digit."""
    shear = rng.uniform(-0.35, 0.35)
    turn = np.deg2rad(rng.normal(0, 5))
    stretch = np.exp(rng.uniform(-0.15, 0.15))
    matrix = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]]) @ [[stretch, shear], [0, 1]]
    return [stroke @ matrix.T for stroke in strokes]


def rasterise(strokes: list[np.ndarray], height: float, pen_width: float) -> np.ndarray:
    """Ink in [0, 1] of strokes drawn with a round pen, anti-aliased: [row, column], y down."""
    points = np.vstack(strokes)
    low, high = points.min(axis=0), points.max(axis=0)
    scale = height / max(high[1] - low[1], 1e-6)
    margin = pen_width
    columns = int(np.ceil((high[0] - low[0]) * scale + 2 * margin)) + 1
    rows = int(np.ceil((high[1] - low[1]) * scale + 2 * margin)) + 1
    pixel_y, pixel_x = np.mgrid[:rows, :columns].astype(np.float32)
    distance = np.full((rows, columns), np.inf, dtype=np.float32)
    for stroke in strokes:
        x = (stroke[:, 0] - low[0]) * scale + margin
        y = (high[1] - stroke[:, 1]) * scale + margin
        distance = np.minimum(distance, _distance_to_polyline(pixel_x, pixel_y, x, y))
    return np.clip(pen_width / 2 + 0.5 - distance, 0.0, 1.0)


def _distance_to_polyline(pixel_x, pixel_y, x, y) -> np.ndarray:
    """Each pixel's distance to the nearest segment of the polyline through (x, y)."""
    start_x, start_y = x[:-1, None, None].astype(np.float32), y[:-1, None, None].astype(np.float32)
    along_x, along_y = np.diff(x)[:, None, None].astype(np.float32), np.diff(y)[:, None, None].astype(np.float32)
    if len(x) == 1:
        return np.hypot(pixel_x - x[0], pixel_y - y[0])
    length = np.maximum(along_x ** 2 + along_y ** 2, 1e-9)
    t = np.clip(((pixel_x - start_x) * along_x + (pixel_y - start_y) * along_y) / length, 0, 1)
    return np.hypot(pixel_x - start_x - t * along_x, pixel_y - start_y - t * along_y).min(axis=0)


def style_digit(style: str, rng: np.random.Generator) -> np.ndarray:
    """One random digit of the style: a column-major 784 float32 vector in [0, 1], MNIST-like."""
    _, shape = STYLES[style]
    height = rng.uniform(*RENDER_HEIGHT)
    pen_width = height * np.exp(rng.uniform(*np.log(PEN_RATIO)))
    digit = reduce_drawing(rasterise(distorted(shape(rng), rng), height, pen_width))
    assert digit is not None, "a style's strokes always leave ink"
    return digit


def style_digits(count: int, rng: np.random.Generator,
                 weights: dict[str, float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """`count` random style digits and their labels; styles drawn in proportion to `weights` (default equal)."""
    names = list(weights or STYLES)
    chances = np.array([(weights or {}).get(name, 1.0) for name in names], dtype=float)
    chosen = rng.choice(len(names), size=count, p=chances / chances.sum())
    pixels = np.array([style_digit(names[index], rng) for index in chosen], dtype=np.float32)
    labels = np.array([STYLES[names[index]][0] for index in chosen], dtype=np.int64)
    return pixels.reshape(count, -1), labels


POOL_PER_EPOCH = 10              # the pool holds ten epochs' worth of style digits
POOL_SEED_OFFSET = 1000          # the pool's seed, apart from the run's own
WEIGHTS = {"one_with_flag": 5.0}  # the flagged 1, the style most misread, five times the others


def style_rows(per_epoch: int, seed: int) -> "StyleRows":
    """The style digits a training run with the setting `styles` = `per_epoch` mixes into every epoch."""
    return StyleRows.make(POOL_PER_EPOCH * per_epoch, per_epoch, seed + POOL_SEED_OFFSET, WEIGHTS)


@dataclass
class StyleRows:
    """Extra training rows for every epoch: `per_epoch` digits drawn at random from a pool made once."""

    pixels: np.ndarray
    labels: np.ndarray
    per_epoch: int

    @classmethod
    def make(cls, pool: int, per_epoch: int, seed: int, weights: dict[str, float] | None = None) -> "StyleRows":
        return cls(*style_digits(pool, np.random.default_rng(seed), weights), per_epoch)

    def __call__(self, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        chosen = rng.choice(len(self.labels), size=self.per_epoch, replace=False)
        return self.pixels[chosen], self.labels[chosen]
