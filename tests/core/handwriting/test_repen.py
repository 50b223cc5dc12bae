"""Re-penned training digits (core/handwriting/repen.py): the thinning, the pen, and a run that asks for none."""

import numpy as np

from core.handwriting.extra_rows import settings_extra_rows
from core.handwriting.repen import RepennedRows, pen, repen, thin
from core.handwriting.styles import style_rows
from core.learning.data import column_major_to_image
from core.learning.settings import TrainingSettings
from core.learning.training import train
from tests.core.samples import record_epochs


def neighbours(mask):
    """The count of 8-neighbours set, for every pixel."""
    padded = np.pad(mask, 1).astype(int)
    height, width = mask.shape
    return sum(padded[1 + dr:1 + dr + height, 1 + dc:1 + dc + width]
               for dr in (-1, 0, 1) for dc in (-1, 0, 1) if (dr, dc) != (0, 0))


def reached_from_border(free):
    """The pixels of `free` 4-connected to the image's border."""
    reached = np.zeros_like(free)
    reached[[0, -1], :], reached[:, [0, -1]] = free[[0, -1], :], free[:, [0, -1]]
    while True:
        grown = reached.copy()
        grown[1:] |= reached[:-1]
        grown[:-1] |= reached[1:]
        grown[:, 1:] |= reached[:, :-1]
        grown[:, :-1] |= reached[:, 1:]
        grown &= free
        if np.array_equal(grown, reached):
            return reached
        reached = grown


def bar():
    mask = np.zeros((40, 60), dtype=bool)
    mask[15:24, 5:55] = True            # 9 pixels thick, 50 long
    return mask


def ring():
    rows, columns = np.mgrid[:60, :60]
    distance = np.hypot(rows - 29.5, columns - 29.5)
    return (distance >= 12) & (distance <= 20)


def test_a_thick_bar_thins_to_a_line_one_pixel_wide():
    skeleton = thin(bar()[None])[0]
    columns = np.flatnonzero(skeleton.any(axis=0))
    assert columns[-1] - columns[0] >= 40, "as long as the bar, about"
    assert np.all(skeleton.sum(axis=0)[columns[0]:columns[-1] + 1] == 1), "one pixel in every column"
    assert np.all(skeleton[:, columns].nonzero()[0] == 19), "along the bar's middle"
    assert not skeleton[~bar()].any()


def test_a_ring_stays_a_ring():
    skeleton = thin(ring()[None])[0]
    assert skeleton.any() and not skeleton[~ring()].any()
    assert not reached_from_border(~skeleton)[29:31, 29:31].any(), "the hole is still closed"
    assert np.all(neighbours(skeleton)[skeleton] >= 2), "no loose ends"
    blocks = skeleton[:-1, :-1] & skeleton[1:, :-1] & skeleton[:-1, 1:] & skeleton[1:, 1:]
    assert not blocks.any(), "one pixel wide: no 2x2 block"
    assert skeleton.sum() < 2 * np.pi * 20, "a line around, not a band"


def test_a_batch_thins_each_image_as_alone():
    batch = np.zeros((3, 60, 60), dtype=bool)
    batch[0, 10:50, 10:50] = bar()[:40, 5:45]
    batch[1] = ring()
    together = thin(batch)
    for image, skeleton in zip(batch, together, strict=True):
        np.testing.assert_array_equal(thin(image[None])[0], skeleton)
    assert not together[2].any()


def test_the_pen_draws_a_disk_around_each_skeleton_pixel():
    dot = np.zeros((21, 21), dtype=bool)
    dot[10, 10] = True
    drawn = pen(dot, 4.5)
    rows, columns = np.nonzero(drawn)
    assert np.all(np.hypot(rows - 10, columns - 10) <= 4.5)
    assert drawn.sum() == np.sum(np.hypot(*np.mgrid[-10:11, -10:11]) <= 4.5)


def test_re_penned_digits_look_like_digits_drawn_with_one_pen(dataset):
    pixels = dataset.pixels[:40]
    redrawn = repen(pixels, np.random.default_rng(0))
    assert redrawn.shape == pixels.shape and redrawn.dtype == np.float32
    assert redrawn.min() >= 0 and redrawn.max() <= 1 and not np.array_equal(redrawn, pixels)
    for row in redrawn:
        image = column_major_to_image(row)
        assert image.max() > 0.5, "full ink, but for the centring's fraction of a pixel"
        rows = np.flatnonzero(image.any(axis=1))
        columns = np.flatnonzero(image.any(axis=0))
        assert max(rows[-1] - rows[0], columns[-1] - columns[0]) + 1 <= 21, "reduced like a drawing"
    np.testing.assert_array_equal(repen(pixels, np.random.default_rng(0)), redrawn)


def test_repen_zero_makes_no_pool_and_changes_nothing(dataset, monkeypatch):
    assert TrainingSettings().repen == 0
    assert TrainingSettings.from_json(TrainingSettings(styles=30).to_json() | {"repen": 0}) == \
        TrainingSettings.from_json({k: v for k, v in TrainingSettings(styles=30).to_json().items() if k != "repen"})
    settings = TrainingSettings(hidden=(8,), epochs=2, train_rows=(0, 60), styles=20, seed=3)
    # the styles' rows as they were mixed before re-penned digits existed: passed in by hand
    before = train(dataset, settings, extra_rows=style_rows(settings.styles, settings.seed))

    def refused(*args, **kwargs):
        raise AssertionError("no re-penned pool when repen is 0")

    monkeypatch.setattr(RepennedRows, "make", refused)
    now = train(dataset, settings, make_extra_rows=settings_extra_rows)
    for a, b in zip(before.network.parameters, now.network.parameters, strict=True):
        assert a.tobytes() == b.tobytes()
    assert before.history.train_cost == now.history.train_cost
    plain = TrainingSettings(hidden=(8,), epochs=2, train_rows=(0, 60))
    seen = record_epochs(monkeypatch)
    train(dataset, plain)
    assert [len(y) for _, y in seen] == [60, 60]


def test_repen_mixes_that_many_re_penned_rows_into_every_epoch_from_one_pool(dataset, monkeypatch):
    made = []
    real_make = RepennedRows.make.__func__

    def counting_make(cls, *args, **kwargs):
        made.append(args)
        return real_make(cls, *args, **kwargs)

    monkeypatch.setattr(RepennedRows, "make", classmethod(counting_make))
    seen = record_epochs(monkeypatch)
    settings = TrainingSettings(hidden=(8,), epochs=3, augment=False, train_rows=(0, 60), repen=25, styles=10)
    train(dataset, settings, make_extra_rows=settings_extra_rows)
    assert len(made) == 1, "re-penned once, at the start"
    assert [len(y) for _, y in seen] == [95, 95, 95]
    originals = {row.tobytes() for row in dataset.pixels[:60]}
    for x, _y in seen:
        assert sum(row.tobytes() in originals for row in x) == 60
