"""Message boxes for failures: what happened, and what to do. Tabs call these through the module."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def show_error(parent: QWidget | None, title: str, problem: str, advice: str) -> None:
    """A modal error box: the problem (usually a TrazoError's message naming the file) and the advice."""
    QMessageBox.critical(parent, title, f"{problem}\n\n{advice}")
