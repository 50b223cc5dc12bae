"""The benchmark's made-up phone photos: the size asked, a real JPEG, the same photo for the same seed."""

import io

import numpy as np
from PIL import Image

from bench.photos import PHOTO_SIZE, make_photo
from core.learning.data import column_major_to_image


def photo(dataset, seed, rows=(4000, 4001, 4002)):
    images = [column_major_to_image(dataset.pixels[row]) for row in rows]
    return make_photo(images, [int(dataset.labels[row]) for row in rows], list(rows), np.random.default_rng(seed))


def test_a_photo_is_a_jpeg_of_the_size_asked_with_its_labels(dataset):
    made = photo(dataset, 0)
    width, height = PHOTO_SIZE
    assert made.pixels.shape == (height, width, 3) and made.pixels.dtype == np.uint8
    assert Image.open(io.BytesIO(made.jpeg)).format == "JPEG"
    assert made.labels == [int(dataset.labels[row]) for row in (4000, 4001, 4002)]


def test_the_same_seed_makes_the_same_photo_and_another_seed_another(dataset):
    assert np.array_equal(photo(dataset, 3).pixels, photo(dataset, 3).pixels)
    assert not np.array_equal(photo(dataset, 3).pixels, photo(dataset, 4).pixels)


def test_the_ink_is_darker_than_the_paper_around_it(dataset):
    """The digits stand in the middle rows; the paper is lighter than the ink, whatever the light."""
    grey = photo(dataset, 1).pixels.mean(axis=2)
    middle = grey[grey.shape[0] // 3: 2 * grey.shape[0] // 3]
    assert np.percentile(middle, 1) < 0.6 * np.percentile(middle, 50)
