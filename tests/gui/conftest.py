"""Fixtures for the GUI tests: private settings, recorded error dialogs, and a window on the shipped files."""

from __future__ import annotations

from PySide6.QtCore import QSettings

import pytest

from core.learning.settings import TrainingSettings
from gui import dialogs
from gui.main_window import MainWindow

QUICK_RUN = TrainingSettings(hidden=(32,), epochs=3, train_rows=(0, 200), augment=False)


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    """QSettings of this test live in its temporary folder, never in the user's home."""
    folder = tmp_path / "settings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(autouse=True)
def private_user_folder(tmp_path, monkeypatch):
    """The user's digits and taught reader of this test live in its temporary folder."""
    from gui import user_files

    folder = tmp_path / "user"
    folder.mkdir()
    monkeypatch.setattr(user_files, "user_folder", lambda: folder)
    return folder


@pytest.fixture(autouse=True)
def error_dialogs(monkeypatch):
    """Every error dialog as (title, problem, advice), instead of a modal box that would block the test."""
    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, problem, advice: shown.append(
        (title, problem, advice)))
    return shown


class UnsavedQuestion:
    """Stands in for the 'save the unsaved model?' box: records each question, gives queued answers."""

    def __init__(self):
        self.asked: list[str] = []
        self.answers: list[str] = []

    def __call__(self, window, doing: str) -> str:
        self.asked.append(doing)
        return self.answers.pop(0) if self.answers else "discard"


@pytest.fixture(autouse=True)
def unsaved_question(monkeypatch):
    question = UnsavedQuestion()
    monkeypatch.setattr(MainWindow, "ask_unsaved", lambda self, doing: question(self, doing))
    return question


def shown(qtbot, widget):
    """The widget, on screen and closed after the test."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def window(qtbot):
    """A shown MainWindow on the shipped data and model (the Train tab in front)."""
    main_window = shown(qtbot, MainWindow())
    qtbot.waitUntil(lambda: main_window.state.data is not None, timeout=20_000)  # loaded off the GUI thread
    yield main_window
    main_window.train_tab.shutdown()
    main_window.data_loading.shutdown()
