import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSlider,
    QTableWidget,
    QTabWidget,
    QWidget,
)

import numpy as np
import pyqtgraph as pg
import pytest

from core.handwriting.drawing import read_drawings
from core.learning.model_io import load_model
from core.learning.settings import TrainingSettings
from gui.main_window import MainWindow
from gui.stored_settings import GEOMETRY_KEY, SETTINGS_KEY, app_settings
from gui.window_placement import DEFAULT_SIZE
from tests.core.hostile_models import HOSTILE, write_hostile
from tests.core.samples import DATA_FILE, MODEL_FILE, ROOT
from tests.gui.conftest import QUICK_RUN

OBJECTS = {
    "tabs": QTabWidget, "trainTab": QWidget, "testTab": QWidget, "drawTab": QWidget,
    "epochsField": QLineEdit, "trainButton": QPushButton, "stopButton": QPushButton,
    "saveModelButton": QPushButton, "costPlot": pg.PlotWidget, "runTestButton": QPushButton,
    "accuracyLabel": QLabel, "misclassifiedGrid": QListWidget, "drawCanvas": QWidget,
    "clearButton": QPushButton, "predictedDigit": QLabel, "probabilityBars": QWidget,
    "testDigitButton": QPushButton, "insideTab": QWidget, "weightTiles": QWidget, "activationView": QWidget,
    "gradientNormPlot": pg.PlotWidget, "checkGradientsButton": QPushButton, "gradientCheckTable": QTableWidget,
    "weightHistogram": pg.PlotWidget, "thresholdSlider": QSlider, "thresholdPlot": pg.PlotWidget,
    "runList": QListWidget, "compareRunsButton": QPushButton,
}


def finish_quick_run(window, qtbot):
    window.train_tab.set_settings(QUICK_RUN)
    window.train_tab.train_button.click()
    qtbot.waitUntil(lambda: not window.train_tab.is_training(), timeout=20_000)


def test_window_has_four_tabs_in_order_and_every_object_name(window):
    assert window.objectName() == "mainWindow"
    tabs = window.centralWidget()
    assert tabs.objectName() == "tabs"
    assert [tabs.widget(i).objectName() for i in range(tabs.count())] == ["trainTab", "testTab", "drawTab",
                                                                          "insideTab"]
    assert [tabs.tabText(i).replace("&", "") for i in range(tabs.count())] == ["Train", "Test", "Draw", "Inside"]
    assert not window.inside_tab.findChildren(pg.PlotWidget), "the Inside tab's panels wait until it is shown"
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
    for name, kind in OBJECTS.items():
        found = window.findChildren(kind, name)
        assert len(found) == 1, f"{name}: {len(found)} widgets of type {kind.__name__}"
    canvas = window.findChild(QWidget, "drawCanvas")
    assert canvas.width() >= 280 and canvas.height() >= 280


def test_menus_hold_the_file_and_help_actions_with_shortcuts(window):
    menus = {menu.title().replace("&", ""): menu for menu in
             (action.menu() for action in window.menuBar().actions())}
    file_actions = {action.text().replace("&", ""): action for action in menus["File"].actions()}
    for text in ("Open data...", "Open model...", "Save model as...", "Quit"):
        assert text in file_actions, text
        assert not file_actions[text].shortcut().isEmpty(), f"{text} has a keyboard shortcut"
    assert any("About" in action.text() for action in menus["Help"].actions())


def test_opens_on_the_shipped_model_and_titles_it(window):
    assert window.state.model_path == MODEL_FILE
    assert "model.npz" in window.windowTitle() and not window.isWindowModified()
    assert window.state.data is not None and len(window.state.data) == 5000
    assert window.statusBar().findChild(QLabel, "dataStatus").text() == "mnist.txt: 5000 digits"


def test_a_finished_run_becomes_the_current_unsaved_model(window, qtbot):
    shipped = window.state.model
    finish_quick_run(window, qtbot)
    assert window.state.model is not shipped and window.state.unsaved
    assert window.state.model.network.layer_sizes == [784, 32, 10]
    assert window.isWindowModified() and "new model" in window.windowTitle()
    window.tabs.setCurrentWidget(window.draw_tab)
    assert window.draw_tab.reader_combo.currentText() == "Current model (new model)"
    window.draw_tab.put_test_digit(900)
    expected = read_drawings(window.state.model.network, window.draw_tab.network_input[None])[0]
    np.testing.assert_allclose(window.draw_tab.probabilities, expected, err_msg="the Draw tab uses it at once")


def test_saving_the_model_clears_the_unsaved_mark(window, qtbot, tmp_path):
    finish_quick_run(window, qtbot)
    assert window.files.save_model_file(tmp_path / "mine.npz")
    assert not window.isWindowModified() and "mine.npz" in window.windowTitle()
    assert load_model(tmp_path / "mine.npz").network.layer_sizes == [784, 32, 10]


@pytest.mark.parametrize("content", [b"", b"not a zip at all", b"PK\x03\x04 truncated"])
def test_a_bad_model_file_is_a_dialog_and_the_model_stays(window, tmp_path, error_dialogs, content):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(content)
    model = window.state.model
    assert not window.files.open_model_file(bad)
    assert window.state.model is model and window.state.model_path == MODEL_FILE
    (title, problem, advice), = error_dialogs
    assert str(bad) in problem and "keeps the model" in advice


def test_every_hostile_model_file_is_a_dialog_and_the_model_stays(window, tmp_path, error_dialogs):
    model = window.state.model
    for name, (_, words) in sorted(HOSTILE.items()):
        path = write_hostile(tmp_path, name)
        error_dialogs.clear()
        assert not window.files.open_model_file(path), name
        assert window.state.model is model and window.state.model_path == MODEL_FILE, name
        (title, problem, advice), = error_dialogs
        assert str(path) in problem and words in problem and "keeps the model" in advice, name


def open_data_and_wait(window, qtbot, path):
    window.files.open_data_file(path)
    qtbot.waitUntil(lambda: not window.data_loading.is_loading(), timeout=20_000)


def test_a_bad_data_file_is_a_dialog_and_the_data_stays(window, qtbot, tmp_path, error_dialogs):
    bad = tmp_path / "bad.txt"
    bad.write_text("1,2,3\n")
    data = window.state.data
    open_data_and_wait(window, qtbot, bad)
    assert window.state.data is data
    (title, problem, advice), = error_dialogs
    assert "bad.txt, line 1" in problem and "keeps the data" in advice


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_as_the_data_file_is_refused_and_the_window_answers(window, qtbot, tmp_path, error_dialogs):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    data = window.state.data
    ticks = []
    timer = QTimer(interval=10, timeout=lambda: ticks.append(1))
    timer.start()
    open_data_and_wait(window, qtbot, pipe)
    qtbot.waitUntil(lambda: len(ticks) >= 3)
    timer.stop()
    assert window.state.data is data
    (title, problem, advice), = error_dialogs
    assert "pipe.txt: is a named pipe (FIFO), not a data file" in problem


def test_a_data_file_loads_off_the_gui_thread_with_progress_and_can_be_cancelled(window, qtbot, tmp_path):
    big = tmp_path / "big.txt"
    text = DATA_FILE.read_bytes()
    big.write_bytes(text * 12)   # 60,000 rows, about 30 MB
    data = window.state.data
    shown = []
    window.data_loading.progress.valueChanged.connect(shown.append)
    window.files.open_data_file(big)
    loading = window.findChild(QWidget, "dataLoading")
    assert loading.isVisible() and window.data_loading.is_loading()
    qtbot.waitUntil(lambda: len(shown) >= 2, timeout=20_000)
    qtbot.mouseClick(window.findChild(QPushButton, "cancelLoadButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.data_loading.is_loading(), timeout=20_000)
    assert window.state.data is data and not loading.isVisible()
    assert "cancelled" in window.statusBar().currentMessage()
    open_data_and_wait(window, qtbot, big)
    assert len(window.state.data) == 60_000 and window.state.data_path == big


def test_a_missing_model_at_start_opens_the_window_and_says_so(qtbot, tmp_path, error_dialogs):
    window = MainWindow(model_path=tmp_path / "missing.npz")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: len(error_dialogs) == 1 and window.state.data is not None)
    assert "missing.npz: no such file" in error_dialogs[0][1]
    assert window.state.model is None
    assert not window.menus.run_test_action.isEnabled()
    assert window.draw_tab.predicted_digit.text() == ""


def test_closing_with_an_unsaved_model_asks_first(window, qtbot, unsaved_question):
    finish_quick_run(window, qtbot)
    unsaved_question.answers.append("cancel")
    window.close()
    assert unsaved_question.asked == ["quit"] and window.isVisible(), "Cancel keeps the window open"
    window.close()
    assert unsaved_question.asked == ["quit", "quit"] and not window.isVisible()


def answer_the_box(qtbot, button_text, seen):
    """Later, on the modal box that will be open: record its text and click the button that says `button_text`."""
    def answer():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), box
        seen.append(box.text())
        next(button for button in box.buttons() if button.text().replace("&", "") == button_text).click()
    QTimer.singleShot(200, answer)


@pytest.mark.parametrize("choice", ["Stop and quit", "Cancel"])
def test_closing_while_a_run_trains_says_so_and_offers_to_stop_it(window, qtbot, unsaved_question, choice):
    window.train_tab.set_settings(dataclasses.replace(QUICK_RUN, epochs=100_000, train_rows=(0, 300)))
    window.train_tab.train_button.click()
    qtbot.waitUntil(lambda: len(window.train_tab.plots.shown_history()) >= 1, timeout=10_000)
    seen = []
    answer_the_box(qtbot, choice, seen)
    window.close()
    assert len(seen) == 1 and "still training" in seen[0]
    if choice == "Cancel":
        assert window.isVisible() and window.train_tab.is_training(), "the run goes on"
        assert unsaved_question.asked == []
        window.train_tab.stop_training()
        qtbot.waitUntil(lambda: not window.train_tab.is_training(), timeout=10_000)
        assert window.isVisible()
        return
    unsaved_question.answers.append("cancel")
    qtbot.waitUntil(lambda: not window.train_tab.is_training(), timeout=10_000)
    qtbot.waitUntil(lambda: unsaved_question.asked == ["quit"], timeout=5_000)
    assert window.state.unsaved and window.isVisible(), "the stopped run's model is asked about; Cancel stays"
    assert "Stopped after" in window.train_tab.epoch_figures.text()
    window.close()
    assert unsaved_question.asked == ["quit", "quit"] and not window.isVisible()


def test_opening_a_file_that_is_no_model_never_asks_about_the_unsaved_one(window, qtbot, tmp_path, error_dialogs,
                                                                          unsaved_question):
    finish_quick_run(window, qtbot)
    bad = tmp_path / "notes.npz"
    bad.write_bytes(b"not a zip at all")
    trained = window.state.model
    assert not window.files.open_model_file(bad)
    assert unsaved_question.asked == [], "the file is read before the question"
    assert len(error_dialogs) == 1 and "notes.npz" in error_dialogs[0][1]
    assert window.state.model is trained and window.state.unsaved
    unsaved_question.answers.append("cancel")
    assert not window.files.open_model_file(MODEL_FILE)
    assert unsaved_question.asked == ["open another model"] and window.state.model is trained
    assert window.files.open_model_file(MODEL_FILE)
    assert window.state.model_path == MODEL_FILE and not window.state.unsaved


def test_closing_with_a_saved_model_does_not_ask(window, unsaved_question):
    window.close()
    assert unsaved_question.asked == [] and not window.isVisible()


def test_training_settings_and_geometry_are_remembered_in_the_private_location(qtbot, private_settings):
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.train_tab.form.widgets["epochs"].setText("7")
    first.train_tab.form.widgets["hidden"].setText("64 32")
    first.resize(760, 580)  # inside the offscreen screen (800x600), so restoring keeps it
    size = (first.width(), first.height())
    assert size != DEFAULT_SIZE
    first.close()
    assert list(private_settings.rglob("*.ini")), "settings are written in the test's folder"
    stored = app_settings()
    assert stored.value(SETTINGS_KEY) and stored.value(GEOMETRY_KEY) is not None
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.train_tab.settings().epochs == 7 and second.train_tab.settings().hidden == (64, 32)
    assert (second.width(), second.height()) == size


def test_unusable_stored_settings_fall_back_to_the_recipe(qtbot, error_dialogs):
    stored = app_settings()
    stored.setValue(SETTINGS_KEY, '{"epochs": -5}')
    stored.sync()
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.train_tab.settings().epochs == TrainingSettings().epochs
    qtbot.waitUntil(lambda: len(error_dialogs) > 0)
    assert error_dialogs[0][0] == "Stored settings" and "not usable" in error_dialogs[0][1]


def test_keyboard_shortcut_switches_tabs(window, qtbot):
    qtbot.keyClick(window, "3", modifier=Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.draw_tab
    qtbot.keyClick(window, "4", modifier=Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.inside_tab
    view = next(action.menu() for action in window.menuBar().actions() if action.text() == "&View")
    assert "Inside tab" in [action.text() for action in view.actions()]


def test_settings_never_touch_the_real_location(private_settings):
    path = Path(QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Trazo", "Trazo").fileName())
    assert private_settings in path.parents


@pytest.mark.parametrize("width, height", [(1280, 720), (1366, 768)])
def test_the_first_window_fits_a_laptop_screen_status_bar_included(tmp_path, width, height):
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    environment = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}")
    result = subprocess.run([sys.executable, "-m", "tests.gui.first_window"], capture_output=True, text=True,
                            cwd=ROOT, env=environment, timeout=120)
    assert result.returncode == 0, result.stderr
    fit = json.loads(result.stdout.strip().splitlines()[-1])
    assert fit["screen"] == [width, height] and fit["on_screen"], fit
    assert all(fit["inside"].values()), fit["inside"]
    assert fit["minimum_width"] <= 1024, "long texts wrap or elide instead of widening the window"


def test_menu_shortcuts_work_from_a_text_field(window, qtbot, monkeypatch):
    exported = []
    monkeypatch.setattr(window.files, "export_report_dialog", lambda: exported.append(True))
    window.menus.export_report_action.triggered.disconnect()
    window.menus.export_report_action.triggered.connect(window.files.export_report_dialog)
    field = window.train_tab.form.widgets["hidden"]
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert exported == [True], "Ctrl+E exports from inside a text field"


def test_help_has_a_guide_and_about_gives_the_version(window, monkeypatch):
    from core.base.version import version
    from gui import guide
    from gui.main_menus import about_text

    titles = [action.text().replace("&", "") for action in window.menuBar().actions()[-1].menu().actions()]
    assert titles == ["How to use Trazo", "About Trazo"]
    assert f"Version {version()}" in about_text()
    assert f'version = "{version()}"' in (ROOT / "pyproject.toml").read_text()
    assert "Train" in guide.GUIDE and "report" in guide.GUIDE


def test_reports_and_new_models_are_suggested_outside_the_apps_folders(window):
    from gui.app_state import APP_FOLDER

    assert window.state.model_path.is_relative_to(APP_FOLDER)
    assert not window.files.users_folder().resolve().is_relative_to(APP_FOLDER)
