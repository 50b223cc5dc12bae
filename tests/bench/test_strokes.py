import numpy as np
import pytest

from bench.strokes import UPSAMPLE, drawing_strokes, place, skeleton, trace
from core.learning.data import column_major_to_image


@pytest.fixture(scope="module")
def digits(dataset):
    return [column_major_to_image(dataset.pixels[row]) for row in range(4000, 4030)]


def test_traced_strokes_cover_the_whole_skeleton(digits):
    for image in digits:
        mask = skeleton(image)
        covered = {tuple(point) for stroke in trace(mask) for point in stroke.astype(int)}
        assert set(zip(*np.nonzero(mask), strict=True)) <= covered | _isolated_short_bits(mask, covered)


def _isolated_short_bits(mask, covered):
    """Spurs of one or two pixels may be dropped as noise; nothing longer."""
    missing = set(zip(*np.nonzero(mask), strict=True)) - covered
    assert len(missing) <= 4, f"{len(missing)} skeleton pixels not drawn"
    return missing


def test_strokes_are_continuous_pen_paths(digits):
    for image in digits:
        for stroke in trace(skeleton(image)):
            steps = np.abs(np.diff(stroke, axis=0)).max(axis=1) if len(stroke) > 1 else np.zeros(0)
            assert np.all(steps <= 1), "consecutive points of a traced stroke are neighbours"


def test_a_one_is_drawn_as_a_tall_stroke(dataset):
    row = 4000 + int(np.flatnonzero(dataset.labels[4000:] == 1)[0])
    strokes = drawing_strokes(column_major_to_image(dataset.pixels[row]))
    longest = max(strokes, key=len)
    height, width = np.ptp(longest, axis=0)
    assert height > width and height > 10 * UPSAMPLE


def test_placed_digit_has_the_requested_height_and_fits(digits):
    rng = np.random.default_rng(0)
    for image in digits:
        placed = place(drawing_strokes(image), (280, 280), 0.6, rng)
        points = np.vstack(placed)
        assert points.min() >= 12 - 1e-6 and points.max() <= 268 + 1e-6
        height = np.ptp(points[:, 1])
        assert height <= 0.6 * 280 + 1e-6
        assert height >= 0.6 * 280 - 1e-6 or np.ptp(points[:, 0]) >= 280 - 24 - 1e-6, "shrunk only to fit"


def test_a_tall_digit_with_a_wide_margin_still_fits(digits):
    """A height near the canvas's and a thick pen's margin: the digit shrinks to fit, never a bad range."""
    rng = np.random.default_rng(1)
    for image in digits:
        points = np.vstack(place(drawing_strokes(image), (280, 280), 0.85, rng, margin=24))
        assert points.min() >= 24 - 1e-6 and points.max() <= 256 + 1e-6


def _holes(mask: np.ndarray) -> int:
    """Enclosed background regions (4-connected) of a boolean image."""
    from skimage.measure import label
    background = label(~np.pad(mask, 1), connectivity=1)
    return len(np.unique(background)) - 2     # minus the strokes (0) and the outside


def test_a_loop_filled_with_grey_by_a_thick_pen_stays_a_loop():
    rows, columns = np.mgrid[:28, :28]
    radius = np.hypot(rows - 14, columns - 14)
    ring = np.clip(1 - np.abs(radius - 5) / 3, 0, 1)          # a dark ring, fading at both edges
    filled = np.maximum(ring, 0.45 * (radius < 5))            # ...whose eye is grey, not white
    assert _holes(filled > 0.35) == 0, "a plain threshold loses the loop"
    assert _holes(skeleton(filled)) == 1
    assert _holes(skeleton(ring)) == 1


def test_loops_are_only_ever_added_never_merged(digits):
    from skimage.morphology import skeletonize
    from skimage.transform import rescale
    for image in digits:
        plain = skeletonize(rescale(image, UPSAMPLE, order=1, anti_aliasing=False) > 0.35)
        assert _holes(skeleton(image)) >= _holes(plain)
