"""The Inside tab: the shipped model's weight tiles, a digit's activations and a unit's z = w·a + b, the
gradient norms and tiles of a run as it goes, and the gradient check's table."""

import dataclasses
import re
import time

from PySide6.QtCore import Qt

import numpy as np
import pytest

from core.learning.settings import ASSIGNMENT
from core.learning.training import initial_network
from core.services.inspection import Snapshot, activations_of, diverging_colours, symmetric_scale, weight_images
from gui.inside_tab import PAGE_SIZE, REDRAW_INTERVAL_MS
from tests.gui.conftest import QUICK_RUN


@pytest.fixture
def tab(window, qtbot):
    window.tabs.setCurrentWidget(window.inside_tab)
    qtbot.waitUntil(lambda: window.inside_tab.redraw_count > 0)
    return window.inside_tab


def test_the_tiles_are_the_shipped_models_first_layer_upright_in_blue_white_red(window, tab):
    network = window.state.model.network
    assert tab.weights.tiles.units() == range(0, PAGE_SIZE)
    scale = symmetric_scale(network.weights[0])
    expected = diverging_colours(weight_images(network, range(0, 3)), scale)
    for unit in range(3):
        for row, column in ((5, 20), (14, 14), (20, 6)):
            assert tab.weights.tiles.tile_colour(unit, row, column) == tuple(expected[unit, row, column])
    assert f"{scale:.3f}" in tab.weights.scale_label.text()
    tab.weights.page_combo.setCurrentIndex(tab.weights.page_combo.count() - 1)
    assert tab.weights.page_combo.currentText() == "All 256 units" and tab.weights.tiles.units() == range(0, 256)
    tab.weights.page_combo.setCurrentIndex(1)
    assert tab.weights.tiles.units() == range(64, 128)


def test_the_histograms_compare_every_weight_with_its_start(window, tab):
    network = window.state.model.network
    start = initial_network(window.state.model.settings)
    for layer in range(3):
        tab.weights.layer_combo.setCurrentIndex(layer)
        _edges, now = tab.weights.now_curve.getData()
        _edges, at_start = tab.weights.start_curve.getData()
        assert now.sum() == at_start.sum() == network.weights[layer].size
    assert tab.weights.layer_combo.itemText(0) == "W1: 784 → 256"
    assert np.abs(start.weights[0]).max() < np.abs(network.weights[0]).max(), "training spread the weights"


def test_a_mistake_clicked_in_the_test_tab_is_followed_layer_by_layer(window, qtbot):
    test_tab = window.test_tab
    window.tabs.setCurrentWidget(test_tab)
    qtbot.waitUntil(lambda: test_tab.evaluation is not None)
    rect = test_tab.grid.visualItemRect(test_tab.grid.item(0))
    qtbot.mouseClick(test_tab.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    row = test_tab.evaluation.first_row + int(test_tab.evaluation.misclassified[0])
    window.tabs.setCurrentWidget(window.inside_tab)
    tab = window.inside_tab
    assert tab.digit.source.row_box.value() == row and f"Row {row}, labelled" in tab.digit.digit_caption.text()
    expected = activations_of(window.state.model.network, window.state.data.pixels[row])
    np.testing.assert_allclose(tab.digit.activations.probabilities, expected.probabilities, rtol=1e-6)
    np.testing.assert_allclose(tab.digit.activations.probabilities, test_tab.evaluation.probabilities[row - 900],
                               rtol=1e-5)


def test_clicking_a_unit_shows_its_weights_z_and_activation(window, tab, qtbot):
    tab.show_row(905)
    layer, unit = 2, 17
    qtbot.mouseClick(tab.digit.view, Qt.MouseButton.LeftButton,
                     pos=tab.digit.view.unit_rect(layer, unit).center().toPoint())
    detail = tab.digit.activations.unit(layer, unit)
    text = tab.digit.unit_detail.text()
    assert text.startswith(f"Hidden layer 2, unit {unit + 1} of 256")
    assert f"= {detail.weighted_sum:.3f} + ({detail.bias:.3f}) = {detail.z:.3f}" in text
    assert f"a = ReLU(z) = {detail.activation:.3f}" in text
    assert detail.activation == pytest.approx(max(detail.z, 0.0), abs=1e-4)
    assert not tab.digit.unit_weights.pixmap().isNull()
    rect = tab.weights.tiles.tile_rect(3)
    qtbot.mouseClick(tab.weights.tiles, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert tab.digit.unit_detail.text().startswith("Hidden layer 1, unit 4 of 256")
    digit = tab.digit.view.unit_rect(3, 7).center().toPoint()
    qtbot.mouseClick(tab.digit.view, Qt.MouseButton.LeftButton, pos=digit)
    assert tab.digit.unit_detail.text().startswith("Output unit 7 (the digit 7)")
    assert f"{100 * tab.digit.activations.probabilities[7]:.1f}%" in tab.digit.unit_detail.text()


def test_the_draw_tabs_drawing_can_be_followed_too(window, tab):
    window.draw_tab.put_test_digit(917)
    tab.show_drawing()
    drawing = window.draw_tab.network_input
    np.testing.assert_allclose(tab.digit.activations.outputs[0], drawing)
    np.testing.assert_allclose(tab.digit.activations.probabilities,
                               window.state.model.network.probabilities(drawing[None, :])[0], rtol=1e-6)
    window.draw_tab.canvas.clear()
    tab.show_drawing()
    assert tab.digit.activations is None and "empty" in tab.digit.digit_caption.text()


def test_a_run_updates_the_tiles_and_the_gradient_plot_as_it_goes(window, tab, qtbot):
    snapshots, arrived_while_training = [], []
    window.train_tab.snapshotArrived.connect(snapshots.append)
    window.train_tab.snapshotArrived.connect(lambda _: arrived_while_training.append(window.train_tab.is_training()))
    window.train_tab.set_settings(QUICK_RUN)
    window.train_tab.start_training()
    assert "The run under way" in tab.shown_network.text()
    qtbot.waitUntil(lambda: not window.train_tab.is_training() and not tab.drawing_in_turns(), timeout=20_000)
    assert [snapshot.epoch for snapshot in snapshots] == [1, 2, 3]
    assert all(arrived_while_training), "each snapshot reaches the GUI as its epoch ends, not after the run"
    assert tab.gradient_norms() == [snapshot.gradient_norms for snapshot in snapshots]
    curves = tab.gradients.norm_curves
    assert len(curves) == 2, "one curve per layer: W1 and W2"
    for layer, curve in enumerate(curves):
        x, y = curve.getData()
        assert list(x) == [1, 2, 3]
        np.testing.assert_allclose(10 ** np.asarray(y) if curve.opts["logMode"][1] else y,
                                   [snapshot.gradient_norms[layer] for snapshot in snapshots], rtol=1e-6)
    assert tab.weights.tiles.units() == range(0, 32), "the new model has 32 units, one page"
    assert window.state.model.network.layer_sizes == [784, 32, 10]
    assert "Vanishing gradients" in tab.gradients.gradient_text.text()
    window.state.mark_saved(None)


def test_snapshots_are_drawn_at_most_about_twice_a_second(window, tab, qtbot):
    network = window.state.model.network
    tab.begin_run(QUICK_RUN)
    before = tab.redraw_count
    started = time.perf_counter()
    for epoch in range(1, 201):
        tab.show_snapshot(Snapshot(epoch, network, (1.0 / epoch, 2.0 / epoch, 3.0 / epoch)))
        if epoch % 20 == 0:
            qtbot.wait(60)
    qtbot.wait(REDRAW_INTERVAL_MS + 100)
    seconds = time.perf_counter() - started
    tab.end_run()
    redraws = tab.redraw_count - before
    assert 1 <= redraws <= seconds * 1000 / REDRAW_INTERVAL_MS + 2, f"{redraws} redraws in {seconds:.2f} s"
    assert len(tab.gradient_norms()) == 200
    x, _y = tab.gradients.norm_curves[0].getData()
    assert len(x) == 200, "every epoch is on the plot"


def test_a_runs_end_is_drawn_a_part_at_a_time_so_the_window_never_waits_for_the_whole_tab(
        window, tab, qtbot, monkeypatch):
    drawn = []
    for name in ("_show_tiles", "_show_norms", "_show_histogram", "_show_activations"):
        draw = getattr(tab, name)
        monkeypatch.setattr(tab, name, lambda draw=draw, name=name: (drawn.append(name), draw()))
    tab.begin_run(QUICK_RUN)
    tab.show_snapshot(Snapshot(1, window.state.model.network, (1.0, 2.0)))
    qtbot.waitUntil(lambda: len(drawn) >= 4, timeout=5_000)
    drawn.clear()
    tab.end_run()
    assert drawn == ["_show_tiles"], "one part at the end of the run, the others at the next ticks"
    qtbot.waitUntil(lambda: not tab.drawing_in_turns(), timeout=5_000)
    assert sorted(drawn) == ["_show_activations", "_show_histogram", "_show_norms", "_show_tiles"]
    assert "The run under way" not in tab.shown_network.text()


def test_the_gradient_check_fills_its_table_off_the_gui_thread(window, tab, qtbot):
    assert tab.gradients.check_table.rowCount() == 0 and "Press the button" in tab.gradients.verdict.text()
    tab.gradients.check_button.click()
    assert tab.checking() and not tab.gradients.check_button.isEnabled()
    qtbot.waitUntil(lambda: not tab.checking(), timeout=60_000)
    rows = tab.gradients.table_rows()
    assert rows[0] == ["Parameters", "Shape", "Checked", "Relative error", "Verdict"]
    assert [row[0] for row in rows[1:]] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert all(row[4] == "agrees" for row in rows[1:]) and max(float(row[3]) for row in rows[1:]) < 1e-6
    assert "agrees with the finite differences" in tab.gradients.verdict.text()
    assert tab.gradients.check_button.isEnabled()


SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def shown_tick_value(text: str) -> float:
    """The number a log axis's tick label says: '0.01', '10²', '2·10⁻³'."""
    power = re.fullmatch(r"(?:(.+)·)?10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)", text)
    if power is None:
        return float(text)
    return float(power.group(1) or 1) * 10 ** int(power.group(2).translate(SUPERSCRIPT_DIGITS))


@pytest.mark.parametrize("learning_rate", [0.05, 0.3])
def test_the_gradient_norm_axis_reads_the_norms_own_magnitude(window, tab, qtbot, learning_rate):
    settings = dataclasses.replace(ASSIGNMENT, learning_rate=learning_rate, epochs=4)
    window.train_tab.set_settings(settings)
    window.train_tab.start_training()
    qtbot.waitUntil(lambda: not window.train_tab.is_training() and not tab.drawing_in_turns(), timeout=30_000)
    norms = np.array(tab.gradient_norms())
    assert norms.shape == (4, 2)
    if learning_rate == 0.05:
        assert norms.max() < 1, "the case that showed 10¹ and 10²: norms under 1, where an SI prefix scaled the axis"
    axis = tab.gradients.norm_plot.getPlotItem().getAxis("left")
    qtbot.waitUntil(lambda: axis.range[1] > np.log10(norms.max()))
    assert "(x" not in axis.labelString(), axis.labelString()
    low, high = axis.range
    levels = axis.tickValues(low, high, axis.height())
    scale = axis.autoSIPrefixScale * axis.scale
    shown = [text for spacing, values in levels for text in axis.tickStrings(values, scale, spacing)]
    assert shown, "the axis shows ticks"
    values = [shown_tick_value(text) for text in shown]
    assert all(10 ** low / 1.01 <= value <= 10 ** high * 1.01 for value in values), (shown, 10 ** low, 10 ** high)
    assert 10 ** low <= norms.min() and norms.max() <= 10 ** high, "the axis spans the norms"
    window.state.mark_saved(None)


def test_the_inside_tab_opened_after_a_run_shows_the_runs_gradient_norms(window, qtbot):
    """Its panels are made when it is first shown; what the run sent meanwhile is drawn then."""
    import pyqtgraph as pg

    tab = window.train_tab
    tab.set_settings(QUICK_RUN)
    tab.train_button.click()
    qtbot.waitUntil(lambda: not tab.is_training(), timeout=30_000)
    assert not window.inside_tab.findChildren(pg.PlotWidget), "not made while the tab was never shown"
    window.tabs.setCurrentWidget(window.inside_tab)
    qtbot.waitUntil(lambda: not window.inside_tab.drawing_in_turns(), timeout=5_000)
    plot = window.inside_tab.gradients.findChild(pg.PlotWidget)
    lengths = [len(item.getData()[0]) for item in plot.getPlotItem().listDataItems() if item.getData()[0] is not None]
    assert lengths == [QUICK_RUN.epochs] * 2, "a curve per weight layer, an epoch per point"
