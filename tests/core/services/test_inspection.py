"""Looking inside a network: weight images, one digit's activations, gradient norms, histograms."""

import numpy as np
import pytest

from core.learning.data import column_major_to_image
from core.learning.gradient_check import GRADIENT_ROWS
from core.learning.network import Network
from core.learning.settings import TrainingSettings
from core.services.inspection import (
    activations_of,
    as_grid,
    counts,
    diverging_colours,
    gradient_norms,
    gradient_rows,
    histogram_edges,
    mosaic,
    symmetric_scale,
    take_snapshot,
    weight_images,
)


@pytest.fixture
def network():
    net = Network.create([784, 12, 7, 10], "relu", seed=3)
    for b in net.biases:
        b[:] = np.random.default_rng(1).normal(0, 0.1, b.shape)
    return net


def test_a_units_weights_become_an_upright_image_like_a_digit(network):
    tiles = weight_images(network)
    assert tiles.shape == (12, 28, 28)
    unit = 4
    # the weight of pixel k is drawn where that pixel is: column-major k -> row k % 28, column k // 28
    k = 3 * 28 + 5
    assert tiles[unit, 5, 3] == network.weights[0][unit, k]
    np.testing.assert_array_equal(tiles[unit], column_major_to_image(network.weights[0][unit]))
    np.testing.assert_array_equal(weight_images(network, range(2, 6)), tiles[2:6])


def test_the_diverging_colours_are_blue_white_red_on_a_symmetric_scale():
    colours = diverging_colours(np.array([-2.0, -1.0, 0.0, 0.5, 1.0, 3.0, np.nan]), scale=1.0)
    assert colours.dtype == np.uint8 and colours.shape == (7, 3)
    blue, white, red = colours[1], colours[2], colours[4]
    assert tuple(white) == (255, 255, 255)
    assert blue[2] > blue[0] and red[0] > red[2], "negative is blue, positive is red"
    np.testing.assert_array_equal(colours[0], blue)
    np.testing.assert_array_equal(colours[5], red)
    assert 0 < 255 - colours[3][1] < 255 - red[1], "half way is a paler red"
    assert tuple(colours[6]) == (224, 224, 224), "no value is grey"
    values = np.concatenate([np.linspace(-0.1, 0.1, 1000), [50.0]])
    assert symmetric_scale(values) == pytest.approx(0.1, rel=0.05), "one outlier does not set the scale"
    assert symmetric_scale(np.zeros(5)) == 1.0


def test_a_mosaic_puts_the_images_in_rows_with_a_gap_between():
    images = np.arange(5 * 2 * 3, dtype=float).reshape(5, 2, 3)
    tiled = mosaic(images, columns=2, gap=1)
    assert tiled.shape == (3 * 3, 2 * 4)
    np.testing.assert_array_equal(tiled[0:2, 0:3], images[0])
    np.testing.assert_array_equal(tiled[0:2, 4:7], images[1])
    np.testing.assert_array_equal(tiled[6:8, 0:3], images[4])
    assert np.isnan(tiled[2]).all() and np.isnan(tiled[:, 3]).all(), "the gaps"
    assert np.isnan(tiled[6:8, 4:7]).all(), "no sixth image"


def test_a_vector_is_laid_out_as_a_near_square_grid():
    grid = as_grid(np.arange(10.0))
    assert grid.shape == (3, 4)
    assert list(grid.ravel()[:10]) == list(range(10)) and np.isnan(grid.ravel()[10:]).all()
    assert as_grid(np.ones(256)).shape == (16, 16)


def test_activations_give_each_units_z_and_activation(network):
    pixels = np.random.default_rng(0).random(784)
    inside = activations_of(network, pixels)
    assert [len(a) for a in inside.hidden] == [12, 7]
    np.testing.assert_allclose(inside.probabilities, network.probabilities(pixels[None, :])[0], rtol=1e-5)
    assert inside.probabilities.sum() == pytest.approx(1.0, abs=1e-5)
    for layer, units in ((1, 12), (2, 7)):
        for index in range(units):
            unit = inside.unit(layer, index)
            w, b = network.weights[layer - 1][index], network.biases[layer - 1][index]
            expected_z = float(np.dot(w.astype(float), inside.outputs[layer - 1].astype(float)) + b)
            assert unit.z == pytest.approx(expected_z, rel=1e-6, abs=1e-6)
            assert unit.z == pytest.approx(unit.weighted_sum + unit.bias)
            assert unit.activation == pytest.approx(max(unit.z, 0.0), abs=1e-5), "a = ReLU(z)"
    digit = inside.unit(3, 2)
    assert digit.activation == pytest.approx(inside.probabilities[2]) and len(digit.weights) == 7


def test_gradient_norms_are_the_norms_of_back_propagations_weight_gradients(network, dataset):
    x, labels = dataset.rows((0, 50))
    norms = gradient_norms(network, x, labels)
    _cost, gradients = network.gradients(x, labels)
    assert len(norms) == 3
    for norm, dw in zip(norms, gradients[::2], strict=True):
        assert norm == pytest.approx(np.sqrt((dw.astype(float) ** 2).sum()), rel=1e-5)
    x_probe, labels_probe = gradient_rows(dataset, TrainingSettings(train_rows=((0, 300), (1000, 2000))))
    assert len(labels_probe) == GRADIENT_ROWS
    np.testing.assert_array_equal(x_probe[300], dataset.pixels[1000])


def test_a_snapshot_is_a_copy_training_cannot_change(network, dataset):
    x, labels = dataset.rows((0, 20))
    snapshot = take_snapshot(network, 4, x, labels)
    network.weights[0] += 1
    assert snapshot.epoch == 4 and len(snapshot.gradient_norms) == 3
    assert not np.shares_memory(snapshot.network.weights[0], network.weights[0])
    assert (snapshot.network.weights[0] != network.weights[0]).all()


def test_histograms_now_and_at_the_start_share_round_bins():
    rng = np.random.default_rng(0)
    start, now = rng.normal(0, 0.05, 5000), rng.normal(0, 0.2, 5000)
    edges = histogram_edges([now, start], bins=40)
    largest = np.abs(now).max()
    assert len(edges) == 41 and edges[0] == -edges[-1] and largest <= edges[-1] < 1.25 * largest
    assert edges[-1] == pytest.approx(round(edges[-1] / 0.025) * 0.025), "a round number"
    assert np.array_equal(histogram_edges([now * 1.001, start], bins=40), edges), "a little growth: the same bins"
    counts_now, counts_start = counts(now, edges), counts(start, edges)
    np.testing.assert_array_equal(counts_now, np.histogram(now, edges)[0])
    assert counts_now.sum() == counts_start.sum() == 5000
    middle = slice(15, 25)
    assert counts_start[middle].sum() > counts_now[middle].sum(), "the start is narrower"
