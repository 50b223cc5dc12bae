"""Every text the running window shows, and the English words left in them when the interface is Spanish.

Walks the main window tab by tab: labels, buttons, group titles, list items, table cells and headers,
tooltips, tab titles, menus and their actions, the window title, and the plots' titles, axes and legends;
and the windows the tabs open (the comparison of runs) while they are open. `english_words` finds
words of English that Spanish does not share; names of things (ReLU, Adam, MNIST, softmax, file names)
are not words of either language and are never counted.

    python tools/visible_texts.py --lang es     # prints the count and each text that has English left
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Words of English that are not also Spanish words (so "no", "error" and "total" are not here).
ENGLISH = set("""
the and of to with for from in on at by is are was be it its this that these those what which when where an
while your you our we they their as or not yet only every each all any some more less than then
model models train trained training test tested testing draw drawn drawing digit digits file files
open opened save saved load loaded loading stop stopped stopping clear cost costs rate rates accuracy
epoch epochs settings setting layer layers hidden learning batch weight weights help about quit view run
data row rows network read reads reading press click shipped recipe language export report cancel
cancelled sure input probability probabilities failed none constant cosine decay random seed thickness
stroke momentum optimiser optimizer initialisation activation augmentation gradient descent size whole
set new unsaved current true predicted confusion matrix misclassified finished showing history elapsed
eta keeps kept had choose another place written browse show shows tab tabs after before again
""".split())
NAMES = re.compile(r"\S+\.(npz|txt|gz|csv|pdf|html|md|png|svg|py)\b|https?://\S+|~?/\S+|\b\w+/\S+|--[\w-]+")
WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
TAGS = re.compile(r"<[^>]+>|&[a-z]+;")


def english_words(text: str) -> list[str]:
    """The English words of `text`, file names and paths set aside."""
    text = NAMES.sub(" ", TAGS.sub(" ", text.replace("&", "")))
    return [word for word in WORD.findall(text) if word.lower() in ENGLISH]


def widget_texts(widget) -> list[str]:
    """The texts one widget shows itself (its children are walked separately)."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QListWidget,
        QTableWidget,
        QTabWidget,
    )

    texts = [widget.toolTip()]
    if isinstance(widget, QLabel):
        texts.append(widget.text())
    elif isinstance(widget, QAbstractButton):
        texts.append(widget.text())
    elif isinstance(widget, QGroupBox):
        texts.append(widget.title())
    elif isinstance(widget, QComboBox):
        texts += [widget.itemText(index) for index in range(widget.count())]
    elif isinstance(widget, QLineEdit):
        texts.append(widget.placeholderText())
    elif isinstance(widget, QListWidget):
        texts += [widget.item(row).text() for row in range(widget.count())]
        texts += [widget.item(row).toolTip() for row in range(widget.count())]
    elif isinstance(widget, QTabWidget):
        texts += [widget.tabText(index) for index in range(widget.count())]
    elif isinstance(widget, QTableWidget):
        texts += [widget.horizontalHeaderItem(column).text() for column in range(widget.columnCount())
                  if widget.horizontalHeaderItem(column)]
        texts += [widget.item(row, column).text() for row in range(widget.rowCount())
                  for column in range(widget.columnCount()) if widget.item(row, column)]
    return [text for text in texts if text]


def plot_texts(plot) -> list[str]:
    """A pyqtgraph plot's title, axis labels and legend entries."""
    item = plot.getPlotItem()
    texts = [item.titleLabel.text] + [item.getAxis(side).labelText for side in ("left", "bottom")]
    if item.legend is not None:
        texts += [label.text for _sample, label in item.legend.items]
    return [text for text in texts if text]


def menu_texts(window) -> list[str]:
    texts = []
    for action in window.menuBar().actions():
        texts.append(action.text())
        menu = action.menu()
        for inner in (menu.actions() if menu else []):
            texts.append(inner.text())
            if inner.menu():
                texts += [deep.text() for deep in inner.menu().actions()]
    return [text for text in texts if text]


def visible_texts(window) -> list[tuple[str, str]]:
    """(where, text) for every text of the window, each tab brought to the front in turn."""
    from PySide6.QtWidgets import QApplication, QWidget

    import pyqtgraph as pg

    found = [("window title", window.windowTitle())] + [("menu", text) for text in menu_texts(window)]
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        for widget in [window, *window.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            name = widget.objectName() or type(widget).__name__
            found += [(name, text) for text in widget_texts(widget)]
            if isinstance(widget, pg.PlotWidget):
                found += [(name, text) for text in plot_texts(widget)]
    return list(dict.fromkeys(found))


def english_left(window) -> list[tuple[str, str, list[str]]]:
    """(where, text, English words) for every visible text that still has English in it."""
    return [(where, text, words) for where, text in visible_texts(window) if (words := english_words(text))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["en", "es"], default="es")
    args = parser.parse_args(argv)
    import tempfile

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    application = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as settings_folder:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_folder)
        from gui.main_window import MainWindow

        window = MainWindow(taught_reader=False)
        window.set_language(args.lang)
        window.show()
        while window.state.data is None:
            application.processEvents()
        window.test_tab.run_test()
        window.draw_tab.put_test_digit(900)
        texts = visible_texts(window)
        left = english_left(window)
        for where, text, words in left:
            print(f"{where}: {text!r}: {', '.join(words)}")
        print(f"{sum(len(words) for _, _, words in left)} English words in {len(left)} of {len(texts)} visible "
              f"texts ({args.lang})")
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
