import numpy as np

from core.learning.augment import _change_thickness, augment


def test_keeps_shape_and_dtype_and_is_seeded(dataset):
    pixels = dataset.pixels[:50]
    first = augment(pixels, np.random.default_rng(0))
    assert first.shape == pixels.shape and first.dtype == np.float32
    np.testing.assert_array_equal(first, augment(pixels, np.random.default_rng(0)))
    assert not np.array_equal(first, augment(pixels, np.random.default_rng(1)))


def test_chunked_warping_gives_the_numbers_of_one_pass(dataset, monkeypatch):
    import core.learning.augment
    pixels = dataset.pixels[:150]
    chunked = augment(pixels, np.random.default_rng(4))
    monkeypatch.setattr(core.learning.augment, "CHUNK", len(pixels))
    np.testing.assert_array_equal(chunked, augment(pixels, np.random.default_rng(4)))


def test_distortions_keep_most_of_the_ink_and_stay_in_range(dataset):
    pixels = dataset.pixels[:200]
    distorted = augment(pixels, np.random.default_rng(3))
    assert distorted.min() >= 0 and distorted.max() <= 1 + 1e-6
    ratio = distorted.sum(axis=1) / pixels.sum(axis=1)
    assert 0.4 < np.median(ratio) < 1.8
    assert np.abs(distorted - pixels).mean() > 0.02, "the images really change"


def test_thickness_counts_whole_dilation_steps_and_blends_the_fraction(dataset):
    images = dataset.pixels[:20].reshape(-1, 28, 28)

    def steps(amount: float) -> np.ndarray:
        return _change_thickness(images, np.full(len(images), amount, np.float32))

    one = steps(1.0)
    np.testing.assert_allclose(steps(2.0), _change_thickness(one, np.ones(len(images), np.float32)), atol=1e-6)
    np.testing.assert_allclose(steps(1.5), (one + steps(2.0)) / 2, atol=1e-6)
    np.testing.assert_allclose(steps(0.5), (images + one) / 2, atol=1e-6)
    assert steps(2.0).sum() > one.sum() > images.sum() > steps(-1.0).sum() > steps(-2.0).sum()
    for amount in (-2.5, -1.5, 1.5, 2.5):
        changed = steps(amount)
        assert changed.min() >= 0 and changed.max() <= images.max(), amount
