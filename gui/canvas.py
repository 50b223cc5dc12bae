"""The drawing canvas: a QImage painted with a round pen by the left mouse button, read back as ink.

It can be made wider, for a number, and show each digit read with its box over the drawing (only on the
screen, never in the ink)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

import numpy as np

from core.handwriting.drawing import CANVAS_SIDE, PEN_WIDTH
from gui.digit_image import grey_qimage
from gui.photo_view import Box, DigitKeys, paint_readings

PAPER = QColor(Qt.GlobalColor.white)
EDGE = QColor("#a0a0a0")
INK = QColor(Qt.GlobalColor.black)


class DrawingCanvas(DigitKeys, QWidget):
    """Left button draws, right button clears; `ink()` gives the drawing as an array in [0, 1]."""

    inkChanged = Signal()       # while a stroke is drawn (once per mouse move)
    strokeFinished = Signal()   # the left button was released
    cleared = Signal()
    digitPressed = Signal(int)  # a digit key, pressed while the canvas has the focus (the drawing's right digit)

    def __init__(self, parent: QWidget | None = None, side: int = CANVAS_SIDE, pen_width: float = PEN_WIDTH):
        super().__init__(parent)
        self.setObjectName("drawCanvas")
        self.setFixedSize(side, side)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.pen_width = pen_width
        self._image = QImage(side, side, QImage.Format.Format_Grayscale8)
        self._image.fill(PAPER)
        self._before_stroke: QImage | None = None
        self._stroke: QPainterPath | None = None
        self._boxes: list[Box] = []
        self._readings: list[str] = []

    def set_width(self, width: int) -> None:
        """Make the canvas this wide (its height stays), blank."""
        self.setFixedSize(width, self.height())
        self._image = QImage(QSize(width, self.height()), QImage.Format.Format_Grayscale8)
        self.clear()

    def set_readings(self, boxes: list[Box], readings: list[str]) -> None:
        """Show these boxes, in the canvas's pixels, and their readings over the drawing until it changes."""
        self._boxes, self._readings = boxes, readings
        self.update()

    def pen(self) -> QPen:
        return QPen(INK, self.pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)

    def ink(self) -> np.ndarray:
        """The drawing as [row, column] floats: 0 is paper, 1 is full ink."""
        width, height, stride = self._image.width(), self._image.height(), self._image.bytesPerLine()
        grey = np.frombuffer(self._image.constBits(), dtype=np.uint8, count=height * stride)
        return 1.0 - grey.reshape(height, stride)[:, :width].astype(np.float32) / 255.0

    def is_blank(self) -> bool:
        return bool(self.ink().max() == 0)

    def image(self) -> QImage:
        return self._image.copy()

    def clear(self) -> None:
        self._stroke = self._before_stroke = None
        self._boxes, self._readings = [], []
        self._image.fill(PAPER)
        self.update()
        self.cleared.emit()

    def set_ink(self, ink: np.ndarray) -> None:
        """Show an array of ink in [0, 1] (for example a 28x28 digit), scaled smoothly to fill the canvas."""
        picture = grey_qimage(1.0 - np.asarray(ink, dtype=np.float32))
        picture = picture.scaled(self._image.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        self._stroke = self._before_stroke = None
        self._boxes, self._readings = [], []
        self._image.fill(PAPER)
        painter = QPainter(self._image)
        painter.drawImage((self._image.width() - picture.width()) // 2,
                          (self._image.height() - picture.height()) // 2, picture)
        painter.end()
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.RightButton:
            self.clear()
        elif event.button() == Qt.MouseButton.LeftButton:
            self._before_stroke = self._image.copy()
            self._boxes, self._readings = [], []
            self._stroke = QPainterPath(event.position())
            self._paint_stroke()
            self.inkChanged.emit()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._stroke is None:
            return
        self._stroke.lineTo(event.position())
        self._paint_stroke()
        self.inkChanged.emit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._stroke is None:
            return
        if event.position() != self._stroke.currentPosition():
            self._stroke.lineTo(event.position())
            self._paint_stroke()
        self._stroke = self._before_stroke = None
        self.strokeFinished.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawImage(event.rect(), self._image, event.rect())
        painter.setPen(EDGE)  # the edge is only on screen, never in the ink
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        if self._boxes:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            paint_readings(painter, self._boxes, self._readings, None)
        painter.end()

    def _paint_stroke(self) -> None:
        """Redraw the whole current stroke over the picture from before it, so joints blend once."""
        self._image = self._before_stroke.copy()
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self.pen())
        if self._stroke.elementCount() == 1:
            painter.drawPoint(self._stroke.currentPosition())
        else:
            painter.drawPath(self._stroke)
        painter.end()
        self.update()

