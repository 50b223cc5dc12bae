"""Check that the window fits its screen and that no two widgets overlap, on every tab, as a user sees it.

Starts the app as a new user would (fresh settings, a scratch home) on the screen it is given, shows each
tab at the window's first size and at its minimum size, and reports:
- the window's frame (title bar included) outside the screen's available area;
- a minimum size over 1024x600;
- two visible sibling widgets whose rectangles overlap;
- a visible widget that sticks out of its parent (cut), except the page a scroll area scrolls;
- a label, button or combo whose text needs more room than it has (cut text), an icon grid's caption
  shortened with "…", a plot's title or axis label wider than its room;
- a list or table too narrow for its items (a horizontal scroll bar).

Under Xvfb with a window manager, the frame is the window manager's own (`.ci/run` does this at 1280x720,
1366x768 and 1024x768); offscreen, the frame is the window itself.

With --zoom, the app is zoomed as View > Zoom does (150 for 150%); with --full-screen, each tab is checked
in full screen (View > Full screen) instead of at the two sizes.

    DISPLAY=:1 python tools/layout_check.py [--lang es] [--zoom 150] [--full-screen] [--json] [--model MODEL]

Exit status 0 when nothing is found, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MAXIMUM_MINIMUM = (1024, 600)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["en", "es"], default="es", help="the interface language (default: es)")
    parser.add_argument("--zoom", type=int, default=100, help="the zoom in percent, as View > Zoom (default: 100)")
    parser.add_argument("--full-screen", action="store_true", help="check the tabs in full screen")
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    parser.add_argument("--model", type=Path, help="the model file the window opens on (a convolutional one, say; "
                                                   "default: the shipped model)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        findings, summary = check(args.lang, Path(scratch), args.zoom, args.full_screen, args.model)
    if args.json:
        print(json.dumps({"summary": summary, "findings": findings}, ensure_ascii=False, indent=1))
    else:
        print(f"screen {summary['screen']}, first frame {summary['first_frame']}, minimum {summary['minimum']}")
        for finding in findings:
            print(finding)
        print(f"{len(findings)} problem(s)")
    return 1 if findings else 0


def check(language: str, scratch: Path, zoom: int = 100, full_screen: bool = False,
          model: Path | None = None) -> tuple[list[str], dict]:
    os.environ["HOME"] = str(scratch)
    os.environ.pop("XDG_DATA_HOME", None)
    os.environ.pop("XDG_CONFIG_HOME", None)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    application = QApplication.instance() or QApplication(sys.argv[:1])
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch))
    from gui.app import APPLICATION, ORGANISATION
    from gui.main_window import MainWindow

    application.setOrganizationName(ORGANISATION)
    application.setApplicationName(APPLICATION)
    window = MainWindow(model_path=model, taught_reader=False) if model else MainWindow(taught_reader=False)
    window.set_language(language)
    window.menus.view.set_zoom(zoom)
    window.show()
    settle(application, lambda: window.isVisible() and window.state.data is not None)
    # A window manager's frame arrives after the show, and its answers to a resize after the resize; offscreen
    # there is none, and a tab is settled once its posted events and timers of a few milliseconds have run.
    offscreen = application.platformName() == "offscreen"
    frame_seconds, tab_seconds = (0.0, 0.1) if offscreen else (1.0, 0.3)
    settle(application, lambda: False, seconds=frame_seconds)
    findings: list[str] = []
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    if not screen.contains(frame):
        findings.append(f"first start: the frame {rect_text(frame)} is not inside the screen's available area "
                        f"{rect_text(screen)}")
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize())
    if minimum.width() > MAXIMUM_MINIMUM[0] or minimum.height() > MAXIMUM_MINIMUM[1]:
        findings.append(f"minimum size {minimum.width()}x{minimum.height()} is over "
                        f"{MAXIMUM_MINIMUM[0]}x{MAXIMUM_MINIMUM[1]}")
    sizes = {"first size": window.size(), "minimum size": minimum}
    if full_screen:
        window.menus.view.set_full_screen(True)
        settle(application, lambda: False, seconds=frame_seconds)
        sizes = {"full screen": window.size()}
    for size_name, size in sizes.items():
        if not full_screen:
            window.resize(size)
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            if window.test_tab.isVisible():    # its mistakes, read off the GUI thread, then laid out
                settle(application, lambda: window.test_tab.evaluation is not None)
            settle(application, lambda: False, seconds=tab_seconds)
            where = f"{size_name} {window.width()}x{window.height()}, tab {window.tabs.tabText(index)!r}"
            findings += [f"{where}: {problem}" for problem in problems(window)]
    summary = {"screen": rect_text(screen), "first_frame": rect_text(frame),
               "minimum": f"{minimum.width()}x{minimum.height()}", "platform": application.platformName()}
    window.state.mark_saved(None)
    window.close()
    return findings, summary


def problems(window) -> list[str]:
    """Overlapping siblings, children cut by their parent, and cut texts among the visible widgets."""
    from PySide6.QtWidgets import QWidget

    found = []
    visible = [widget for widget in window.findChildren(QWidget) if shown(widget, window)]
    by_parent: dict[int, list] = {}
    for widget in visible:
        by_parent.setdefault(id(widget.parentWidget()), []).append(widget)
    for siblings in by_parent.values():
        for position, first in enumerate(siblings):
            for second in siblings[position + 1:]:
                overlap = first.geometry().intersected(second.geometry())
                if overlap.width() > 1 and overlap.height() > 1 and not allowed_overlap(first, second):
                    found.append(f"{name(first)} and {name(second)} overlap by {overlap.width()}x{overlap.height()}")
    for widget in visible:
        parent = widget.parentWidget()
        if parent is not None and parent is not window and not scrolled_content(widget):
            if not parent.rect().adjusted(-1, -1, 1, 1).contains(widget.geometry()):
                found.append(f"{name(widget)} is cut by its parent {name(parent)}")
        found += [f"{name(widget)} cuts its text {cut!r}" for cut in cut_texts(widget)]
        if needs_horizontal_scrolling(widget):
            found.append(f"{name(widget)} is too narrow for its items (a horizontal scroll bar)")
    return found


def shown(widget, window) -> bool:
    """Visible on the current tab, with a size, not one of Qt's private helpers."""
    return (widget.isVisibleTo(window) and widget.isVisible() and widget.width() > 0 and widget.height() > 0
            and not widget.objectName().startswith("qt_") and widget.window() is window)


def allowed_overlap(first, second) -> bool:
    """Qt's own stacking: a scroll area's bars and corner over its viewport, a tab bar over its frame."""
    from PySide6.QtWidgets import QAbstractScrollArea, QScrollBar, QStackedWidget, QTabBar

    pair = (first, second)
    if any(isinstance(widget, QScrollBar) for widget in pair):
        return True
    if any(isinstance(widget, QTabBar) for widget in pair) and any(isinstance(widget, QStackedWidget)
                                                                 for widget in pair):
        return True
    parent = first.parentWidget()
    return isinstance(parent, QAbstractScrollArea)


def scrolled_content(widget) -> bool:
    """The widget a scroll area scrolls: it may be larger than the viewport it sits in (its own children may not
    stick out of it)."""
    from PySide6.QtWidgets import QAbstractScrollArea

    viewport = widget.parentWidget()
    area = viewport.parentWidget() if viewport is not None else None
    return isinstance(area, QAbstractScrollArea) and area.viewport() is viewport


def needs_horizontal_scrolling(widget) -> bool:
    """A list or table whose items are wider than it is (what does not fit is behind a horizontal scroll bar),
    or a scroll area without a horizontal bar whose page is wider than its viewport (what does not fit is cut)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView, QScrollArea

    if isinstance(widget, QAbstractItemView):
        return widget.horizontalScrollBar().maximum() > 0
    if isinstance(widget, QScrollArea) and widget.widget() is not None:
        no_bar = widget.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        return no_bar and widget.widget().width() > widget.viewport().width() + 1
    return False


def cut_texts(widget) -> list[str]:
    """The texts of a widget shown cut: its own, an icon grid's captions, a plot's title and axis labels."""
    from PySide6.QtWidgets import QListView

    texts = [cut_text(widget)]
    if isinstance(widget, QListView) and widget.viewMode() == QListView.ViewMode.IconMode:
        texts += cut_captions(widget)
    texts += cut_plot_texts(widget)
    return [text for text in texts if text]


def cut_captions(view) -> list[str]:
    """Captions of an icon grid that Qt shortens with "…" because they are wider than the grid's cell."""
    from PySide6.QtCore import Qt

    model, metrics, cut = view.model(), view.fontMetrics(), []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        text = model.data(index, Qt.ItemDataRole.DisplayRole) or ""
        room = view.visualRect(index).width()
        if text and metrics.horizontalAdvance(text) > room:
            cut.append(text)
    return cut


def cut_plot_texts(widget) -> list[str]:
    """A pyqtgraph plot's title or axis label wider (or, on the left axis, taller) than the room it is drawn in."""
    try:
        import pyqtgraph as pg
    except ImportError:
        return []
    if not isinstance(widget, pg.PlotWidget):
        return []
    item, cut = widget.getPlotItem(), []
    title = item.titleLabel
    if title.isVisible() and title.text:
        needed = title.item.boundingRect().width()
        if needed > item.boundingRect().width() - 4:
            cut.append(plain(title.text))
    for side in ("bottom", "left"):
        axis = item.getAxis(side)
        if not axis.isVisible() or not axis.label.isVisible():
            continue
        needed = axis.label.boundingRect().width()      # along the axis: the left one's label is turned
        room = axis.boundingRect().width() if side == "bottom" else axis.boundingRect().height()
        if needed > room + 1:
            cut.append(plain(axis.label.toPlainText()))
    return cut


def plain(text: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", text)


def cut_text(widget) -> str:
    """The text a label, button or combo shows cut, or ''."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QStyle, QStyleOptionComboBox

    if isinstance(widget, QLabel):
        if widget.wordWrap() or not widget.text() or (widget.pixmap() is not None and not widget.pixmap().isNull()):
            return ""
        if widget.textFormat() != Qt.TextFormat.PlainText and "<" in widget.text():
            return ""   # rich text lays itself out; its size hint is not its one-line width
        needed = widget.fontMetrics().boundingRect(QRect(0, 0, 100000, 100000), 0, widget.text())
        room = widget.contentsRect().adjusted(widget.margin(), widget.margin(), -widget.margin(), -widget.margin())
        return widget.text() if needed.width() > room.width() + 1 or needed.height() > room.height() + 1 else ""
    if isinstance(widget, QAbstractButton):
        text = widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        icon = widget.iconSize().width() + 4 if not widget.icon().isNull() else 0
        needed = widget.fontMetrics().horizontalAdvance(text) + icon + 6
        return widget.text() if text and needed > widget.width() else ""
    if isinstance(widget, QComboBox) and widget.currentText():
        option = QStyleOptionComboBox()
        widget.initStyleOption(option)
        field = widget.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                              QStyle.SubControl.SC_ComboBoxEditField, widget)
        needed = widget.fontMetrics().horizontalAdvance(widget.currentText())
        return widget.currentText() if needed > field.width() + 1 else ""
    return ""


def name(widget) -> str:
    label = widget.objectName() or type(widget).__name__
    text = getattr(widget, "text", None)
    shown_text = text() if callable(text) else ""
    return f"{label}({shown_text[:24]!r})" if isinstance(shown_text, str) and shown_text else label


def rect_text(rect) -> str:
    return f"{rect.width()}x{rect.height()}+{rect.x()}+{rect.y()}"


def settle(application, done, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        application.processEvents()
        time.sleep(0.01)


if __name__ == "__main__":
    sys.exit(main())
