"""Ten horizontal bars, one per digit, showing a network's class probabilities."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

import numpy as np

from core.learning.data import CLASSES

BAR_COLOUR = QColor("#8fa8c8")
TOP_COLOUR = QColor("#1f5fa8")
EXPECTED_COLOUR = QColor("#2e8b3a")
TRACK_COLOUR = QColor("#eef1f5")


class ProbabilityBars(QWidget):
    """Bars for digits 0-9; the most likely one is dark, and an expected digit (if given) is green."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("probabilityBars")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._probabilities: np.ndarray | None = None
        self._expected: int | None = None

    def probabilities(self) -> np.ndarray | None:
        return None if self._probabilities is None else self._probabilities.copy()

    def set_probabilities(self, probabilities: np.ndarray | None, expected: int | None = None) -> None:
        self._probabilities = None if probabilities is None else np.asarray(probabilities, dtype=float)
        self._expected = expected
        self.setToolTip("" if probabilities is None else "\n".join(
            f"{digit}: {100 * p:.1f}%" for digit, p in enumerate(self._probabilities)))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(260, 10 * (self.fontMetrics().height() + 6))

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 10 * (self.fontMetrics().height() + 2))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        label_width = metrics.horizontalAdvance("0") + 10
        value_width = metrics.horizontalAdvance("100.0%") + 8
        row_height = self.height() / CLASSES
        track_width = max(1.0, self.width() - label_width - value_width)
        top = None if self._probabilities is None else int(self._probabilities.argmax())
        for digit in range(CLASSES):
            y = digit * row_height
            bar = QRectF(label_width, y + 2, track_width, row_height - 4)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(TRACK_COLOUR)
            painter.drawRect(bar)
            value = 0.0 if self._probabilities is None else float(self._probabilities[digit])
            if value > 0:
                painter.setBrush(self._colour(digit, top))
                painter.drawRect(QRectF(bar.left(), bar.top(), max(1.0, value * track_width), bar.height()))
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRectF(0, y, label_width - 6, row_height),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(digit))
            if self._probabilities is not None:
                painter.drawText(QRectF(bar.right() + 4, y, value_width - 4, row_height),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{100 * value:.1f}%")
        painter.end()

    def _colour(self, digit: int, top: int | None) -> QColor:
        if digit == self._expected:
            return EXPECTED_COLOUR
        return TOP_COLOUR if digit == top else BAR_COLOUR
