"""First-layer weights as tiles: each unit's 784 incoming weights as an upright 28x28 image, blue for
negative, white for zero, red for positive, on one symmetric scale; clicking a tile selects its unit.

The tiles fill the widget, which grows with the window; each at most LARGEST_SCALE times its 28 pixels (times
View > Zoom), so that a page of few units is not one huge image."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

import numpy as np

from core.learning.data import IMAGE_SIDE
from core.services.inspection import diverging_colours, mosaic
from gui import zoom
from gui.digit_image import colour_qimage

GAP = 1                 # image pixels (grey) between two tiles
LARGEST_SCALE = 5       # screen pixels per weight, at most, at the normal zoom
SELECTED_COLOUR = QColor("#202020")


class WeightTiles(QWidget):
    """Tiles in a near-square grid that fills the widget; `unitClicked(unit)` gives the unit's index."""

    unitClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("weightTiles")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._count = 0
        self._image = None      # every tile in one image (a grey pixel between them): drawn in one call
        self._first = 0
        self._selected: int | None = None

    def set_tiles(self, images: np.ndarray, scale: float, first_unit: int) -> None:
        """`images` (units, 28, 28) of units first_unit, first_unit + 1, ..., coloured on ±scale."""
        self._count, self._first = len(images), first_unit
        self._image = (colour_qimage(diverging_colours(mosaic(images, self._columns(), GAP), scale))
                       if len(images) else None)
        self.update()

    def tile_colour(self, unit: int, row: int, column: int) -> tuple[int, int, int]:
        """The colour drawn for pixel [row, column] of the tile of `unit`."""
        tile_row, tile_column = divmod(unit - self._first, self._columns())
        cell = IMAGE_SIDE + GAP
        colour = self._image.pixelColor(tile_column * cell + column, tile_row * cell + row)
        return colour.red(), colour.green(), colour.blue()

    def units(self) -> range:
        return range(self._first, self._first + self._count)

    def select(self, unit: int | None) -> None:
        self._selected = unit
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 360) * zoom.factor()

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 160) * zoom.factor()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:     # View > Zoom
            self.updateGeometry()
            self.update()

    def _columns(self) -> int:
        return max(1, math.ceil(math.sqrt(self._count)))

    def _rows(self) -> int:
        return max(1, math.ceil(self._count / self._columns()))

    def _side(self) -> float:
        largest = (IMAGE_SIDE + GAP) * LARGEST_SCALE * zoom.factor()
        return max(4.0, min(self.width() / self._columns(), self.height() / self._rows(), largest))

    def tile_rect(self, unit: int) -> QRectF:
        """Where the tile of `unit` is drawn (its gap around it included)."""
        index = unit - self._first
        side = self._side()
        row, column = divmod(index, self._columns())
        return QRectF(column * side, row * side, side, side)

    def unit_at(self, point: QPointF) -> int | None:
        side = self._side()
        column, row = int(point.x() // side), int(point.y() // side)
        index = row * self._columns() + column
        if 0 <= column < self._columns() and 0 <= index < self._count:
            return self._first + index
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        unit = self.unit_at(event.position())
        if unit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.select(unit)
            self.unitClicked.emit(unit)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._image is not None:
            side = self._side()
            painter.drawImage(QRectF(0, 0, self._columns() * side, self._rows() * side), self._image)
        if self._selected in self.units():
            painter.setPen(QPen(SELECTED_COLOUR, 2))
            painter.drawRect(self.tile_rect(self._selected).adjusted(1, 1, -1, -1))
        painter.end()
