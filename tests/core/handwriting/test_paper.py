"""Reading digits on paper: synthetic photos of digits of the data set's rows 4000-4999, which the
Draw tab's reader never trained on, as dark or light ink, on plain or ruled paper, in uneven light."""

from __future__ import annotations

import numpy as np
import pytest

from core.base.errors import ImageError
from core.handwriting.paper import MAX_PIXELS, PaperDigit, find_digits, number_text, read_paper
from core.learning.model_io import load_model
from tests.core.paper_pages import BLACK, BLUE, CREAM, HEIGHT, WHITE, on_paper, page, strokes, sure_digits
from tests.core.samples import DRAW_MODEL_FILE


@pytest.fixture(scope="module")
def reader():
    return load_model(DRAW_MODEL_FILE).network


@pytest.fixture(scope="module")
def digits(dataset, reader):
    return sure_digits(dataset, reader)


def read_text(reader, image) -> str:
    return number_text(read_paper(reader, image))


def test_a_number_in_dark_ink_on_white_is_read_left_to_right_with_boxes_round_each_digit(reader, digits):
    image = page([digits[2], digits[0], digits[7]])
    found = read_paper(reader, image)
    assert number_text(found) == "207"
    lefts = [digit.box[0] for digit in found]
    assert lefts == sorted(lefts)
    for digit in found:
        _, top, width, height = digit.box
        assert HEIGHT * 0.8 <= height <= HEIGHT * 1.1, digit.box
        assert 95 <= top <= 150 and width < HEIGHT
        assert digit.network_input.shape == (784,) and digit.network_input.dtype == np.float32
        assert digit.probabilities.shape == (10,) and abs(digit.probabilities.sum() - 1) < 1e-4


@pytest.mark.parametrize("ink, paper", [(BLUE, WHITE), (BLUE, CREAM), (BLACK, CREAM), ((230, 230, 225), (40, 60, 45))],
                         ids=["blue on white", "blue on cream", "black on cream", "chalk on a green board"])
def test_ink_of_any_colour_darker_or_lighter_than_the_paper(reader, digits, ink, paper):
    assert read_text(reader, page([digits[4], digits[1], digits[9], digits[6]], ink=ink, paper=paper)) == "4196"


def test_uneven_light_and_a_shadow_across_the_digits(reader, digits):
    image = page([digits[3], digits[8], digits[5]]).astype(np.float32)
    rows, columns = np.mgrid[0:image.shape[0], 0:image.shape[1]]
    light = 0.55 + 0.45 * columns / image.shape[1]                        # dim on the left
    # a shadow over the lower right, its edge as soft as one the sun casts from 30 cm (about 10 pixels)
    light *= 1 - 0.45 / (1 + np.exp(-(rows + 0.4 * columns - 380) / 3))
    assert read_text(reader, np.rint(image * light[:, :, None]).astype(np.uint8)) == "385"


def test_ruled_lines_across_the_page_and_through_the_digits_are_left_out(reader, digits):
    image = page([digits[7], digits[2], digits[0]])
    for row in (110, 200, 290, 380):                    # 200 and 290 cross the digits
        image[row:row + 3] = np.minimum(image[row:row + 3], np.array([140, 175, 220], dtype=np.uint8))
    image[:, 30:33] = np.minimum(image[:, 30:33], np.array([220, 120, 120], dtype=np.uint8))   # a margin line
    found = read_paper(reader, image)
    assert number_text(found) == "720"
    assert all(digit.box[3] < HEIGHT * 1.1 for digit in found), "no box stretched along a line"


def test_specks_are_left_out(reader, digits):
    image = page([digits[6], digits[1]])
    rng = np.random.default_rng(0)
    for row, column in zip(rng.integers(5, 395, 40), rng.integers(5, 895, 40)):
        image[row:row + 3, column:column + 3] = 40                          # dust and pen dots
    assert read_text(reader, image) == "61"


def test_a_5_whose_top_stroke_is_apart_is_one_digit():
    flag = [(70, 40), (140, 40)]
    body = [(72, 58), (68, 110), (100, 100), (130, 120), (135, 150), (115, 175), (85, 178), (62, 165)]
    ink = strokes((220, 400), [flag, body])
    ink += strokes((220, 400), [[(250, 40), (255, 178)]])       # a 1 beside it
    found = find_digits(on_paper(np.clip(ink, 0, 1)))
    assert len(found) == 2
    left, top, width, _ = found[0].box
    assert left <= 64 and top <= 38 and left + width >= 140, "the box holds the top stroke and the body"


def test_digits_that_touch_are_cut_apart(reader, digits):
    image = page([digits[3], digits[0], digits[0], digits[7]], overlap={2: 45})   # the zeros' ink overlaps
    assert read_text(reader, image) == "3007"


def test_a_1_that_is_one_thin_line_is_a_digit(reader, digits):
    image = np.concatenate([np.full((400, 60, 3), WHITE, dtype=np.uint8), page([digits[4], digits[0]])], axis=1)
    image[120:280, 40:42] = BLACK                                       # a 1 two pixels wide, before the 4
    found = read_paper(reader, image)
    assert len(found) == 3 and found[0].box[2] <= 6
    assert number_text(found).endswith("40")


def test_digits_higher_or_lower_are_still_read_from_left_to_right(reader, digits):
    assert read_text(reader, page([digits[5], digits[2], digits[8]], shifts=[-60, 50, -20])) == "528"


@pytest.mark.parametrize("fill", [245, 0])
def test_a_blank_page_has_no_digits(reader, fill):
    rng = np.random.default_rng(1)
    image = np.clip(fill + rng.normal(0, 3, (300, 400)), 0, 255).astype(np.uint8)
    assert read_paper(reader, image) == []
    assert number_text([]) == ""


def test_grey_rgb_and_rgba_give_the_same_digits(reader, digits):
    rgb = page([digits[9], digits[4]])
    grey = np.rint(rgb @ np.array([0.299, 0.587, 0.114])).astype(np.uint8)
    rgba = np.dstack([np.zeros_like(rgb), 255 - grey])          # black ink, transparent paper
    for image in (rgb, grey, grey[:, :, None], rgba):
        assert read_text(reader, image) == "94"


def test_a_large_photo_is_shrunk_and_its_boxes_are_in_its_own_pixels(reader, digits):
    small = page([digits[1], digits[7]])
    large = np.repeat(np.repeat(small, 4, axis=0), 4, axis=1)     # 1600 x 3600
    found, found_large = read_paper(reader, small), read_paper(reader, large)
    assert number_text(found_large) == "17"
    for digit, digit_large in zip(found, found_large):
        assert np.allclose(np.array(digit_large.box), 4 * np.array(digit.box), atol=10)


def test_a_tiny_image_is_enlarged(reader, digits):
    mnist_like = np.rint(255 * digits[3]).astype(np.uint8)      # 28 x 28, light on dark
    assert read_text(reader, mnist_like) == "3"


def test_images_of_the_wrong_kind_or_too_many_pixels_are_refused(reader):
    with pytest.raises(ValueError, match="uint8"):
        read_paper(reader, np.zeros((10, 10), dtype=np.float32))
    with pytest.raises(ValueError, match="uint8"):
        read_paper(reader, np.zeros((10, 10, 2), dtype=np.uint8))
    side = int(np.sqrt(MAX_PIXELS)) + 1
    huge = np.broadcast_to(np.uint8(255), (side, side))         # no memory behind it: refused before any work
    with pytest.raises(ImageError, match=f"{side}x{side} pixels"):
        read_paper(reader, huge)
    with pytest.raises(ImageError, match="empty"):
        read_paper(reader, np.zeros((0, 5), dtype=np.uint8))


def test_a_paper_digit_without_probabilities_has_no_reading():
    assert PaperDigit((0, 0, 1, 1), np.zeros(784, np.float32)).digit is None
