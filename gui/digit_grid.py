"""A wrapping grid of digit tiles, each an upright 28x28 image with a caption; clicking selects one."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

import numpy as np

from gui.digit_image import digit_pixmap

TILE_SCALE = 2              # 56x56 images: whole pixels, large enough to read
TILE_SIZE = QSize(120, 92)


class DigitGrid(QListWidget):
    """Tiles in rows that wrap with the width; `digitSelected(index)` names the clicked tile."""

    digitSelected = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        self.setUniformItemSizes(True)
        self.setIconSize(QSize(28 * TILE_SCALE, 28 * TILE_SCALE))
        self.setGridSize(TILE_SIZE)
        self.setSpacing(2)
        self.currentRowChanged.connect(self._row_changed)

    def set_digits(self, digits: np.ndarray, captions: list[str], tooltips: list[str] | None = None) -> None:
        """One tile per column-major row of `digits`, captioned in order."""
        self.blockSignals(True)
        self.clear()
        for index, (pixels, caption) in enumerate(zip(digits, captions, strict=True)):
            item = QListWidgetItem(QIcon(digit_pixmap(pixels, TILE_SCALE)), caption)
            if tooltips:
                item.setToolTip(tooltips[index])
            self.addItem(item)
        self.blockSignals(False)

    def captions(self) -> list[str]:
        return [self.item(row).text() for row in range(self.count())]

    def _row_changed(self, row: int) -> None:
        if row >= 0:
            self.digitSelected.emit(row)
