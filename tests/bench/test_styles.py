import numpy as np
import pytest

from bench.styles import (
    HEIGHT_RANGE,
    MOUSE_STEP,
    STYLES,
    THICK_PEN,
    flagged_one,
    four_open,
    mouse_points,
    nine_straight,
    pen_width_of,
    seven_crossed,
    style_strokes,
    two_loop,
)

CANVAS = (280, 280)
PEN = 20.0


def drawings(style, count=20, seed=0):
    rng = np.random.default_rng(seed)
    return [style_strokes(style, CANVAS, PEN, rng) for _ in range(count)]


@pytest.mark.parametrize("style", STYLES)
def test_a_drawing_fits_the_canvas_at_a_drawn_digits_size(style):
    for strokes in drawings(style):
        points = np.vstack(strokes)
        assert np.all(np.isfinite(points))
        assert points.min() >= PEN / 2 and points.max() <= CANVAS[0] - PEN / 2, "the pen stays on the canvas"
        height = np.ptp(points[:, 1])
        assert height <= HEIGHT_RANGE[1] * CANVAS[1] + 1e-6
        assert height >= 0.9 * HEIGHT_RANGE[0] * CANVAS[1] or np.ptp(points[:, 0]) >= CANVAS[0] - PEN - 4 - 1e-6


@pytest.mark.parametrize("style", STYLES)
def test_strokes_are_mouse_moves_a_few_pixels_apart(style):
    for strokes in drawings(style):
        for stroke in strokes:
            steps = np.hypot(*np.diff(stroke, axis=0).T)
            assert len(stroke) >= 3 and steps.max() <= MOUSE_STEP[1] + 1e-6


@pytest.mark.parametrize("style", STYLES)
def test_a_seed_gives_the_same_drawings_and_drawings_vary(style):
    first, again, other = drawings(style, 3, seed=5), drawings(style, 3, seed=5), drawings(style, 3, seed=6)
    assert all(np.array_equal(a, b)
               for one, two in zip(first, again, strict=True) for a, b in zip(one, two, strict=True))
    assert not np.allclose(np.vstack(first[0])[:3], np.vstack(other[0])[:3])


def test_only_the_thick_style_changes_the_pen():
    rng = np.random.default_rng(0)
    widths = [pen_width_of("one_flag_thick", rng) for _ in range(50)]
    assert min(widths) >= THICK_PEN[0] and max(widths) <= THICK_PEN[1] and THICK_PEN[0] > PEN
    assert all(pen_width_of(style, rng) is None for style in STYLES if style != "one_flag_thick")


def test_a_flagged_one_goes_up_the_flag_then_down_a_near_vertical_stem():
    rng = np.random.default_rng(0)
    for _ in range(50):
        stroke, = flagged_one(rng, (0.3, 0.45), base=False)
        top = np.argmin(stroke[:, 1])
        assert stroke[0, 0] < stroke[top, 0] - 0.15 and stroke[0, 1] > stroke[top, 1], "the flag starts low left"
        assert abs(stroke[-1, 0] - stroke[top, 0]) < 0.05 and stroke[-1, 1] == pytest.approx(1.0)


def test_a_base_is_a_separate_horizontal_foot_under_the_stem():
    rng = np.random.default_rng(0)
    for _ in range(50):
        stem, base = flagged_one(rng, (0.12, 0.45), base=True)
        assert np.ptp(base[:, 1]) < 0.05 and np.ptp(base[:, 0]) > 0.25
        assert base[:, 0].min() < stem[-1, 0] < base[:, 0].max()


def test_a_crossed_seven_has_a_bar_across_the_middle_of_its_stem():
    rng = np.random.default_rng(0)
    for _ in range(50):
        stroke, bar = seven_crossed(rng)
        height = bar[:, 1].mean()
        assert 0.35 < height < 0.65
        stem_x = stroke[np.argmin(np.abs(stroke[:, 1] - height) + 10 * (stroke[:, 1] < 0.3)), 0]
        assert bar[:, 0].min() < stem_x < bar[:, 0].max()


def test_an_open_four_does_not_close_at_the_top():
    rng = np.random.default_rng(0)
    for _ in range(50):
        corner_stroke, stem = four_open(rng)
        upper = corner_stroke[corner_stroke[:, 1] < corner_stroke[-1, 1] - 0.1]
        gap = np.min(np.hypot(*(upper[:, None, :] - stem[None, stem[:, 1] < upper[:, 1].max(), :]).T))
        assert gap > 0.1, "the strokes do not meet above the bar"


def test_a_straight_nine_closes_its_loop_above_a_straight_stem():
    rng = np.random.default_rng(0)
    for _ in range(50):
        points = np.vstack(nine_straight(rng))
        stem = points[points[:, 1] > 0.6]
        assert np.ptp(stem[:, 0]) < 0.08, "the stem is straight and upright"
        assert points[:, 1].max() == pytest.approx(1.0)


def test_a_looped_two_crosses_itself_near_its_foot():
    rng = np.random.default_rng(0)
    for _ in range(50):
        stroke, = two_loop(rng)
        low = stroke[stroke[:, 1] > 0.7]
        assert _crossings(low) >= 1


def _crossings(polyline: np.ndarray) -> int:
    """How many pairs of non-adjacent segments of a polyline cross."""
    a, b = polyline[:-1], polyline[1:]
    count = 0
    for i in range(len(a)):
        p, r = a[i], b[i] - a[i]
        q, s = a[i + 2:], b[i + 2:] - a[i + 2:]
        denominator = r[0] * s[:, 1] - r[1] * s[:, 0]
        with np.errstate(divide="ignore", invalid="ignore"):
            t = ((q[:, 0] - p[0]) * s[:, 1] - (q[:, 1] - p[1]) * s[:, 0]) / denominator
            u = ((q[:, 0] - p[0]) * r[1] - (q[:, 1] - p[1]) * r[0]) / denominator
        count += int(np.sum((t > 0) & (t < 1) & (u > 0) & (u < 1)))
    return count


def test_mouse_points_keep_both_ends_and_the_spacing():
    stroke = np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 7.0]])
    points = mouse_points(stroke, 4.0)
    assert np.array_equal(points[0], stroke[0]) and np.array_equal(points[-1], stroke[-1])
    assert np.hypot(*np.diff(points, axis=0).T).max() <= 4.0 + 1e-9
