"""A photo of digits shown whole, each digit's box and reading drawn on it; clicking a digit selects it.

`paint_readings` draws the boxes and readings; the canvas draws a number written on it with it too.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

BOX_COLOUR = QColor("#d04010")
SELECTED_COLOUR = QColor("#1060d0")
PAPER = QColor("#f4f4f4")
VIEW_SIZE = QSize(420, 280)     # the Draw tab's left column: as wide as the canvas in number mode

Box = tuple[int, int, int, int]     # left, top, width, height


def pressed_digit(event: QKeyEvent) -> int | None:
    """The digit 0-9 a key press types (a digit's label, on the canvas or on a photo), or None."""
    digit = int(event.key()) - Qt.Key.Key_0.value
    return digit if 0 <= digit <= 9 else None


class DigitKeys:
    """A widget's digit keys 0-9 as its `digitPressed` signal (a digit's label); other keys go on as usual."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        digit = pressed_digit(event)
        if digit is None:
            super().keyPressEvent(event)
        else:
            self.digitPressed.emit(digit)


def paint_readings(painter: QPainter, boxes: list[Box], readings: list[str], selected: int | None,
                   scale: float = 1.0, offset: QPointF | None = None) -> None:
    """Each box, in image pixels, drawn `scale` times larger at `offset`, with its reading on a tab above it
    (inside its top when there is no room above); the selected one in another colour and thicker."""
    offset = offset or QPointF(0, 0)
    font = QFont(painter.font())
    font.setBold(True)
    painter.setFont(font)
    tab_height = painter.fontMetrics().height() + 2
    for index, ((left, top, width, height), reading) in enumerate(zip(boxes, readings)):
        colour = SELECTED_COLOUR if index == selected else BOX_COLOUR
        rect = QRectF(offset.x() + left * scale, offset.y() + top * scale, width * scale, height * scale)
        painter.setPen(QPen(colour, 3 if index == selected else 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        tab_width = painter.fontMetrics().horizontalAdvance(reading) + 8
        tab_top = rect.top() - tab_height if rect.top() >= tab_height else rect.top()
        tab = QRectF(rect.left(), tab_top, tab_width, tab_height)
        painter.fillRect(tab, colour)
        painter.setPen(Qt.GlobalColor.white)
        painter.drawText(tab, Qt.AlignmentFlag.AlignCenter, reading)


class PhotoView(DigitKeys, QWidget):
    """The photo scaled to fit, centred, with its digits' boxes and readings; `digitClicked(index)`, and
    `digitPressed(digit)` for a digit key pressed while it has the focus (the selected digit's right digit)."""

    digitClicked = Signal(int)
    digitPressed = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="photoView")
        self.setMinimumSize(VIEW_SIZE)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.image = QImage()
        self.boxes: list[Box] = []
        self.readings: list[str] = []
        self.selected: int | None = None

    def set_photo(self, image: QImage, boxes: list[Box], readings: list[str], selected: int | None) -> None:
        self.image, self.boxes, self.readings = image, boxes, readings
        self.select(selected)

    def select(self, index: int | None) -> None:
        self.selected = index
        self.update()

    def sizeHint(self) -> QSize:
        return VIEW_SIZE

    def placement(self) -> tuple[float, QPointF]:
        """How the photo is drawn: its scale and where its top left corner is."""
        if self.image.isNull():
            return 1.0, QPointF(0, 0)
        scale = min(self.width() / self.image.width(), self.height() / self.image.height())
        return scale, QPointF((self.width() - self.image.width() * scale) / 2,
                              (self.height() - self.image.height() * scale) / 2)

    def digit_at(self, point: QPointF) -> int | None:
        """The digit whose box holds the point (the nearest box's centre when boxes overlap there)."""
        scale, offset = self.placement()
        x, y = (point.x() - offset.x()) / scale, (point.y() - offset.y()) / scale
        inside = [index for index, (left, top, width, height) in enumerate(self.boxes)
                  if left <= x <= left + width and top <= y <= top + height]
        return min(inside, key=lambda index: abs(self.boxes[index][0] + self.boxes[index][2] / 2 - x), default=None)

    def centre_of(self, index: int) -> QPointF:
        """Where digit `index` is on screen (its box's centre)."""
        scale, offset = self.placement()
        left, top, width, height = self.boxes[index]
        return QPointF(offset.x() + (left + width / 2) * scale, offset.y() + (top + height / 2) * scale)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.digit_at(event.position())
        if index is not None:
            self.digitClicked.emit(index)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), PAPER)
        if not self.image.isNull():
            scale, offset = self.placement()
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRectF(offset, QPointF(offset.x() + self.image.width() * scale,
                                                     offset.y() + self.image.height() * scale)), self.image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            paint_readings(painter, self.boxes, self.readings, self.selected, scale, offset)
        painter.end()
