"""The photo view: the photo scaled to fit and centred, each box drawn where its digit is, clicks mapped back
to the digit whose box holds them."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

import pytest

from gui.photo_view import BOX_COLOUR, SELECTED_COLOUR, VIEW_SIZE, PhotoView
from tests.gui.conftest import shown


@pytest.fixture
def view(qtbot):
    """A 840x280 photo (twice the view's width: drawn at half its size, centred top to bottom) with two boxes."""
    view = shown(qtbot, PhotoView())
    view.resize(VIEW_SIZE)
    image = QImage(840, 280, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    view.set_photo(image, [(100, 40, 120, 200), (500, 40, 120, 200)], ["3", "8"], None)
    return view


def test_the_photo_is_scaled_to_fit_and_centred(view):
    scale, offset = view.placement()
    assert scale == pytest.approx(0.5) and offset.x() == pytest.approx(0) and offset.y() == pytest.approx(70)
    assert view.centre_of(1).toPoint() == QPoint(280, 140)


def test_a_click_on_a_box_selects_its_digit_and_elsewhere_nothing(view, qtbot):
    clicked = []
    view.digitClicked.connect(clicked.append)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(80, 130))       # inside the first box
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.centre_of(1).toPoint())
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(180, 130))      # between the boxes
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(80, 30))        # above the photo
    assert clicked == [0, 1]


def test_each_box_is_drawn_where_its_digit_is_the_selected_one_in_its_own_colour(view):
    view.select(1)
    image = view.grab().toImage()
    first, second = image.pixelColor(QPoint(50, 140)), image.pixelColor(QPoint(250, 140))   # the left edges
    assert (first.red(), first.green(), first.blue()) == (BOX_COLOUR.red(), BOX_COLOUR.green(), BOX_COLOUR.blue())
    assert second.blue() == SELECTED_COLOUR.blue() and second.red() == SELECTED_COLOUR.red()
    assert image.pixelColor(QPoint(150, 140)).value() == 255, "the photo's white paper between them"
