"""A small, fast run of bench/drawn_digits.py: real handwriting replayed as mouse strokes."""

import numpy as np

from bench.canvas_replay import accuracy
from bench.drawn_digits import balanced_rows, draw_digits

FLOOR = 0.80   # the full benchmark reads about 96%; a regression of the canvas, reduction or model shows here


def test_drawn_digits_are_mostly_read_right(window):
    rng = np.random.default_rng(1)
    rows = balanced_rows(window.state.data.labels, 50, rng)
    drawings = draw_digits(window, rows, rng)
    assert len(drawings) == 50 and {d.label for d in drawings} == set(range(10))
    assert all(4000 <= d.source < 5000 for d in drawings), "never rows a shipped model trained or tested on"
    assert all(d.ink.max() > 0.9 for d in drawings), "every drawing put ink on the canvas"
    assert accuracy(drawings) >= FLOOR, f"{100 * accuracy(drawings):.0f}% of 50 drawings read right"
