import numpy as np
import pytest

from core.handwriting.drawing import BOX_SIDE, CENTRE_OF_MASS, centre_of_mass
from core.handwriting.styles import STYLES, StyleRows, rasterise, spline, style_digit, style_digits
from core.learning.data import PIXELS, column_major_to_image


@pytest.mark.parametrize("style", STYLES)
def test_a_style_digit_is_an_mnist_like_vector(style):
    rng = np.random.default_rng(0)
    for _ in range(10):
        digit = style_digit(style, rng)
        assert digit.shape == (PIXELS,) and digit.dtype == np.float32
        assert digit.min() >= 0 and 0.9 < digit.max() <= 1, "full ink, as MNIST's strokes"
        image = column_major_to_image(digit)
        inked = image > 0.05
        longest = max(inked.any(axis=1).sum(), inked.any(axis=0).sum())
        assert BOX_SIDE - 1 <= longest <= BOX_SIDE + 2, "the longer side is scaled to about 20 pixels"
        assert np.allclose(centre_of_mass(image), CENTRE_OF_MASS, atol=1.0)


@pytest.mark.parametrize("style", STYLES)
def test_a_style_is_drawn_upright_taller_than_wide(style):
    rng = np.random.default_rng(1)
    for _ in range(10):
        points = np.vstack(STYLES[style][1](rng))
        width, height = np.ptp(points, axis=0)
        assert 0.9 <= height <= 1.15 and width < 1.2 * height


def test_the_same_seed_gives_the_same_digits_and_labels_follow_the_styles():
    first = style_digits(40, np.random.default_rng(3))
    again = style_digits(40, np.random.default_rng(3))
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])
    assert set(first[1]) <= {label for label, _ in STYLES.values()}


def test_weights_choose_the_styles():
    _, labels = style_digits(60, np.random.default_rng(0), {"one_with_flag": 1.0, "four_open_top": 0.0})
    assert np.all(labels == 1)


def test_a_thick_line_is_as_wide_as_the_pen_and_anti_aliased():
    line = [np.array([[0.0, 0.0], [0.0, 1.0]])]
    ink = rasterise(line, height=50, pen_width=8)
    across = ink[ink.shape[0] // 2]
    assert across.sum() == pytest.approx(8, abs=0.5) and across.max() == 1.0
    assert np.any((across > 0) & (across < 1)), "the edges are grey"


def test_a_spline_passes_through_its_anchors():
    anchors = np.array([[0, 0], [1, 0.5], [0.5, 1], [0, 0.8]])
    curve = spline(anchors)
    for anchor in anchors:
        assert np.min(np.hypot(*(curve - anchor).T)) < 1e-9


def test_style_rows_draw_a_fresh_choice_from_the_pool_each_epoch():
    rows = StyleRows.make(pool=50, per_epoch=20, seed=0)
    rng = np.random.default_rng(0)
    (x1, y1), (x2, _y2) = rows(rng), rows(rng)
    assert x1.shape == (20, PIXELS) and y1.shape == (20,) and x1.dtype == np.float32
    assert not np.array_equal(x1, x2)
    pool = {row.tobytes() for row in rows.pixels}
    assert all(row.tobytes() in pool for row in x1)
