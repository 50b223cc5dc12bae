"""A wrapping grid of digit tiles, each an upright 28x28 image with a caption; clicking selects one.

The tiles follow View > Zoom, and a grid made with a `largest_scale` above TILE_SCALE grows them with its
width too, up to that scale (times the zoom): the Test tab's mistakes, on a projector.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QStyle, QWidget

import numpy as np

from core.learning.data import IMAGE_SIDE
from gui import zoom
from gui.digit_image import digit_pixmap

TILE_SCALE = 2              # image pixels per digit pixel at the normal zoom: 56x56 images, large enough to read
TILES_PER_ROW = 8           # a growing grid's tiles grow until fewer than this many would fit a row
CAPTION_WIDTH = 120         # a tile's width for its caption at the normal zoom ('4 → 9 (61%)')
CAPTION_HEIGHT = 36         # below the image, at the normal zoom


class DigitGrid(QListWidget):
    """Tiles in rows that wrap with the width; `digitSelected(index)` names the clicked tile."""

    digitSelected = Signal(int)

    def __init__(self, parent: QWidget | None = None, largest_scale: float = TILE_SCALE):
        super().__init__(parent)
        self.largest_scale = largest_scale
        self._digits = np.empty((0, IMAGE_SIDE * IMAGE_SIDE), dtype=np.float32)
        self._pixmap_scale = 0      # the icons' pixmaps are made this many times 28 pixels wide
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        self._fit_tiles()
        self.currentRowChanged.connect(self._row_changed)

    def set_digits(self, digits: np.ndarray, captions: list[str], tooltips: list[str] | None = None) -> None:
        """One tile per column-major row of `digits`, captioned in order."""
        self.blockSignals(True)
        self.clear()
        self._digits = np.asarray(digits)
        for index, (pixels, caption) in enumerate(zip(digits, captions, strict=True)):
            item = QListWidgetItem(QIcon(digit_pixmap(pixels, self._pixmap_scale)), caption)
            if tooltips:
                item.setToolTip(tooltips[index])
            self.addItem(item)
        self.blockSignals(False)

    def captions(self) -> list[str]:
        return [self.item(row).text() for row in range(self.count())]

    def tile_side(self) -> int:
        """The side of a tile's image: TILE_SCALE times 28 at the normal zoom, larger in a wide growing grid."""
        smallest, largest = TILE_SCALE * zoom.factor(), max(TILE_SCALE, self.largest_scale) * zoom.factor()
        # the widget's width less a scroll bar, whether shown or not: a bar that comes and goes would resize the
        # tiles back and forth
        room = self.width() - 2 * self.frameWidth() - self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        fitting = (room / TILES_PER_ROW - 2 * self.spacing()) / IMAGE_SIDE
        return round(IMAGE_SIDE * max(smallest, min(largest, fitting)))

    def _fit_tiles(self) -> None:
        side = self.tile_side()
        scale = math.ceil(side / IMAGE_SIDE)
        if scale != self._pixmap_scale:     # made a little larger than drawn: the view shrinks them smoothly
            self._pixmap_scale = scale
            for row, pixels in enumerate(self._digits[:self.count()]):
                self.item(row).setIcon(QIcon(digit_pixmap(pixels, scale)))
        if QSize(side, side) != self.iconSize():
            self.setIconSize(QSize(side, side))
        caption_width, caption_height = round(CAPTION_WIDTH * zoom.factor()), round(CAPTION_HEIGHT * zoom.factor())
        grid = QSize(max(side + 16, caption_width), side + max(caption_height, 2 * self.fontMetrics().height() + 4))
        if grid != self.gridSize():
            self.setGridSize(grid)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_tiles()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:     # View > Zoom
            self._fit_tiles()

    def _row_changed(self, row: int) -> None:
        if row >= 0:
            self.digitSelected.emit(row)
