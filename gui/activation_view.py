"""One digit's way through the network, drawn in reading order: the pixels, each hidden layer's activations
as a grid of cells (blue negative, white zero, red positive, on each layer's own scale), and the ten
probabilities. Clicking a cell selects its unit."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

import numpy as np

from core.learning.data import column_major_to_image
from core.services.inspection import Activations, as_grid, diverging_colours, symmetric_scale
from gui.digit_image import colour_qimage, grey_qimage

GAP = 12
SELECTED_COLOUR = QColor("#202020")


class ActivationView(QWidget):
    """Blocks of cells, one per layer, in rows; `unitClicked(layer, unit)` with layer 1 the first hidden layer."""

    unitClicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("activationView")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.inside: Activations | None = None
        self._grids: list[np.ndarray] = []      # each layer's values as a 2-D grid, the pixels first
        self._images = []
        self._titles: list[str] = []
        self._hint = ""
        self._selected: tuple[int, int] | None = None

    def set_activations(self, inside: Activations | None, titles: list[str], hint: str = "") -> None:
        """The digit's activations and a title per block (the pixels, each layer); `hint` when there is none."""
        self.inside, self._titles, self._hint = inside, titles, hint
        self._grids, self._images = [], []
        if inside is not None:
            pixels = column_major_to_image(inside.outputs[0])
            self._grids = [pixels] + [as_grid(a) for a in inside.hidden] + [inside.probabilities[:, None]]
            self._images = [grey_qimage(1.0 - pixels)]
            self._images += [colour_qimage(diverging_colours(grid, symmetric_scale(a, 100)))
                             for grid, a in zip(self._grids[1:-1], inside.hidden, strict=True)]
            self._images.append(colour_qimage(diverging_colours(self._grids[-1], 1.0)))
        self.update()

    def select(self, layer: int | None, unit: int | None = None) -> None:
        self._selected = None if layer is None else (layer, unit)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(380, 220)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 120)

    # --- geometry ------------------------------------------------------------------------------------

    def _title_height(self) -> float:
        return self.fontMetrics().height() + 4

    def _arrangement(self) -> tuple[int, float]:
        """(blocks per row, side of each block's square): the blocks flow in rows, as large as they fit."""
        count, title = len(self._grids), self._title_height()
        best = (1, 0.0)
        for columns in range(1, count + 1):
            rows = -(-count // columns)
            side = min((self.width() - GAP * (columns - 1)) / columns,
                       (self.height() - GAP * (rows - 1)) / rows - title)
            best = max(best, (columns, side), key=lambda pair: pair[1])
        return best[0], max(20.0, best[1])

    def block_rects(self) -> list[tuple[QRectF, float]]:
        """(rectangle, cell side) of each block, the pixels first and the digits (a column, with their
        probabilities beside it) last."""
        columns, side = self._arrangement()
        blocks = []
        for index, grid in enumerate(self._grids):
            row, column = divmod(index, columns)
            left, top = column * (side + GAP), row * (side + GAP + self._title_height()) + self._title_height()
            grid_rows, grid_columns = grid.shape
            cell = side / 10 if index == len(self._grids) - 1 else side / max(grid_rows, grid_columns)
            blocks.append((QRectF(left, top, grid_columns * cell, grid_rows * cell), cell))
        return blocks

    def unit_rect(self, layer: int, unit: int) -> QRectF:
        rect, cell = self.block_rects()[layer]
        row, column = divmod(unit, self._grids[layer].shape[1])
        return QRectF(rect.left() + column * cell, rect.top() + row * cell, cell, cell)

    def unit_at(self, point: QPointF) -> tuple[int, int] | None:
        """(layer, unit) of the cell at `point`; None off the cells and on the pixels."""
        for layer, (rect, cell) in enumerate(self.block_rects()):
            if layer and rect.contains(point):
                row, column = int((point.y() - rect.top()) // cell), int((point.x() - rect.left()) // cell)
                unit = row * self._grids[layer].shape[1] + column
                size = len(self.inside.hidden[layer - 1]) if layer < len(self._grids) - 1 else 10
                return (layer, unit) if unit < size else None
        return None

    # --- events ------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        found = self.unit_at(event.position()) if self.inside is not None else None
        if found is not None and event.button() == Qt.MouseButton.LeftButton:
            self.select(*found)
            self.unitClicked.emit(*found)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        if self.inside is None:
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._hint)
            painter.end()
            return
        blocks = self.block_rects()
        _columns, side = self._arrangement()
        for (rect, _cell), image, title in zip(blocks, self._images, self._titles, strict=True):
            painter.drawImage(rect, image)
            painter.drawText(QRectF(rect.left(), rect.top() - self._title_height(), side, self._title_height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        rect, cell = blocks[-1]
        font = QFont(self.font())
        font.setPixelSize(max(6, int(cell * 0.8)))
        painter.setFont(font)
        for digit, probability in enumerate(self.inside.probabilities):
            painter.drawText(QRectF(rect.right() + 4, rect.top() + digit * cell, side - cell - 4, cell),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{digit}: {100 * probability:.1f}%")
        if self._selected is not None:
            painter.setPen(QPen(SELECTED_COLOUR, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.unit_rect(*self._selected))
        painter.end()
