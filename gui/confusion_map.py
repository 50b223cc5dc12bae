"""The confusion matrix as a heat map: white means zero, and every cell prints its count; beside it, each
digit's accuracy (recall), the diagonal cell over its row."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

import numpy as np

from core.base.i18n import _
from core.learning.data import CLASSES

CORRECT_COLOUR = QColor("#1f5fa8")     # the diagonal
MISTAKE_COLOUR = QColor("#c0392b")     # everything off it
ZERO_TEXT = QColor("#b8b8b8")
GRID_COLOUR = QColor("#d0d0d0")
RECALL_CELLS = 2.0     # the recall column is as wide as two cells


def cell_colour(count: int, largest: int, full: QColor) -> QColor:
    """White for zero; otherwise from a clear tint (even for one sample) to `full` at the largest count."""
    if count == 0:
        return QColor(Qt.GlobalColor.white)
    strength = 0.18 + 0.82 * count / max(largest, 1)
    white = np.array([255, 255, 255])
    mixed = white + strength * (np.array([full.red(), full.green(), full.blue()]) - white)
    return QColor(*(int(round(value)) for value in mixed))


class ConfusionMap(QWidget):
    """Rows are the true digits, columns the predicted ones; mistakes and hits have their own scales."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("confusionMap")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._matrix: np.ndarray | None = None
        self._recall: np.ndarray | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self._axis_titles = (_("predicted digit"), _("true digit"), _("right"))
        self.update()

    def matrix(self) -> np.ndarray | None:
        return None if self._matrix is None else self._matrix.copy()

    def recall(self) -> np.ndarray | None:
        return None if self._recall is None else self._recall.copy()

    def recall_texts(self) -> list[str]:
        """The recall column as it is printed: '95%', or '–' for a digit with no samples."""
        return [] if self._recall is None else ["–" if np.isnan(value) else f"{100 * value:.0f}%"
                                                for value in self._recall]

    def set_matrix(self, matrix: np.ndarray | None, recall: np.ndarray | None = None) -> None:
        """The matrix, and each digit's accuracy to print beside its row (core.learning.evaluation computes it)."""
        self._matrix = None if matrix is None else np.asarray(matrix, dtype=np.int64)
        self._recall = None if recall is None else np.asarray(recall, dtype=float)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(340, 340)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 240)

    def cell_colour_at(self, true: int, predicted: int) -> QColor:
        matrix = self._matrix
        diagonal = np.diag(matrix)
        off_diagonal = matrix - np.diag(diagonal)
        if true == predicted:
            return cell_colour(int(matrix[true, true]), int(diagonal.max()), CORRECT_COLOUR)
        return cell_colour(int(matrix[true, predicted]), int(off_diagonal.max()), MISTAKE_COLOUR)

    def layout_sizes(self) -> tuple[float, float, float]:
        """(margin, side of a cell, width of the recall column): the cells fill what the margin and the
        recall column leave; that column is two cells wide, and at least as wide as its title."""
        metrics = self.fontMetrics()
        margin = metrics.height() * 2 + 4
        across = CLASSES + (RECALL_CELLS if self._recall is not None else 0)
        side = max(10.0, min((self.width() - margin) / across, (self.height() - margin) / CLASSES))
        if self._recall is None:
            return margin, side, 0.0
        recall_width = max(side * RECALL_CELLS - 4, metrics.horizontalAdvance(self._axis_titles[2]) + 6.0)
        side = max(10.0, min(side, (self.width() - margin - recall_width - 4) / CLASSES))
        return margin, side, recall_width

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = self.fontMetrics()
        margin, side, recall_width = self.layout_sizes()
        left, top = float(margin), float(margin)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(QRectF(left, 0, side * CLASSES, metrics.height()), Qt.AlignmentFlag.AlignCenter,
                         self._axis_titles[0])
        painter.save()
        painter.translate(0, top + side * CLASSES / 2)
        painter.rotate(-90)
        painter.drawText(QRectF(-side * CLASSES / 2, 0, side * CLASSES, metrics.height()),
                         Qt.AlignmentFlag.AlignCenter, self._axis_titles[1])
        painter.restore()
        for digit in range(CLASSES):
            painter.drawText(QRectF(left + digit * side, metrics.height(), side, margin - metrics.height()),
                             Qt.AlignmentFlag.AlignCenter, str(digit))
            painter.drawText(QRectF(metrics.height(), top + digit * side, margin - metrics.height(), side),
                             Qt.AlignmentFlag.AlignCenter, str(digit))
        if self._matrix is not None:
            self._paint_cells(painter, left, top, side)
        if self._recall is not None:
            self._paint_recall(painter, left + side * CLASSES + 4, top, side, recall_width)
        painter.setPen(GRID_COLOUR)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(left, top, side * CLASSES, side * CLASSES))
        painter.end()

    def _paint_cells(self, painter: QPainter, left: float, top: float, side: float) -> None:
        font = QFont(self.font())
        font.setPointSizeF(max(6.0, min(font.pointSizeF(), side / 2.6)))
        painter.setFont(font)
        for true in range(CLASSES):
            for predicted in range(CLASSES):
                cell = QRectF(left + predicted * side, top + true * side, side, side)
                colour = self.cell_colour_at(true, predicted)
                painter.fillRect(cell, colour)
                painter.setPen(GRID_COLOUR)
                painter.drawRect(cell)
                count = int(self._matrix[true, predicted])
                painter.setPen(ZERO_TEXT if count == 0 else
                               QColor(Qt.GlobalColor.white) if colour.lightness() < 140 else
                               QColor(Qt.GlobalColor.black))
                painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, str(count))

    def _paint_recall(self, painter: QPainter, left: float, top: float, side: float, width: float) -> None:
        painter.setPen(self.palette().windowText().color())
        painter.drawText(QRectF(left, top - self.fontMetrics().height() - 2, width, self.fontMetrics().height()),
                         Qt.AlignmentFlag.AlignCenter, self._axis_titles[2])
        for digit, (value, text) in enumerate(zip(self._recall, self.recall_texts(), strict=True)):
            cell = QRectF(left, top + digit * side, width, side)
            colour = QColor(Qt.GlobalColor.white) if np.isnan(value) else cell_colour(
                round(100 * value), 100, CORRECT_COLOUR)
            painter.fillRect(cell, colour)
            painter.setPen(GRID_COLOUR)
            painter.drawRect(cell)
            painter.setPen(QColor(Qt.GlobalColor.white) if colour.lightness() < 140 else QColor(Qt.GlobalColor.black))
            painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, text)
