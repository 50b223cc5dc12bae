import numpy as np

from core.augment import augment


def test_keeps_shape_and_dtype_and_is_seeded(dataset):
    pixels = dataset.pixels[:50]
    first = augment(pixels, np.random.default_rng(0))
    assert first.shape == pixels.shape and first.dtype == np.float32
    np.testing.assert_array_equal(first, augment(pixels, np.random.default_rng(0)))
    assert not np.array_equal(first, augment(pixels, np.random.default_rng(1)))


def test_distortions_keep_most_of_the_ink_and_stay_in_range(dataset):
    pixels = dataset.pixels[:200]
    distorted = augment(pixels, np.random.default_rng(3))
    assert distorted.min() >= 0 and distorted.max() <= 1 + 1e-6
    ratio = distorted.sum(axis=1) / pixels.sum(axis=1)
    assert 0.4 < np.median(ratio) < 1.8
    assert np.abs(distorted - pixels).mean() > 0.02, "the images really change"
