"""Where the main window goes and how large it is at first: a size that leaves room for the frame and the
taskbar, a small minimum (the tabs scroll where room is short), and, once the window manager has put its
frame around the window, the frame (title bar included) moved and shrunk into the screen's available area."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, QTimer
from PySide6.QtWidgets import QWidget

DEFAULT_SIZE = (1180, 760)
MINIMUM_SIZE = (800, 560)       # half of a 1600x1200 screen; the tabs scroll below their own minimum
ROOM_FOR_FRAME = (40, 60)       # a guess at the frame and taskbar until the window manager's frame is known
FIT_INTERVAL_MS = 50
FIT_TICKS = 40                  # the frame arrives within two seconds of the first show, or not at all


def first_size(available: QSize | None) -> tuple[int, int]:
    """The first window's size: DEFAULT_SIZE, shrunk to leave the frame and the taskbar room on a small screen."""
    width, height = DEFAULT_SIZE
    if available is not None:
        width = min(width, available.width() - ROOM_FOR_FRAME[0])
        height = min(height, available.height() - ROOM_FOR_FRAME[1])
    return max(width, MINIMUM_SIZE[0]), max(height, MINIMUM_SIZE[1])


def fitted(frame: QRect, inner: QRect, screen: QRect, minimum: QSize) -> tuple[QRect, QSize]:
    """Where the frame goes and the window's new inner size, so that the frame lies inside `screen`."""
    left, top = inner.x() - frame.x(), inner.y() - frame.y()
    right, bottom = frame.width() - inner.width() - left, frame.height() - inner.height() - top
    width = max(min(inner.width(), screen.width() - left - right), minimum.width())
    height = max(min(inner.height(), screen.height() - top - bottom), minimum.height())
    outer = QSize(width + left + right, height + top + bottom)
    x = max(min(frame.x(), screen.x() + screen.width() - outer.width()), screen.x())
    y = max(min(frame.y(), screen.y() + screen.height() - outer.height()), screen.y())
    return QRect(x, y, outer.width(), outer.height()), QSize(width, height)


class FrameFit(QObject):
    """From the window's first show, keeps its frame inside its screen's available area while the window
    manager decides the frame, then stops."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        self.ticks = 0
        self._timer = QTimer(self, interval=FIT_INTERVAL_MS)
        self._timer.timeout.connect(self.fit)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Show:
            self.window.removeEventFilter(self)
            self.start()
        return False

    def start(self) -> None:
        self.ticks = 0
        self._timer.start()
        self.fit()

    def fit(self) -> None:
        self.ticks += 1
        window, screen = self.window, self.window.screen()
        frame, inner = window.frameGeometry(), window.geometry()
        framed = frame != inner    # the window manager's frame is known
        if screen is not None and window.isVisible() and not screen.availableGeometry().contains(frame):
            place, size = fitted(frame, inner, screen.availableGeometry(), window.minimumSize())
            window.resize(size)
            window.move(place.topLeft())     # a top-level window's position is its frame's
        if framed or self.ticks >= FIT_TICKS:
            self._timer.stop()
