"""Connected parts and ruled lines of boolean images, against scikit-image's labelling as the reference."""

import numpy as np
import pytest
from skimage.measure import label as reference_label

from core.handwriting.components import label, run_lengths, without_lines


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("density", [0.1, 0.45, 0.6])
def test_parts_are_scikit_images_8_connected_parts(seed, density):
    mask = np.random.default_rng(seed).random((37, 53)) < density
    parts = label(mask)
    expected = reference_label(mask, connectivity=2)
    assert len(parts) == expected.max()
    # the same partition of the pixels, whatever the numbering
    pairs = set(zip(parts.labels[mask].tolist(), expected[mask].tolist()))
    assert len(pairs) == len(parts)
    assert (parts.labels[~mask] == 0).all()
    for number in range(1, len(parts) + 1):
        rows, columns = np.nonzero(parts.labels == number)
        assert parts.top[number - 1] == rows.min() and parts.bottom[number - 1] == rows.max() + 1
        assert parts.left[number - 1] == columns.min() and parts.right[number - 1] == columns.max() + 1
        assert parts.area[number - 1] == len(rows)


def test_a_long_snake_is_one_part():
    """A path that turns back on itself many times: union-find must join runs met in any order."""
    mask = np.zeros((41, 41), dtype=bool)
    mask[::4, 1:-1] = True
    mask[1::8, -2] = mask[2::8, -2] = mask[3::8, -2] = True
    mask[5::8, 1] = mask[6::8, 1] = mask[7::8, 1] = True
    assert len(label(mask)) == 1


def test_diagonal_neighbours_touch_and_blank_images_have_no_parts():
    assert len(label(np.eye(6, dtype=bool))) == 1
    assert len(label(np.zeros((5, 7), dtype=bool))) == 0
    assert len(label(np.zeros((0, 0), dtype=bool))) == 0


def test_run_lengths_along_rows_and_columns():
    mask = np.array([[1, 1, 0, 1],
                     [1, 0, 0, 1],
                     [1, 0, 1, 1]], dtype=bool)
    assert run_lengths(mask, axis=1).tolist() == [[2, 2, 0, 1], [1, 0, 0, 1], [1, 0, 2, 2]]
    assert run_lengths(mask, axis=0).tolist() == [[3, 1, 0, 3], [3, 0, 0, 3], [3, 0, 1, 3]]


def ruled(height=200, width=300, slope=0.0, thickness=2, rows=(50, 120)):
    mask = np.zeros((height, width), dtype=bool)
    columns = np.arange(width)
    for row in rows:
        for extra in range(thickness):
            mask[np.clip(np.rint(row + slope * columns).astype(int) + extra, 0, height - 1), columns] = True
    return mask


@pytest.mark.parametrize("slope", [0.0, 0.03, -0.07])
def test_ruled_lines_go_and_a_stroke_crossing_them_stays_whole(slope):
    lines = ruled(slope=slope)
    stroke = np.zeros_like(lines)
    stroke[20:150, 140:146] = True             # a digit's upright stroke crossing the first line
    cleaned = without_lines(lines | stroke)
    assert (cleaned == stroke).all(), "the lines are gone, the stroke is whole"


def test_a_vertical_margin_line_goes_too():
    margin = ruled().T
    assert not without_lines(margin).any()


def test_short_strokes_are_not_lines():
    mask = np.zeros((100, 300), dtype=bool)
    mask[40:43, 20:150] = True                  # under half the width: a digit's stroke, not a line
    assert (without_lines(mask) == mask).all()
