"""The shared widgets: probability bars, confusion heat map, digit grid, digit images."""

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor

import numpy as np
import pytest

from core.learning.data import image_to_column_major
from gui.confusion_map import ConfusionMap, cell_colour
from gui.digit_grid import DigitGrid
from gui.digit_image import digit_pixmap, digit_qimage
from gui.probability_bars import TOP_COLOUR, ProbabilityBars
from gui.translation import apply_language


def letter_l():
    """An upright 28x28 'L': a bar down the left and a short foot, unlike its transpose."""
    image = np.zeros((28, 28), dtype=np.float32)
    image[4:24, 6:9] = 1.0
    image[21:24, 6:14] = 1.0
    return image


def test_digit_image_is_upright_with_dark_ink(qtbot):
    image = digit_qimage(image_to_column_major(letter_l()))
    assert (image.width(), image.height()) == (28, 28)
    assert QColor(image.pixel(7, 10)).value() == 0, "(x=7, y=10) is on the left bar"
    assert QColor(image.pixel(10, 7)).value() == 255, "the transposed place is paper"
    big = digit_pixmap(image_to_column_major(letter_l()), 3).toImage()
    assert big.width() == 84 and QColor(big.pixel(3 * 7 + 1, 3 * 10 + 1)).value() == 0


def test_probability_bars_keep_values_and_paint_the_top_one(qtbot):
    bars = ProbabilityBars()
    qtbot.addWidget(bars)
    bars.resize(300, 200)
    probabilities = np.full(10, 0.02)
    probabilities[7] = 0.82
    bars.set_probabilities(probabilities)
    np.testing.assert_array_equal(bars.probabilities(), probabilities)
    picture = bars.grab().toImage()
    row_height = 200 / 10
    left = picture.width() // 3
    assert picture.pixelColor(left, int(7.5 * row_height)) == TOP_COLOUR
    assert picture.pixelColor(left, int(2.5 * row_height)) != TOP_COLOUR
    bars.set_probabilities(None)
    assert bars.probabilities() is None


def test_confusion_colours_zero_is_white_and_one_is_visible():
    full = QColor("#c0392b")
    assert cell_colour(0, 10, full) == QColor(Qt.GlobalColor.white)
    assert cell_colour(1, 50, full).lightness() < 235
    assert cell_colour(50, 50, full) == full


def test_confusion_map_paints_every_count(qtbot):
    heat_map = ConfusionMap()
    qtbot.addWidget(heat_map)
    heat_map.resize(360, 360)
    matrix = np.diag(np.full(10, 9))
    matrix[4, 9] = 2
    heat_map.set_matrix(matrix)
    np.testing.assert_array_equal(heat_map.matrix(), matrix)
    assert heat_map.cell_colour_at(4, 9) != heat_map.cell_colour_at(9, 4) == QColor(Qt.GlobalColor.white)
    assert not heat_map.grab().isNull()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_recall_column_is_as_wide_as_its_title_in_either_language(qtbot, lang):
    apply_language(lang)
    try:
        heat_map = ConfusionMap()
        qtbot.addWidget(heat_map)
        heat_map.resize(340, 300)
        heat_map.set_matrix(np.diag(np.full(10, 9)), np.ones(10))
        title = heat_map._axis_titles[2]
        assert title == {"en": "right", "es": "aciertos"}[lang]
        margin, side, recall_width = heat_map.layout_sizes()
        assert recall_width >= heat_map.fontMetrics().horizontalAdvance(title)
        assert margin + 10 * side + 4 + recall_width <= heat_map.width(), "the column fits in the widget"
        assert recall_width >= 2 * side - 4, "at least two cells wide"
    finally:
        apply_language("en")
        QLocale.setDefault(QLocale.c())


def test_digit_grid_makes_one_tile_per_digit_and_reports_clicks(qtbot):
    grid = DigitGrid()
    qtbot.addWidget(grid)
    grid.resize(400, 300)
    grid.show()
    digits = np.stack([image_to_column_major(letter_l())] * 5)
    grid.set_digits(digits, [f"tile {i}" for i in range(5)])
    assert grid.count() == 5 and grid.captions()[3] == "tile 3"
    with qtbot.waitSignal(grid.digitSelected) as signal:
        qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.visualItemRect(grid.item(3)).center())
    assert signal.args == [3]
    grid.set_digits(digits[:0], [])
    assert grid.count() == 0


@pytest.mark.parametrize("count", [0, 1])
def test_digit_grid_handles_few_digits(qtbot, count):
    grid = DigitGrid()
    qtbot.addWidget(grid)
    grid.set_digits(np.zeros((count, 784), dtype=np.float32), ["x"] * count)
    assert grid.count() == count
