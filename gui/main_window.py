"""The main window: the Train, Test, Draw and Inside tabs, the menus (gui/main_menus.py), the file commands
(gui/file_commands.py), and the app's data and model files at start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QMessageBox, QWidget

from core.base.errors import TrazoError
from core.base.i18n import N_, _, ngettext
from core.base.resources import DATA_FILE, DRAW_MODEL_FILE, MODEL_FILE
from core.learning.model_io import load_model
from gui import dialogs
from gui.app import app_icon
from gui.app_state import AppState
from gui.data_loading import DataLoading
from gui.draw_tab import DrawTab
from gui.file_commands import FileCommands
from gui.gui_thread_collector import collect_garbage_on_gui_thread
from gui.inside_tab import InsideTab
from gui.main_menus import MainMenus
from gui.scrolling_tabs import ScrollingTabs
from gui.stored_settings import (
    GEOMETRY_KEY,
    LANGUAGE_KEY,
    app_settings,
    open_settings,
    store,
    stored_training_settings,
    stored_zoom,
)
from gui.test_tab import TestTab
from gui.train_tab import TrainTab
from gui.translation import Texts, apply_language, initial_language
from gui.user_files import open_taught_reader
from gui.window_placement import MINIMUM_SIZE, FrameFit, first_size

# Why the unsaved model is about to go, as the question asks it.
UNSAVED_QUESTIONS = {
    "quit": N_("The model trained in this session is not saved. Save it before you quit?"),
    "train again": N_("The model trained in this session is not saved, and a new run will replace it. Save it "
                      "first?"),
    "open another model": N_("The model trained in this session is not saved. Save it before you open "
                             "another model?"),
}
TAB_TITLES = (N_("&Train"), N_("T&est"), N_("&Draw"), N_("&Inside"))


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
        self._build_tabs()
        self.data_status = QLabel(objectName="dataStatus")
        self.data_loading = DataLoading()
        self.data_loading.loaded.connect(self._data_loaded)
        self.data_loading.failed.connect(self._data_failed)
        self.data_loading.cancelled.connect(self._data_cancelled)
        self.statusBar().addPermanentWidget(self.data_loading)
        self.statusBar().addPermanentWidget(self.data_status)
        self.files = FileCommands(self, self.state, self.train_tab, self.data_loading, self.confirm_discard)
        self.menus = MainMenus(self)
        dialogs.plain_labels(self)    # names and messages from files are text, never markup (gui/dialogs.py)
        self.state.modelChanged.connect(self._model_changed)
        self.state.dataChanged.connect(self._data_changed)
        self._connect_tabs()
        self._restore_settings(stored)
        self._shortcut_keys = {shortcut.toString() for action in self.findChildren(QAction)
                               for shortcut in action.shortcuts() if not shortcut.isEmpty()}
        for field in self.findChildren(QLineEdit):   # menu shortcuts work from text fields too (eventFilter)
            field.installEventFilter(self)
        self._startup_problems += self.draw_tab.teach_panel.my_digits.take_notices()
        taught = None
        if taught_reader and draw_model_path == DRAW_MODEL_FILE:   # the reader taught the user's hand reads
            taught, taught_path, notices = open_taught_reader()    # until Revert
            self._startup_problems += notices
            draw_model_path = taught_path or draw_model_path
        self._open_at_start(Path(data_path), Path(model_path), draw_model_path and Path(draw_model_path), taught)
        self.retranslate()

    def _build_tabs(self) -> None:
        self.tabs = ScrollingTabs(objectName="tabs")    # a page scrolls where the window is smaller than it needs
        self.train_tab = TrainTab(self.state, confirm_replace=lambda: not self.state.unsaved or self.confirm_discard(
            "train again"))
        self.test_tab = TestTab(self.state)
        self.draw_tab = DrawTab(self.state)
        self.inside_tab = InsideTab(self.state, drawing=lambda: self.draw_tab.network_input)
        self.texts = Texts()
        for index, (tab, title) in enumerate(zip(self._tabs(), TAB_TITLES)):
            self.tabs.addTab(tab, "")
            self.texts.set(lambda text, i=index: self.tabs.setTabText(i, text), title)
        self.setCentralWidget(self.tabs)
        self.setMinimumSize(*MINIMUM_SIZE)
        self.frame_fit = FrameFit(self)     # the frame inside the screen once the window manager has drawn it

    def _tabs(self) -> tuple[QWidget, ...]:
        return self.train_tab, self.test_tab, self.draw_tab, self.inside_tab

    def _connect_tabs(self) -> None:
        """The Train tab's buttons and runs, and the Inside tab following the run under way and the digit last
        clicked in the Test tab."""
        train, inside = self.train_tab, self.inside_tab
        train.saveRequested.connect(self.files.save_model_dialog)
        train.trainingStarted.connect(lambda _settings: self.menus.update_actions())
        # stored at the next turn of the event loop: the click already starts the run and its first drawing
        train.trainingStarted.connect(lambda _settings: QTimer.singleShot(0, self._store_settings))
        train.trainingEnded.connect(self.menus.update_actions)
        self.test_tab.loadModelRequested.connect(self.files.open_model_dialog)
        train.trainingStarted.connect(inside.begin_run)
        train.snapshotArrived.connect(inside.show_snapshot)
        train.trainingEnded.connect(inside.end_run)
        self.test_tab.digitPicked.connect(inside.show_row)

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
        self.menus.retranslate()
        compare_models = [self.files.compare_models] if self.files.compare_models else []
        for part in (*self._tabs(), self.data_loading, *compare_models):
            part.retranslate()
        self._model_changed()
        self._data_changed()

    # --- files at start --------------------------------------------------------------------------

    def _open_at_start(self, data_path: Path, model_path: Path, draw_model_path: Path | None,
                       draw_model=None) -> None:
        """Open the files; problems are shown once the window is up, and the tabs wait for a file.

        Without a drawing model (None) the Draw tab reads drawings with the current model; `draw_model` is
        the drawing model already read from its path."""
        self.files.open_data_file(data_path)

        def open_model(path: Path) -> None:
            self.state.set_model(load_model(path), path, unsaved=False)
            if path.resolve() != MODEL_FILE.resolve():    # a model the user named on the command line
                self.files.show_model_settings()

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

    def _data_loaded(self, data, path: Path) -> None:
        self.state.set_data(data, path)
        self.statusBar().showMessage(ngettext("Opened {name}: {count} digit", "Opened {name}: {count} digits",
                                              len(data)).format(name=path.name, count=len(data)), 5000)

    def _data_failed(self, message: str, path: Path) -> None:
        dialogs.show_error(self, _("Open data"), message, _("The app keeps the data it had. Choose another file."))

    def _data_cancelled(self, path: Path) -> None:
        self.statusBar().showMessage(_("Loading {name} was cancelled; the app keeps the data it had.").format(
            name=path.name), 8000)

    # --- state -----------------------------------------------------------------------------------

    def _model_changed(self) -> None:
        self.setWindowTitle(f"{self.state.model_name}[*] - Trazo")  # the name is the file's, or says unsaved
        self.setWindowModified(self.state.unsaved)
        self.menus.update_actions()

    def _data_changed(self) -> None:
        data = self.state.data
        self.data_status.setText(_("no data") if data is None else ngettext(
            "{name}: {count} digit", "{name}: {count} digits", len(data)).format(name=data.name, count=len(data)))
        self.menus.update_actions()

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
            return self.files.save_model_dialog()
        return answer == "discard"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Let the menus' shortcuts through a text field that would take the key itself (Ctrl+E moves a
        line edit's cursor to the end on some platforms)."""
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QLineEdit)
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
        self.draw_tab.reading.shutdown()
        self.inside_tab.shutdown()
        self.data_loading.shutdown()
        self._store_settings()
        event.accept()

    def _restore_settings(self, stored) -> None:
        geometry = stored.value(GEOMETRY_KEY)
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(*first_size(self.screen().availableGeometry().size() if self.screen() else None))
        zoom, zoom_notices = stored_zoom(stored)
        self.menus.view.set_zoom(zoom, keep=False)
        settings, notices = stored_training_settings(stored)
        if settings is not None:
            self.train_tab.set_settings(settings)
        self._startup_problems += zoom_notices + notices

    def _store_settings(self) -> None:
        try:
            settings = self.train_tab.settings()
        except TrazoError:
            settings = None  # the form holds a mistake; the last good settings stay stored
        store(app_settings(), self.saveGeometry(), settings)
