"""The connected parts of a boolean image, and the long thin lines across it, in NumPy alone.

Parts are found from the image's horizontal runs of True pixels: a run touches a run of the next row
when their columns overlap or meet at a corner (8-connectivity). Runs that touch are joined by a
union-find made of whole-array steps (hook each root onto the smaller one, then jump pointers to
the roots), so the time grows with the number of runs, never with Python loops over pixels.

Lines are found by a small Hough vote: for a few slopes near horizontal, each True pixel votes for
the line through it at that slope; a line covering most of the image's width, from one edge to the
other, is a ruled line (a digit, even a tall 1, ends inside the photo). Its
pixels are removed where the ink there is no thicker than the line: a stroke crossing it is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LINE_SLOPES = np.tan(np.radians(np.arange(-6.0, 6.01, 0.5)))   # photos are rarely turned more than this
LINE_COVER = 0.6            # a ruled line runs across at least this part of the image
LINE_ENDS = 0.05            # ...from this near one edge of the image to this near the other
COVER_BLOCK = 8             # columns counted as covered in blocks of this many
MAX_VOTERS = 200_000        # pixels that vote for lines, at most (a sample of them when there are more)


@dataclass(frozen=True)
class Parts:
    """The connected parts of a boolean image: `labels` numbers each pixel's part from 1 (0: background);
    the arrays below are indexed by part number - 1."""

    labels: np.ndarray
    top: np.ndarray
    left: np.ndarray
    bottom: np.ndarray        # exclusive
    right: np.ndarray         # exclusive
    area: np.ndarray

    def __len__(self) -> int:
        return len(self.area)


def runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The horizontal runs of True: (row, first column, last column) arrays, sorted by row then column."""
    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    steps = np.diff(padded, axis=1)
    start_rows, starts = np.nonzero(steps == 1)
    _, ends = np.nonzero(steps == -1)
    return start_rows, starts, ends - 1


def _painted(mask: np.ndarray, values: np.ndarray, firsts: np.ndarray, lasts: np.ndarray) -> np.ndarray:
    """Each True pixel of the mask given its run's value (runs as `runs` gives them); 0 elsewhere."""
    painted = np.zeros(mask.shape, dtype=values.dtype)
    painted[mask] = np.repeat(values, lasts - firsts + 1)   # the True pixels in reading order: run after run
    return painted


def label(mask: np.ndarray) -> Parts:
    """The 8-connected parts of a boolean image."""
    mask = np.asarray(mask, dtype=bool)
    rows, firsts, lasts = runs(mask)
    if len(rows) == 0:
        empty = np.zeros(0, dtype=int)
        return Parts(np.zeros(mask.shape, dtype=np.int32), empty, empty, empty, empty, empty)
    width = mask.shape[1] + 2
    # runs touch when in adjacent rows and their columns overlap or meet diagonally
    keys_first, keys_last = rows * width + firsts, rows * width + lasts
    below_low = np.searchsorted(keys_last, (rows + 1) * width + firsts - 1, side="left")
    below_high = np.searchsorted(keys_first, (rows + 1) * width + lasts + 1, side="right")
    counts = np.maximum(below_high - below_low, 0)
    upper = np.repeat(np.arange(len(rows)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    lower = np.repeat(below_low, counts) + offsets
    roots = _union(len(rows), upper, lower)
    part_ids, part_of_run = np.unique(roots, return_inverse=True)
    labels = _painted(mask, (part_of_run + 1).astype(np.int32), firsts, lasts)
    count = len(part_ids)
    top, left = np.full(count, mask.shape[0]), np.full(count, mask.shape[1])
    np.minimum.at(top, part_of_run, rows)
    np.minimum.at(left, part_of_run, firsts)
    bottom, right = np.zeros(count, dtype=int), np.zeros(count, dtype=int)
    np.maximum.at(bottom, part_of_run, rows + 1)
    np.maximum.at(right, part_of_run, lasts + 1)
    area = np.bincount(part_of_run, weights=lasts - firsts + 1, minlength=count).astype(int)
    return Parts(labels, top, left, bottom, right, area)


def _union(count: int, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Each node's root once the pairs (first[k], second[k]) are joined: the smallest node of its set."""
    parent = np.arange(count)
    while True:
        a, b = parent[first], parent[second]
        differ = a != b
        if not differ.any():
            return parent
        np.minimum.at(parent, np.maximum(a, b)[differ], np.minimum(a, b)[differ])
        while True:     # pointer jumping: every node straight to its root
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped


def run_lengths(mask: np.ndarray, axis: int) -> np.ndarray:
    """Each True pixel's run length along `axis` (0: its column's run, 1: its row's run); 0 elsewhere."""
    lines = np.asarray(mask, dtype=bool)
    lines = lines.T if axis == 0 else lines
    _, firsts, lasts = runs(lines)
    lengths = _painted(lines, lasts - firsts + 1, firsts, lasts)
    return lengths.T if axis == 0 else lengths


def without_lines(mask: np.ndarray) -> np.ndarray:
    """The mask without its ruled lines, horizontal and vertical (see the module's docstring)."""
    mask = _without_horizontal_lines(np.asarray(mask, dtype=bool))
    return _without_horizontal_lines(mask.T).T


def _without_horizontal_lines(mask: np.ndarray) -> np.ndarray:
    height, width = mask.shape
    if mask.sum() < LINE_COVER * width:
        return mask
    # the votes are cast on a half-size copy: a pixel of it is set where any of its four is
    half = np.zeros(((height + 1) // 2, (width + 1) // 2), dtype=bool)
    for dy in (0, 1):
        for dx in (0, 1):
            part = mask[dy::2, dx::2]
            half[:part.shape[0], :part.shape[1]] |= part
    voters_y, voters_x = np.nonzero(half)
    step = int(np.ceil(len(voters_y) / MAX_VOTERS))
    voters_y, voters_x = voters_y[::step], voters_x[::step]
    ys, xs = np.nonzero(mask)
    blocks = half.shape[1] // COVER_BLOCK + 1
    reach = max(1, int(LINE_ENDS * blocks))
    band = np.zeros(mask.shape, dtype=bool)
    for slope in LINE_SLOPES:
        # intercept of the line of this slope through each pixel, shifted so it is never negative
        shift = int(np.ceil(abs(slope) * half.shape[1])) + 1
        intercepts = np.rint(voters_y - slope * voters_x).astype(int) + shift
        covered = np.zeros((half.shape[0] + 2 * shift + 1, blocks), dtype=bool)
        covered[intercepts, voters_x // COVER_BLOCK] = True
        covered[1:] |= covered[:-1].copy()        # a line one pixel thick may straddle two intercepts
        lines = np.flatnonzero((covered.sum(axis=1) >= LINE_COVER * blocks) & covered[:, :reach].any(axis=1)
                               & covered[:, -reach:].any(axis=1))
        if len(lines):      # the lines' pixels in the full-size mask: within two of the line
            near = np.rint((ys - slope * xs) / 2).astype(int) + shift
            on_line = np.isin(near, np.concatenate([lines - 2, lines - 1, lines, lines + 1]))
            band[ys[on_line], xs[on_line]] = True
    if not band.any():
        return mask
    thickness = run_lengths(mask, axis=0)
    line_thickness = np.median(thickness[band])
    return mask & ~(band & (thickness <= line_thickness + 1))
