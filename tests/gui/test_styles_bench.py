"""A small, fast run of bench/styles.py: handwriting styles replayed as mouse strokes."""

import numpy as np

from bench.styles import STYLES, draw_styles


def test_every_style_is_drawn_on_the_canvas_and_read(window):
    drawings = draw_styles(window, list(STYLES), 2, np.random.default_rng(1))
    assert [d.source for d in drawings[:len(STYLES)]] == list(STYLES) and len(drawings) == 2 * len(STYLES)
    assert all(d.ink.max() > 0.9 for d in drawings), "every drawing put ink on the canvas"
    assert all(d.predicted is not None and d.probabilities.shape == (10,) for d in drawings)
    assert window.draw_tab.canvas.pen_width == 20, "the thick style gives the pen back"
