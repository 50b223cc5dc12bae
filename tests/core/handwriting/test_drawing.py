import numpy as np
import pytest

from core.handwriting.drawing import (
    BOX_SIDE,
    CENTRE_OF_MASS,
    READING_SHIFTS,
    area_weights,
    centre_of_mass,
    drawing_problem,
    read_drawings,
    reduce_drawing,
    scale_longer_side,
    shifted_views,
)
from core.learning.data import column_major_to_image, image_to_column_major
from core.learning.model_io import load_model
from tests.core.samples import MODEL_FILE


def canvas(height=280, width=280):
    return np.zeros((height, width), dtype=np.float32)


def upright(vector):
    return column_major_to_image(vector)


def inked_extent(image, threshold=0.05):
    """(rows, columns) spanned by ink in an upright image."""
    inked = image > threshold
    return int(inked.any(axis=1).sum()), int(inked.any(axis=0).sum())


def enlarge(digit, factor, height, width, top, left):
    """An upright 28x28 digit blown up by an integer factor and put on a bigger canvas."""
    page = canvas(height, width)
    big = np.kron(digit, np.ones((factor, factor), dtype=np.float32))
    page[top:top + big.shape[0], left:left + big.shape[1]] = big
    return page


@pytest.mark.parametrize("shape", [(280, 280), (300, 450), (5, 3)])
def test_blank_or_faint_canvas_gives_none(shape):
    page = canvas(*shape)
    assert reduce_drawing(page) is None
    page[0, 0] = 0.01  # below the ink threshold: anti-aliasing fringe, not a stroke
    assert reduce_drawing(page) is None


def test_result_is_a_float32_784_vector_in_range_with_full_intensity():
    page = canvas()
    page[100:180, 60:220] = 0.6
    vector = reduce_drawing(page)
    assert vector.shape == (784,) and vector.dtype == np.float32
    assert vector.min() >= 0 and vector.max() == pytest.approx(1.0)


def test_vertical_stroke_becomes_twenty_pixels_tall_and_centred():
    page = canvas()
    page[40:240, 130:150] = 1.0
    image = upright(reduce_drawing(page))
    rows, columns = inked_extent(image)
    assert rows in (BOX_SIDE, BOX_SIDE + 1), f"the longer side is scaled to {BOX_SIDE} px (+1 by a sub-pixel shift)"
    assert columns <= 4, "the aspect ratio is kept: a 200x20 stroke stays thin"
    assert centre_of_mass(image) == pytest.approx((CENTRE_OF_MASS, CENTRE_OF_MASS), abs=0.05)


def test_aspect_ratio_is_kept_for_a_wide_shape():
    page = canvas(300, 400)
    page[100:150, 50:150] = 1.0
    rows, columns = inked_extent(upright(reduce_drawing(page)))
    assert columns in (BOX_SIDE, BOX_SIDE + 1) and rows in (BOX_SIDE // 2, BOX_SIDE // 2 + 1)


@pytest.mark.parametrize("top, left", [(0, 0), (150, 20), (90, 200), (230, 230)])
def test_centre_of_mass_lands_where_mnist_has_it(top, left):
    page = canvas()
    page[top:top + 50, left:left + 30] = 1.0
    page[top + 40:top + 50, left:left + 50] = 1.0  # an L: the mass is off the box's middle
    image = upright(reduce_drawing(page))
    assert centre_of_mass(image) == pytest.approx((CENTRE_OF_MASS, CENTRE_OF_MASS), abs=0.05)


def test_output_is_column_major_like_the_data_file():
    page = canvas()
    page[50:60, 50:250] = 1.0    # a long bar along the top
    page[50:150, 50:60] = 1.0    # and a short one down the left side: a shape unlike its transpose
    vector = reduce_drawing(page)
    image = upright(vector)
    first_row = np.flatnonzero(image.max(axis=1) > 0.3)[0]
    first_column = np.flatnonzero(image.max(axis=0) > 0.3)[0]
    top = image[first_row:first_row + 2].max(axis=0) > 0.3
    left = image[:, first_column:first_column + 2].max(axis=1) > 0.3
    assert top.sum() >= 18, "the long bar is at the top"
    assert 8 <= left.sum() <= 12, "the short bar is on the left"
    # column-major: the first 28 values are the image's first column, then the second, ...
    for column in range(28):
        np.testing.assert_array_equal(vector[28 * column:28 * (column + 1)], image[:, column])


def test_a_digit_drawn_at_different_sizes_and_places_reduces_to_nearly_the_same(dataset):
    digit = upright(dataset.pixels[905])
    small = reduce_drawing(enlarge(digit, 5, 280, 280, 130, 10))
    large = reduce_drawing(enlarge(digit, 12, 400, 500, 20, 150))
    corner = reduce_drawing(enlarge(digit, 8, 300, 300, 70, 76))
    assert np.abs(small - large).mean() < 0.03
    assert np.abs(corner - large).mean() < 0.03


def test_round_trip_of_test_digits_keeps_the_networks_answers(dataset):
    network = load_model(MODEL_FILE).network
    pixels, _ = dataset.rows((900, 1000))
    reduced = np.stack([reduce_drawing(enlarge(upright(row), 10, 300, 300, 10, 10)) for row in pixels])
    correlation = [np.corrcoef(a, b)[0, 1] for a, b in zip(pixels, reduced, strict=True)]
    assert np.median(correlation) > 0.9, "MNIST digits are already reduced: the reduction nearly keeps them"
    agreement = (network.predict(reduced) == network.predict(pixels)).mean()
    assert agreement >= 0.95, f"only {agreement:.0%} of answers survive the round trip"


def test_a_single_dot_is_a_centred_dot():
    page = canvas(50, 70)
    page[10, 60] = 1.0
    image = upright(reduce_drawing(page))
    assert centre_of_mass(image) == pytest.approx((CENTRE_OF_MASS, CENTRE_OF_MASS), abs=0.05)
    assert image.sum() == pytest.approx(BOX_SIDE * BOX_SIDE, rel=1e-5)


@pytest.mark.parametrize("source, target", [(200, 20), (7, 20), (33, 20), (20, 20)])
def test_area_weights_average_and_keep_a_constant(source, target):
    weights = area_weights(source, target)
    assert weights.shape == (target, source)
    np.testing.assert_allclose(weights.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(weights.sum(axis=0), target / source, rtol=1e-5)


def test_downscaling_averages_blocks():
    image = np.kron(np.array([[0, 1], [1, 0]], dtype=np.float32), np.ones((10, 10), dtype=np.float32))
    np.testing.assert_allclose(scale_longer_side(image, 2), [[0, 1], [1, 0]], atol=1e-6)
    halves = scale_longer_side(image, 4)
    np.testing.assert_allclose(halves[:2, :2], 0) and np.testing.assert_allclose(halves[:2, 2:], 1)
    stripe = scale_longer_side(np.tile(np.array([1, 0], dtype=np.float32), (4, 10)), 10)
    np.testing.assert_allclose(stripe, 0.5, atol=1e-6, err_msg="anti-aliasing: thin stripes average to grey")


def test_drawing_problem_names_small_and_faint_drawings():
    canvas = np.zeros((280, 280), dtype=np.float32)
    assert drawing_problem(canvas) is None, "a blank canvas is not a problem, just empty"
    canvas[100:140, 100:110] = 1.0
    assert drawing_problem(canvas) == "small"
    canvas[40:240, 100:110] = 1.0
    assert drawing_problem(canvas) is None
    assert drawing_problem(canvas * 0.3) == "faint"


def test_shifted_views_move_the_digit_one_pixel_each_way_and_keep_it_in_place_once():
    image = np.zeros((28, 28), dtype=np.float32)
    image[10, 12] = 1.0
    views = column_major_to_image(shifted_views(image_to_column_major(image)[None, :])[0])
    assert views.shape == (9, 28, 28) and len(READING_SHIFTS) == 9
    places = sorted(tuple(int(i) for i in np.argwhere(view)[0]) for view in views)
    assert places == sorted((10 + down, 12 + right) for down in (-1, 0, 1) for right in (-1, 0, 1))
    assert all(view.sum() == 1.0 for view in views)


def test_ink_moved_out_of_the_field_is_dropped_not_wrapped_round():
    image = np.zeros((28, 28), dtype=np.float32)
    image[27, :] = 1.0          # the bottom row
    image[:, 0] = 0.5           # and the left column
    views = column_major_to_image(shifted_views(image_to_column_major(image)[None, :])[0])
    down = views[READING_SHIFTS.index((1, 0))]
    assert not down[0].any() and not down[27, 1:].any()
    np.testing.assert_array_equal(down[1:, 0], 0.5)
    left = views[READING_SHIFTS.index((0, -1))]
    assert not left[:, 27].any() and left[27, :27].tolist() == [1.0] * 27


def test_a_drawing_is_read_as_the_mean_of_its_nine_positions(dataset):
    network = load_model(MODEL_FILE).network
    pixels, _ = dataset.rows((900, 905))
    expected = []
    for row in pixels:
        padded = np.pad(upright(row), 1)
        moved = [padded[1 - down:29 - down, 1 - right:29 - right] for down in (-1, 0, 1) for right in (-1, 0, 1)]
        expected.append(network.probabilities(image_to_column_major(np.stack(moved))).mean(axis=0))
    read = read_drawings(network, pixels)
    np.testing.assert_allclose(read, np.stack(expected), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(read.sum(axis=1), 1.0, rtol=1e-5)
    assert not np.allclose(read, network.probabilities(pixels), atol=1e-3), "the shifts change the reading"
