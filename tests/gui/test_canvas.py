from PySide6.QtCore import QPoint, Qt

import numpy as np
import pytest

from gui.canvas import CANVAS_SIDE, PEN_WIDTH, DrawingCanvas
from tests.gui.conftest import shown


@pytest.fixture
def canvas(qtbot):
    return shown(qtbot, DrawingCanvas())


def test_is_at_least_280_pixels_square_and_starts_blank(canvas):
    assert canvas.objectName() == "drawCanvas"
    assert canvas.width() >= 280 and canvas.height() >= 280 and CANVAS_SIDE >= 280
    ink = canvas.ink()
    assert ink.shape == (canvas.height(), canvas.width()) and ink.dtype == np.float32
    assert canvas.is_blank() and ink.max() == 0


def test_pen_is_round_and_a_click_makes_a_round_dot(canvas, qtbot):
    pen = canvas.pen()
    assert pen.capStyle() == Qt.PenCapStyle.RoundCap and pen.joinStyle() == Qt.PenJoinStyle.RoundJoin
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(100, 150))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(100, 150))
    inked = np.argwhere(canvas.ink() > 0.5)
    height, width = np.ptp(inked, axis=0) + 1
    assert abs(height - PEN_WIDTH) <= 2 and abs(width - PEN_WIDTH) <= 2
    area = len(inked)
    assert area == pytest.approx(np.pi * (PEN_WIDTH / 2) ** 2, rel=0.15), "a disc, not a square"
    assert np.allclose(inked.mean(axis=0), (150, 100), atol=1), "[row, column] = (y, x) of the click"


def test_press_move_release_draws_a_continuous_stroke_and_signals(canvas, qtbot):
    changes, finished = [], []
    canvas.inkChanged.connect(lambda: changes.append(1))
    canvas.strokeFinished.connect(lambda: finished.append(1))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(40, 60))
    for x in range(40, 241, 40):  # big jumps between events: the stroke still joins them
        qtbot.mouseMove(canvas, QPoint(x, 60))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(240, 60))
    row = canvas.ink()[60]
    assert (row[40:241] == 1.0).all(), "solid ink along the whole path"
    assert len(changes) == 7 and finished == [1]


def test_moving_without_a_press_draws_nothing(canvas, qtbot):
    qtbot.mouseMove(canvas, QPoint(50, 50))
    qtbot.mouseMove(canvas, QPoint(200, 200))
    assert canvas.is_blank()


def test_right_click_clears(canvas, qtbot):
    cleared = []
    canvas.cleared.connect(lambda: cleared.append(1))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    assert not canvas.is_blank()
    qtbot.mouseClick(canvas, Qt.MouseButton.RightButton, pos=QPoint(5, 5))
    assert canvas.is_blank() and cleared == [1]


def test_set_ink_scales_a_digit_to_the_canvas_upright(canvas):
    digit = np.zeros((28, 28), dtype=np.float32)
    digit[2:26, 5:8] = 1.0      # a bar on the left
    digit[2:5, 5:20] = 1.0      # and one along the top
    canvas.set_ink(digit)
    shrunk = canvas.ink().reshape(28, 10, 28, 10).mean(axis=(1, 3))
    assert np.abs(shrunk - digit).mean() < 0.05
    assert shrunk[20, 6] > 0.8 and shrunk[6, 20] < 0.2


def test_painted_widget_shows_the_image(canvas, qtbot):
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(140, 140))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(140, 140))
    grabbed = canvas.grab().toImage()
    assert grabbed.pixelColor(140, 140).value() < 20 and grabbed.pixelColor(10, 10).value() > 240


def test_re_penned_training_digits_use_the_canvas_and_its_pen():
    from core.handwriting import repen

    assert repen.CANVAS_SIDE == CANVAS_SIDE and repen.CANVAS_PEN_WIDTH == PEN_WIDTH


def test_a_wider_canvas_is_blank_and_draws_across_its_whole_width(canvas, qtbot):
    cleared = []
    canvas.cleared.connect(lambda: cleared.append(1))
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(100, 150))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(100, 150))
    canvas.set_width(420)
    assert canvas.size().width() == 420 and canvas.height() == CANVAS_SIDE and canvas.is_blank()
    assert canvas.ink().shape == (CANVAS_SIDE, 420) and cleared == [1]
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(400, 150))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(400, 150))
    assert canvas.ink()[150, 400] > 0.9


def test_readings_show_over_the_drawing_until_it_changes_and_never_in_the_ink(canvas, qtbot):
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(100, 150))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(100, 150))
    ink = canvas.ink()
    canvas.set_readings([(60, 100, 80, 100)], ["7"])
    edge = canvas.grab().toImage().pixelColor(QPoint(60, 150))
    assert edge.red() > 150 and edge.blue() < 100, "the box's left edge, in colour"
    assert np.array_equal(canvas.ink(), ink)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(200, 150))   # a new stroke: the box goes
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(200, 150))
    assert canvas.grab().toImage().pixelColor(QPoint(60, 150)).value() == 255
