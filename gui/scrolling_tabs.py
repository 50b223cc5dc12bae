"""Tabs whose pages scroll where the window is smaller than a page needs, so that no page is squeezed
below what it needs (widgets drawn over each other, texts cut) and the window's own minimum stays small.

A page gets the whole room it is shown in, and more where it needs more: its minimum width, and the
height at which none of its widgets is squeezed, word-wrapped labels included (Qt's minimum size ignores
the lines a label wraps to, and Qt's own scroll area would give a page its preferred height instead).

`widget`, `currentWidget`, `indexOf` and `setCurrentWidget` speak of the pages, not of their scroll areas.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QLabel, QScrollArea, QSizePolicy, QTabWidget, QWidget

FIT_ROUNDS = 12     # each round grows the page by the largest squeeze it finds; two rounds are the rule, a
                    # splitter that shares the growth (the Test tab's, zoomed to 175%) takes more


class PageScroll(QScrollArea):
    """A frameless scroll area that sizes its page to the room it has, and larger where the page needs more."""

    def __init__(self, page: QWidget, parent: QWidget | None = None):
        super().__init__(parent, objectName=f"{page.objectName()}Scroll")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(page)
        self._fitting = False
        self._fitted_to: tuple | None = None     # (room's width and height, the page's height, minimums) fitted

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # QScrollArea filters its page's events already; a layout request means what the page needs may change
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest and not self._still_fits():
            self.fit_page()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.LanguageChange):
            self._fitted_to = None      # every widget's needs change (View > Zoom): fitted again in full

    def _still_fits(self) -> bool:
        """Whether the page, as last fitted to this room, has the same widgets with the same minimum sizes,
        and every wrapped label its lines: a caption that changes after every epoch of a run then costs a look, not a
        fitting again, which resizes every plot of the page several times (60 ms on the Inside tab). A page
        left taller than it needs now keeps its height until the window, the tab or the font changes."""
        page, room = self.widget(), self.maximumViewportSize()
        if page is None or self._fitted_to != (room.width(), room.height(), page.height(), minimums(page)):
            return False
        if page.layout() is not None:
            page.layout().activate()
        return page.minimumSizeHint().height() <= page.height() and not any(
            squeezed(label) > 0 for label in page.findChildren(QLabel) if label.wordWrap() and label.isVisible())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_page()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fit_page()     # a hidden tab's page is fitted when it is shown

    def fit_page(self) -> None:
        page = self.widget()
        if page is None or self._fitting or not self.isVisible():
            return
        self._fitting = True
        try:
            room = self.maximumViewportSize()
            bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
            width = max(room.width(), page.minimumSizeHint().width())
            height_room = room.height() - (bar if width > room.width() else 0)
            height = self._height_for(page, width, height_room)
            if height > height_room and width == room.width():     # a vertical bar takes some of the width
                width = max(room.width() - bar, page.minimumSizeHint().width())
                height = self._height_for(page, width, height_room)
            page.resize(width, height)
            self._fitted_to = (room.width(), room.height(), height, minimums(page))
        finally:
            self._fitting = False

    @staticmethod
    def _height_for(page: QWidget, width: int, room: int) -> int:
        """The least height, at least `room`, at which no widget of the page is squeezed at this width."""
        height = max(room, page.minimumSizeHint().height())
        for _round in range(FIT_ROUNDS):
            page.resize(width, height)
            if page.layout() is not None:
                page.layout().activate()
            squeeze = max((squeezed(widget) for widget in page.findChildren(QWidget) if widget.isVisible()),
                          default=0)
            if squeeze <= 0:
                break
            height += squeeze
        return height


def minimums(page: QWidget) -> tuple[tuple[int, int], ...]:
    """The minimum size of each visible widget of the page: what a fitting depends on, beside the texts."""
    return tuple(widget.minimumSizeHint().toTuple() for widget in [page, *page.findChildren(QWidget)]
                 if widget.isVisible())


def squeezed(widget: QWidget) -> int:
    """How many pixels of height a widget lacks: a wrapped label's lines, any widget's minimum height, or the
    part of it that sticks out of its parent's bottom."""
    if widget.isWindow() or isinstance(widget.parentWidget(), QAbstractScrollArea) or in_item_view(widget):
        return 0
    if widget.sizePolicy().verticalPolicy() == QSizePolicy.Policy.Ignored:
        return 0
    if isinstance(widget, QLabel) and widget.wordWrap() and widget.text():
        needed = widget.heightForWidth(widget.width())
    else:
        needed = widget.minimumSizeHint().height()
    sticks_out = widget.geometry().bottom() + 1 - widget.parentWidget().height()   # a box squeezed below its rows
    return max(min(needed, widget.maximumHeight()) - widget.height(), sticks_out)


def in_item_view(widget: QWidget) -> bool:
    """Inside another scroll area's viewport (a list's editor, a scrolled form), which scrolls by itself."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, PageScroll):
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


class ScrollingTabs(QTabWidget):
    """A QTabWidget that puts each page in a PageScroll."""

    def addTab(self, page: QWidget, text: str) -> int:     # type: ignore[override]
        return super().addTab(PageScroll(page), text)

    def scroll_area(self, index: int) -> PageScroll:
        return super().widget(index)

    def widget(self, index: int) -> QWidget | None:     # type: ignore[override]
        scroll = super().widget(index)
        return scroll.widget() if isinstance(scroll, QScrollArea) else scroll

    def currentWidget(self) -> QWidget | None:     # type: ignore[override]
        return self.widget(self.currentIndex())

    def indexOf(self, page: QWidget) -> int:     # type: ignore[override]
        return next((index for index in range(self.count()) if self.widget(index) is page), -1)

    def setCurrentWidget(self, page: QWidget) -> None:     # type: ignore[override]
        self.setCurrentIndex(self.indexOf(page))
