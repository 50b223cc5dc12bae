"""A network of layers in the app: the Inside tab shows its filters and one digit's maps layer by layer, the
gradient norms of a run of layers as it goes and the gradient check of every convolution; the Test and Draw
tabs read with it; a fully connected model brings the usual panels back."""

import numpy as np
import pytest

from core.learning.evaluation import evaluate
from core.learning.layer_spec import parse_layers
from core.learning.model_io import load_model, save_model
from core.learning.settings import TrainingSettings
from core.services.feature_maps import feature_maps, first_filters
from core.services.inspection import diverging_colours, mosaic, symmetric_scale
from core.services.runs import run_training
from tests.core.samples import MODEL_FILE

LAYERED = TrainingSettings(layers=parse_layers("conv:4:3:same,pool:2,dense:16"), epochs=2, train_rows=(0, 200),
                           augment=False)


@pytest.fixture
def layered_file(window, tmp_path):
    """A small convolutional model, trained and saved as a user's file."""
    run = run_training(window.state.data, LAYERED)
    return save_model(run.model, tmp_path / "convolucional.npz")


@pytest.fixture
def inside(window, qtbot, layered_file):
    assert window.files.open_model_file(layered_file)
    window.tabs.setCurrentWidget(window.inside_tab)
    qtbot.waitUntil(lambda: window.inside_tab.layers.maps_shown != [])
    return window.inside_tab


def pixel_colour(view, x: int, y: int) -> tuple[int, int, int]:
    colour = view.image.pixelColor(x, y)
    return colour.red(), colour.green(), colour.blue()


def test_a_convolutional_model_shows_its_filters_and_a_digits_maps_upright(window, inside, layered_file):
    network = load_model(layered_file).network
    layers = inside.layers
    assert layers.isVisible() and not inside.weights.isVisible() and not inside.digit.isVisible()
    filters = first_filters(network)
    expected = diverging_colours(mosaic(filters, 4), symmetric_scale(filters, 100))
    assert (layers.filter_tiles.image.width(), layers.filter_tiles.image.height()) == (16, 4)
    for x, y in ((0, 0), (5, 2), (14, 1)):
        assert pixel_colour(layers.filter_tiles, x, y) == tuple(expected[y, x])
    assert "4 filters of 3 x 3" in layers.filters_caption.text()
    inside.show_row(907)
    assert layers.maps_shown == ["conv:4:3:same", "pool:2"]
    assert layers.digit_caption.text().startswith("Row 907, labelled 9 → read as")
    found, _probabilities = feature_maps(network, window.state.data.pixels[907])
    pool = found[1].maps
    expected = diverging_colours(mosaic(pool, 8), symmetric_scale(pool, 100))
    tiles = layers.findChild(type(layers.filter_tiles), "mapsTiles1")
    assert (tiles.image.width(), tiles.image.height()) == (4 * 15, 15)
    for x, y in ((3, 7), (20, 5), (50, 10)):
        assert pixel_colour(tiles, x, y) == tuple(expected[y, x])
    assert layers.findChild(type(layers.digit_caption), "mapsLabel0").text() == "conv:4:3:same: 4 maps of 28 x 28"


def test_the_drawing_goes_through_the_layers_too(window, inside, qtbot):
    window.draw_tab.put_test_digit(905)
    inside.show_drawing()
    assert inside.layers.digit_caption.text().startswith("The drawing on the Draw tab")
    assert inside.layers.maps_shown == ["conv:4:3:same", "pool:2"]


def test_a_fully_connected_model_brings_the_weights_and_the_digit_back(window, inside, qtbot):
    assert window.files.open_model_file(MODEL_FILE)
    qtbot.waitUntil(lambda: inside.weights.isVisible())
    assert inside.digit.isVisible() and not inside.layers.isVisible()
    assert inside.weights.tiles.units() == range(0, 64)


def test_the_gradient_check_covers_every_convolution_in_the_app(window, inside, qtbot):
    inside.gradients.check_button.click()
    qtbot.waitUntil(lambda: not inside.checking(), timeout=60_000)
    header, *rows = inside.gradients.table_rows()
    assert len(rows) == 6, "W and b of the convolution, of dense:16 and of the output layer"
    assert inside.gradients.check.max_relative_error < 1e-6
    assert {array.verdict for array in inside.gradients.check.arrays} == {"agrees"}


def test_the_test_and_draw_tabs_read_with_a_convolutional_model(window, inside, qtbot, layered_file):
    network = load_model(layered_file).network
    window.tabs.setCurrentWidget(window.test_tab)
    window.test_tab.run_test()
    qtbot.waitUntil(lambda: window.test_tab.evaluation is not None)
    expected = evaluate(network, *window.state.data.rows((900, 1000)), first_row=900)
    np.testing.assert_array_equal(window.test_tab.evaluation.predictions, expected.predictions)


def test_a_run_of_layers_is_followed_live_with_a_gradient_norm_per_weight_layer(window, qtbot):
    from tests.gui.test_train_tab import start, wait_for_end

    window.tabs.setCurrentWidget(window.inside_tab)
    inside, tab = window.inside_tab, window.train_tab
    start(tab, TrainingSettings(layers=parse_layers("conv:4:3,pool:2,dense:16"), epochs=3, train_rows=(0, 200),
                                augment=False))
    qtbot.waitUntil(lambda: inside.layers.isVisible(), timeout=10_000)
    wait_for_end(tab, qtbot, timeout=60_000)
    norms = inside.gradient_norms()
    assert len(norms) == 3 and all(len(epoch) == 3 for epoch in norms)
    assert len(inside.gradients.norm_curves) == 3
    qtbot.waitUntil(lambda: inside.layers.maps_shown == ["conv:4:3", "pool:2"], timeout=10_000)
    assert not inside.weights.isVisible()
