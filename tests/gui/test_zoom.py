"""View > Zoom and Full screen: the keys (from a text field too), the fonts, plots, thumbnails and tiles that
follow, the bounds, the level kept in the settings and checked when read back."""

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel

import pytest

from gui import zoom
from gui.main_window import MainWindow
from gui.stored_settings import NORMAL_ZOOM, ZOOM_KEY, ZOOM_LEVELS, settings_file
from tests.gui.conftest import shown

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def normal_zoom_after():
    yield
    zoom.apply_zoom(NORMAL_ZOOM)


def point_size() -> float:
    return QApplication.font().pointSizeF()


def stored_level():
    return QSettings(str(settings_file()), QSettings.Format.IniFormat).value(ZOOM_KEY)


def settled(window, qtbot) -> None:
    """The widgets have their new font: Qt delivers a font change at the event loop's next turn."""
    qtbot.waitUntil(lambda: window.font().pointSizeF() == pytest.approx(point_size()))
    qtbot.waitUntil(lambda: window.train_tab.plots.cost_plot.font().pointSizeF() == pytest.approx(point_size()))


def press(window, qtbot, key, modifier=CTRL) -> None:
    field = window.train_tab.form.widgets["hidden"]    # a text field: the shortcuts work from there too
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, key, modifier)


def test_ctrl_plus_equals_minus_and_zero_zoom_the_app_and_keep_the_level(window, qtbot):
    normal = point_size()
    press(window, qtbot, Qt.Key.Key_Plus)
    assert zoom.level() == 110 and point_size() == pytest.approx(normal * 1.1)
    press(window, qtbot, Qt.Key.Key_Equal)
    assert zoom.level() == 125 and point_size() == pytest.approx(normal * 1.25)
    settled(window, qtbot)
    assert window.menuBar().font().pointSizeF() == pytest.approx(normal * 1.25), "the menus too"
    assert int(stored_level()) == 125
    press(window, qtbot, Qt.Key.Key_Minus)
    assert zoom.level() == 110
    press(window, qtbot, Qt.Key.Key_0)
    assert zoom.level() == NORMAL_ZOOM and point_size() == pytest.approx(normal)
    assert int(stored_level()) == NORMAL_ZOOM


def test_the_zoom_is_bounded(window):
    normal = point_size()
    for _ in range(20):
        window.menus.zoom_in_action.trigger()
    assert zoom.level() == ZOOM_LEVELS[-1] == 200 and point_size() == pytest.approx(2 * normal)
    for _ in range(20):
        window.menus.zoom_out_action.trigger()
    assert zoom.level() == ZOOM_LEVELS[0] == 70 and point_size() == pytest.approx(0.7 * normal)


def test_a_new_window_opens_at_the_stored_zoom(qtbot, error_dialogs):
    QSettings(str(settings_file()), QSettings.Format.IniFormat).setValue(ZOOM_KEY, 150)
    window = shown(qtbot, MainWindow())
    assert zoom.level() == 150
    settled(window, qtbot)
    assert window.train_tab.plots.cost_plot.getPlotItem().getAxis("left").style["tickFont"].pointSizeF() == \
        pytest.approx(window.font().pointSizeF())
    window.close()


@pytest.mark.parametrize("value", ["huge", "1000", "5", "-100", "1e9", "125.5"])
def test_a_stored_zoom_that_makes_no_sense_is_said_and_normal(qtbot, value):
    QSettings(str(settings_file()), QSettings.Format.IniFormat).setValue(ZOOM_KEY, value)
    window = MainWindow()
    qtbot.addWidget(window)
    assert zoom.level() == NORMAL_ZOOM
    problems = [problem for _title, problem, _advice in window._startup_problems]
    assert any("zoom" in problem for problem in problems), problems


def test_plots_thumbnails_and_tiles_grow_with_the_zoom(window, qtbot):
    plot = window.train_tab.plots.cost_plot
    grid, tiles = window.test_tab.grid, window.inside_tab.weights.tiles
    before = (plot.getPlotItem().getAxis("bottom").style["tickFont"].pointSizeF(), grid.tile_side(),
              grid.gridSize().width(), tiles.minimumSizeHint().width(), plot.getPlotItem().titleLabel.opts["size"])
    window.menus.view.set_zoom(150)
    settled(window, qtbot)
    after = (plot.getPlotItem().getAxis("bottom").style["tickFont"].pointSizeF(), grid.tile_side(),
             grid.gridSize().width(), tiles.minimumSizeHint().width(), plot.getPlotItem().titleLabel.opts["size"])
    assert after[0] == pytest.approx(1.5 * before[0]), "the plots' ticks"
    assert after[1] >= 1.5 * 56 and after[1] > before[1] and after[2] > before[2], "the mistakes' thumbnails"
    assert after[3] == pytest.approx(1.5 * before[3], abs=1), "the weight tiles' room"
    assert after[4] != before[4], "the plots' titles"
    label = window.train_tab.form.findChild(QLabel)
    assert window.train_tab.form.styleSheet(), "a widget with a style sheet of its own, which Qt passes over"
    qtbot.waitUntil(lambda: label.font().pointSizeF() == pytest.approx(point_size()))


def test_the_mistakes_and_the_weight_tiles_grow_with_the_window_within_bounds(window, qtbot):
    window.tabs.setCurrentWidget(window.test_tab)
    grid = window.test_tab.grid
    qtbot.waitUntil(lambda: grid.count() > 0, timeout=10_000)
    grid.resize(500, 300)
    small = grid.tile_side()
    grid.resize(1000, 300)
    large = grid.tile_side()
    assert small == 56 and large > small, (small, large)
    grid.resize(3000, 300)
    assert grid.tile_side() == 4 * 28, "at most four screen pixels per digit pixel"
    assert grid.iconSize().width() == grid.tile_side()
    assert grid.item(0).icon().availableSizes()[0].width() >= grid.tile_side(), "never blown up from a smaller one"
    window.tabs.setCurrentWidget(window.inside_tab)
    tiles = window.inside_tab.weights.tiles
    qtbot.waitUntil(lambda: len(tiles.units()) > 0, timeout=10_000)
    unit = tiles.units()[0]
    tiles.resize(300, 300)
    small_tile = tiles.tile_rect(unit).width()
    tiles.resize(600, 600)
    assert tiles.tile_rect(unit).width() == pytest.approx(2 * small_tile)
    tiles.resize(5000, 5000)
    assert tiles.tile_rect(unit).width() == 29 * 5, "at most five screen pixels per weight"


def test_f11_enters_and_leaves_full_screen(window, qtbot):
    action = window.menus.full_screen_action
    assert action.isCheckable() and not action.isChecked()
    press(window, qtbot, Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier)
    qtbot.waitUntil(window.isFullScreen)
    assert action.isChecked()
    press(window, qtbot, Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert not action.isChecked()
