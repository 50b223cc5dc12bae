"""Message boxes for failures, and text from files shown as text. Tabs call these through the module.

Qt guesses whether a label, a message box or a tooltip holds HTML (`Qt.mightBeRichText`), and renders
it if it looks so: a data file named `<img src="/dev/zero">` would make Qt read /dev/zero as an
image. Messages name files and quote their content, so nothing here is left to the guess: message
boxes and labels are plain text (`plain_labels` makes every label of a window so, unless it was made
rich text on purpose, its file-derived parts escaped), and tooltips are converted from plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtText
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def error_box(parent: QWidget | None, title: str, problem: str, advice: str) -> QMessageBox:
    """The error box `show_error` shows: plain text, whatever the problem quotes."""
    box = QMessageBox(QMessageBox.Icon.Critical, title, f"{problem}\n\n{advice}" if advice else problem,
                      QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def show_error(parent: QWidget | None, title: str, problem: str, advice: str) -> None:
    """A modal error box: the problem (usually a TrazoError's message naming the file) and the advice."""
    error_box(parent, title, problem, advice).exec()


def plain_labels(root: QWidget) -> None:
    """Every label under `root` that would guess its format (Qt's AutoText) shows plain text instead."""
    for label in root.findChildren(QLabel):
        if label.textFormat() == Qt.TextFormat.AutoText:
            label.setTextFormat(Qt.TextFormat.PlainText)


def plain_tooltip(text: str) -> str:
    """`text` as a tooltip that shows it as it is (a tooltip has no plain-text mode: it is escaped)."""
    return QtText.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal) if text else ""
