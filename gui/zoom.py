"""View > Zoom and View > Full screen, for a projector: the app's font larger or smaller, and with it every
text, plot, digit thumbnail and weight tile; the zoom kept in the user's settings.

Zooming sets the application's font: every widget whose font is not its own gets a FontChange event (those
with a style sheet of their own once it is set again), and
the widgets whose sizes are pixels (gui/plot_style.py's plots, gui/digit_grid.py, gui/weight_tiles.py, the
settings box) read `factor()` there.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from gui.stored_settings import NORMAL_ZOOM, ZOOM_KEY, ZOOM_LEVELS, app_settings

_base_font: QFont | None = None        # the application's font before any zoom
_level = NORMAL_ZOOM


def level() -> int:
    """The zoom in percent."""
    return _level


def factor() -> float:
    """The zoom as a factor: 1.0 at NORMAL_ZOOM."""
    return _level / 100


def apply_zoom(percent: int) -> None:
    """The application's font at `percent` of its size before any zoom (bounded to ZOOM_LEVELS)."""
    global _base_font, _level
    application = QApplication.instance()
    if _base_font is None:
        _base_font = QFont(application.font())
    _level = max(ZOOM_LEVELS[0], min(ZOOM_LEVELS[-1], percent))
    font = QFont(_base_font)
    if _base_font.pointSizeF() > 0:
        font.setPointSizeF(_base_font.pointSizeF() * factor())
    else:
        font.setPixelSize(round(_base_font.pixelSize() * factor()))
    if application.font() == font:
        return      # nothing to change (the first window at the normal zoom): no widget is styled again
    application.setFont(font)
    # Qt passes a new application font over widgets with a style sheet of their own (the settings form's):
    # their sheets are set again once the others have their new fonts, and they take theirs from their parents
    QTimer.singleShot(0, _restyle_sheets)


def _restyle_sheets() -> None:
    for widget in QApplication.allWidgets():
        if widget.styleSheet():
            widget.setStyleSheet(widget.styleSheet())


def larger(percent: int) -> int:
    return next((step for step in ZOOM_LEVELS if step > percent), ZOOM_LEVELS[-1])


def smaller(percent: int) -> int:
    return next((step for step in reversed(ZOOM_LEVELS) if step < percent), ZOOM_LEVELS[0])


class ViewCommands(QObject):
    """Zoom in, out and back for the whole app, each kept in the settings; full screen for `window`."""

    zoomChanged = Signal(int)
    fullScreenChanged = Signal(bool)

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        self._state_before = window.windowState()     # what leaving full screen goes back to (maximised, say)
        window.installEventFilter(self)

    def zoom_in(self) -> None:
        self.set_zoom(larger(level()))

    def zoom_out(self) -> None:
        self.set_zoom(smaller(level()))

    def reset_zoom(self) -> None:
        self.set_zoom(NORMAL_ZOOM)

    def set_zoom(self, percent: int, keep: bool = True) -> None:
        apply_zoom(percent)
        if keep:
            stored = app_settings()
            stored.setValue(ZOOM_KEY, level())
            stored.sync()
        self.zoomChanged.emit(level())

    def set_full_screen(self, full: bool) -> None:
        if full and not self.window.isFullScreen():
            self._state_before = self.window.windowState()
            self.window.showFullScreen()
        elif not full and self.window.isFullScreen():
            self.window.setWindowState(self._state_before & ~Qt.WindowState.WindowFullScreen)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.WindowStateChange:
            self.fullScreenChanged.emit(bool(self.window.windowState() & Qt.WindowState.WindowFullScreen))
        return False
