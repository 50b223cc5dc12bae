"""The main window's file commands: open and save the data and the model, open an image of digits on paper
for the Draw tab, compare model files, export the report and the cost plot. Each failure is a dialog that
says why, and the app keeps what it had."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow

from core.base.errors import TrazoError
from core.base.files import write_atomically
from core.base.i18n import N_, _
from core.learning.model_io import load_model, save_model
from gui import dialogs
from gui.app_state import APP_FOLDER, AppState
from gui.data_loading import DataLoading
from gui.number_reading import IMAGE_FILTER
from gui.train_tab import TrainTab

MODEL_FILTER = N_("Trazo models (*.npz);;All files (*)")
DATA_FILTER = N_("Digit data (*.txt *.txt.gz *.csv);;All files (*)")


class FileCommands(QObject):
    """What File > ... does, for `window`; `confirm_discard(doing)` says whether the unsaved model may go."""

    def __init__(self, window: QMainWindow, state: AppState, train_tab: TrainTab, data_loading: DataLoading,
                 confirm_discard: Callable[[str], bool]):
        super().__init__(window)
        self.window, self.state, self.train_tab = window, state, train_tab
        self.data_loading = data_loading
        self.confirm_discard = confirm_discard
        self.compare_models: QDialog | None = None   # File > Compare model files..., kept for the next time

    def _say(self, text: str, milliseconds: int = 5000) -> None:
        self.window.statusBar().showMessage(text, milliseconds)

    # --- the data ------------------------------------------------------------------------------

    def open_data_file(self, path: str | Path) -> None:
        """Start loading a data file off the GUI thread; on failure a dialog says why, and the app keeps
        the data it had."""
        self.data_loading.load(path)

    def open_data_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self.window, _("Open data"), str(self.folder()), _(DATA_FILTER))
        if path:
            self.open_data_file(path)

    # --- the model -----------------------------------------------------------------------------

    def open_model_file(self, path: str | Path) -> bool:
        """Load a model file; on failure a dialog says why, and the app keeps the model it had. The file is read
        before the question about an unsaved model: a file that is no model never asks it."""
        try:
            model = load_model(Path(path))
        except TrazoError as error:
            dialogs.show_error(self.window, _("Open model"), str(error),
                               _("The app keeps the model it had. Choose another file."))
            return False
        if self.state.unsaved and not self.confirm_discard("open another model"):
            return False
        self.state.set_model(model, Path(path), unsaved=False)
        self.show_model_settings()
        self._say(_("Opened {name}").format(name=Path(path).name))
        return True

    def show_model_settings(self) -> None:
        """The Train form shows the settings the model opened was trained with (when its file has them and no run
        is under way), beside its cost curve: a model the user chose, not the one the app opens by itself."""
        model = self.state.model
        if model is not None and model.settings is not None and not self.train_tab.is_training():
            self.train_tab.set_settings(model.settings)

    def open_model_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self.window, _("Open model"), str(self.folder()),
                                                    _(MODEL_FILTER))
        if path:
            self.open_model_file(path)

    def save_model_file(self, path: str | Path) -> bool:
        """Write the current model; on failure a dialog says why, and the model stays unsaved."""
        path = Path(path)
        try:
            save_model(self.state.model, path)
        except TrazoError as error:
            dialogs.show_error(self.window, _("Save model"), str(error),
                               _("The model is not saved. Choose another place."))
            return False
        self.state.mark_saved(path)
        self._say(_("Saved {path}").format(path=path))
        return True

    def save_model_dialog(self) -> bool:
        if self.state.model is None:
            return False
        suggestion = (self.state.model_path if self.state.model_path and self.users_folder() == self.folder()
                      else self.users_folder() / _("model-new.npz"))
        path, _filter = QFileDialog.getSaveFileName(self.window, _("Save model as"), str(suggestion),
                                                    _(MODEL_FILTER))
        if not path:
            return False
        if not path.endswith(".npz"):
            path += ".npz"
        return self.save_model_file(path)

    def compare_models_dialog(self) -> None:
        """Saved models side by side, tested now on the Test tab's rows (gui/compare_models.py)."""
        from gui.compare_models import compare_model_files

        if self.state.data is None:
            return
        paths, _filter = QFileDialog.getOpenFileNames(self.window, _("Compare model files"), str(self.folder()),
                                                      _(MODEL_FILTER))
        if paths:
            self.compare_models = compare_model_files(self.window, [Path(path) for path in paths], self.state.data,
                                                      self.state.test_rows, self.compare_models)

    # --- images of digits on paper ------------------------------------------------------------

    def open_image_dialog(self) -> None:
        pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        folder = pictures if pictures and Path(pictures).is_dir() else str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(self.window, _("Open image"), folder, _(IMAGE_FILTER))
        if path:
            self.open_image_file(path)

    def open_image_file(self, path: str | Path) -> None:
        """Read the digits in an image on the Draw tab; if it cannot be read, a dialog says why."""
        draw_tab = self.window.draw_tab
        self.window.tabs.setCurrentWidget(draw_tab)
        draw_tab.reading.open_file(path)

    # --- exports -------------------------------------------------------------------------------

    def export_report_dialog(self) -> None:
        from gui.report_dialog import export_report  # the report machinery loads only when asked for

        if self.state.model is None or self.state.data is None:
            return
        written = export_report(self.window, self.state.model, self.state.model_name, self.state.data,
                                self.state.test_rows, self.users_folder(),
                                tuple(self.train_tab.session_runs.checked_runs()))
        if written is not None:
            self._say(_("Report written: {path}").format(path=written), 8000)

    def export_plot_dialog(self) -> None:
        """The cost per epoch the Train tab shows, as PNG or SVG, and its history as CSV beside it."""
        history = self.train_tab.plots.shown_history()
        if not len(history):
            return
        stem = Path(self.state.model_name).stem or "model"
        filters = {".png": _("PNG image (*.png)"), ".svg": _("SVG drawing (*.svg)")}
        # TRANSLATORS: a file name, no spaces; {model} is the model file's name without .npz
        suggestion = self.users_folder() / _("cost-{model}.png").format(model=stem)
        path, selected = QFileDialog.getSaveFileName(self.window, _("Export cost plot"), str(suggestion),
                                                     ";;".join(filters.values()))
        if path:
            if Path(path).suffix.lower() not in filters:
                path += next((suffix for suffix, name in filters.items() if name == selected), ".png")
            self.export_plot(Path(path), history)

    def export_plot(self, path: Path, history) -> bool:
        """Write the plot and `path` with .csv; a failure is a dialog."""
        from report.figures import cost_plot_labels, save_cost_plot

        try:
            plot = save_cost_plot(history, path, cost_plot_labels())
            table = write_atomically(path.with_suffix(".csv"), history.csv().encode("utf-8"))
        except TrazoError as error:
            dialogs.show_error(self.window, _("Export cost plot"), str(error), _("Choose another place."))
            return False
        self._say(_("Wrote {plot} and {table} (its columns are named in English, for programs that read it)").format(
            plot=plot.name, table=table.name), 8000)
        return True

    # --- folders -------------------------------------------------------------------------------

    def folder(self) -> Path:
        current = self.state.model_path or self.state.data_path
        return current.parent if current else Path.home()

    def users_folder(self) -> Path:
        """Where the user's own files go by default: beside their model, else their documents folder;
        never inside the app's own folders."""
        folder = self.folder()
        if not folder.resolve().is_relative_to(APP_FOLDER):
            return folder
        documents = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or "")
        return documents if str(documents) and documents.is_dir() else Path.home()
