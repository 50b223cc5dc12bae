"""Inside a network of layers: the first filters and one digit's maps, against the textbook's formulas."""

import numpy as np
import pytest

from core.learning import convolution_textbook as textbook
from core.learning.data import column_major_to_image
from core.learning.layer_spec import parse_layers
from core.learning.layered import LayeredNetwork
from core.learning.network import Network
from core.services.feature_maps import feature_maps, first_filters, weight_layer_count

LAYERS = parse_layers("conv:4:3:same,pool:2,conv:6:3,pool:2,dense:12")


@pytest.fixture
def network():
    net = LayeredNetwork.create(LAYERS, seed=5, dtype=np.float64)
    rng = np.random.default_rng(2)
    for layer in net.layers:
        if layer.shapes:
            layer.b[:] = rng.normal(0, 0.1, layer.b.shape)
    return net


def test_the_first_filters_are_the_first_convolutions_weights(network):
    filters = first_filters(network)
    assert filters.shape == (4, 3, 3)
    np.testing.assert_array_equal(filters, network.parameters[0][:, 0])
    assert first_filters(LayeredNetwork.create(parse_layers("dense:8"))) is None


def test_each_convolution_and_pooling_gives_its_maps_upright_as_the_formulas_say(network, dataset):
    pixels = dataset.pixels[900].astype(np.float64)
    found, probabilities = feature_maps(network, pixels)
    assert [maps.layer for maps in found] == ["conv:4:3:same", "pool:2", "conv:6:3", "pool:2"]
    assert [maps.maps.shape for maps in found] == [(4, 28, 28), (4, 14, 14), (6, 12, 12), (6, 6, 6)]
    w1, b1, w2, b2, *_rest = network.parameters
    image = column_major_to_image(pixels)[np.newaxis, np.newaxis]      # upright, one channel
    a1 = np.maximum(textbook.convolution_forward(image, w1, b1, "same"), 0)
    p1 = textbook.max_pool_forward(a1, 2)
    a2 = np.maximum(textbook.convolution_forward(p1, w2, b2, "valid"), 0)
    p2 = textbook.max_pool_forward(a2, 2)
    for maps, expected in zip(found, (a1, p1, a2, p2), strict=True):
        np.testing.assert_allclose(maps.maps, expected[0], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(probabilities, network.probabilities(pixels[None])[0], rtol=1e-10)
    assert probabilities.sum() == pytest.approx(1.0)


def test_the_maps_are_copies_the_next_reading_does_not_change(network, dataset):
    rows = dataset.pixels[900:902]
    first, _probabilities = feature_maps(network, rows[0])
    kept = [maps.maps.copy() for maps in first]
    feature_maps(network, rows[1])
    for maps, before in zip(first, kept, strict=True):
        np.testing.assert_array_equal(maps.maps, before)


def test_weight_layers_are_counted_for_either_kind_of_network(network):
    assert weight_layer_count(network) == 4          # two convolutions, dense:12 and the output layer
    assert weight_layer_count(Network.create([784, 16, 8, 10], "relu", seed=0)) == 3
