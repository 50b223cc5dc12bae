"""What the tabs share: the data set and the current model, with signals when either changes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from core.base.i18n import N_, _
from core.learning.data import Dataset
from core.learning.model import Model
from core.learning.settings import TrainingSettings

UNSAVED_NAME = N_("new model")
APP_FOLDER = Path(__file__).resolve().parents[1]


def shown_path(path: Path) -> str:
    """A path as the user reads it: relative to the app for its own files, ~ for the home folder."""
    path = Path(path).resolve()
    for base, prefix in ((APP_FOLDER, ""), (Path.home(), "~/")):
        if path.is_relative_to(base):
            return prefix + path.relative_to(base).as_posix()
    return str(path)


class AppState(QObject):
    """The app's data and model; the model is unsaved when it came from a run and not yet written."""

    modelChanged = Signal()
    dataChanged = Signal()
    drawModelChanged = Signal()
    testRowsChanged = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.data: Dataset | None = None
        self.data_path: Path | None = None
        self.model: Model | None = None
        self.model_path: Path | None = None
        self.unsaved = False
        self.draw_model: Model | None = None     # a model for mouse drawings, trained on more rows
        self.draw_model_path: Path | None = None
        self.test_rows: tuple[int, int] = TrainingSettings().test_rows

    @property
    def model_name(self) -> str:
        if self.model is None:
            return _("no model")
        return self.model_path.name if self.model_path else _(UNSAVED_NAME)

    def set_model(self, model: Model, path: Path | None, unsaved: bool = False) -> None:
        self.model, self.model_path, self.unsaved = model, path, unsaved
        self.modelChanged.emit()

    def mark_saved(self, path: Path) -> None:
        self.model_path, self.unsaved = path, False
        self.modelChanged.emit()

    def set_draw_model(self, model: Model, path: Path) -> None:
        self.draw_model, self.draw_model_path = model, path
        self.drawModelChanged.emit()

    def set_test_rows(self, rows: tuple[int, int]) -> None:
        if rows != self.test_rows:
            self.test_rows = rows
            self.testRowsChanged.emit()

    def set_data(self, data: Dataset, path: Path) -> None:
        self.data, self.data_path = data, path
        self.dataChanged.emit()
