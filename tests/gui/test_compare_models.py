"""File > Compare model files..., the Train form showing an opened model's settings, and the Test tab's check
of the test rows, with real model files (tests/core/class_models.py)."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QFileDialog

import pytest

from core.learning.model_io import load_model
from core.learning.settings import RECIPES, TrainingSettings
from gui.compare_runs import CompareRunsDialog
from gui.main_window import MainWindow
from gui.test_tab import FLAGGED_COLOUR
from gui.translation import apply_language
from tests.core.class_models import FORGED, SHORT_SHIPPED_EPOCHS
from tests.gui.conftest import shown

pytestmark = pytest.mark.xdist_group("class_folder")   # one worker makes the class's files, once

SHORT_SHIPPED = f"shipped-{SHORT_SHIPPED_EPOCHS}-epochs-seed0.npz"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    apply_language("en")
    QLocale.setDefault(QLocale.c())


def pick_files(monkeypatch, paths):
    """The next file dialog of several files answers `paths`."""
    asked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *args: (asked.append(args), ([str(path) for path in paths], ""))[1])
    return asked


def compared(window) -> CompareRunsDialog:
    dialog = window.findChild(CompareRunsDialog, "compareModelsDialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def table(dialog) -> dict[str, list[str]]:
    """The comparison table by row label: a value per model."""
    table = dialog.table
    return {table.item(row, 0).text(): [table.item(row, column).text() for column in range(1, table.columnCount())]
            for row in range(table.rowCount())}


def test_file_compare_model_files_shows_real_files_side_by_side(window, class_folder, monkeypatch, error_dialogs,
                                                               tmp_path):
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a model")
    names = ["assignment-seed0.npz", SHORT_SHIPPED, FORGED]
    pick_files(monkeypatch, [class_folder / name for name in names] + [broken])
    assert window.menus.compare_models_action.isEnabled()
    window.menus.compare_models_action.trigger()
    dialog = compared(window)
    assert dialog.windowTitle() == "Compare model files"
    assert [dialog.table.horizontalHeaderItem(column).text() for column in range(4)] == ["Setting", *names]
    curves = dialog.plot.getPlotItem().listDataItems()
    assert len(curves) == 6, "a training and a test curve per model"
    assert len(curves[0].getData()[0]) == 40 and len(curves[2].getData()[0]) == SHORT_SHIPPED_EPOCHS
    marked = dialog.marked_settings()
    assert {"Hidden layers", "Optimiser", "Learning rate", "Epochs", "Mini-batch size"} <= set(marked)
    assert "Training rows" not in marked, "the forged file says 0:900 like the others"
    labels = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    assert labels[:len(marked)] == marked, "the differences come first"
    rows = table(dialog)
    assert rows["Test recognition rate"][2] == "100.00%"
    assert rows["Rate on unseen rows"][2].startswith("92.") and rows["Rate on unseen rows"][2].endswith("(1000:5000)")
    assert rows["Check of the test rows"][2].startswith("SUSPECT")
    assert all(verdict.startswith("no sign") for verdict in rows["Check of the test rows"][:2])
    (title, problem, advice), = error_dialogs
    assert str(broken) in problem and "compared without them" in advice


def test_the_comparison_speaks_spanish_when_the_language_changes(window, class_folder, monkeypatch):
    pick_files(monkeypatch, [class_folder / "assignment-seed0.npz", class_folder / FORGED])
    window.files.compare_models_dialog()
    window.set_language("es")
    dialog = compared(window)
    assert dialog.windowTitle() == "Comparar archivos de modelo"
    rows = table(dialog)
    assert "Capas ocultas" in rows and rows["Revisión de las filas de prueba"][1].startswith("SOSPECHOSO")


def test_nothing_to_compare_is_a_dialog_and_no_window(window, tmp_path, monkeypatch, error_dialogs):
    empty = tmp_path / "empty.npz"
    empty.write_bytes(b"")
    pick_files(monkeypatch, [empty])
    window.files.compare_models_dialog()
    assert window.findChild(CompareRunsDialog, "compareModelsDialog") is None
    (title, problem, advice), = error_dialogs
    assert str(empty) in problem and "saved by Trazo" in advice


def test_opening_a_model_shows_the_settings_it_was_trained_with(window, class_folder):
    tab = window.train_tab
    tab.set_settings(TrainingSettings(learning_rate=0.05, train_rows=((0, 300),), batch_size=64))
    path = class_folder / "assignment-seed1.npz"
    assert window.files.open_model_file(path)
    assert tab.settings() == load_model(path).settings == RECIPES["assignment"].with_changes(seed=1)
    assert tab.form.widgets["learning_rate"].text() == "0.3" and tab.form.widgets["train_rows"].text() == "0:900"


def test_a_model_named_on_the_command_line_shows_its_settings_and_the_shipped_one_the_stored_ones(qtbot,
                                                                                                   class_folder):
    chosen = shown(qtbot, MainWindow(model_path=class_folder / SHORT_SHIPPED))
    assert chosen.train_tab.settings().epochs == SHORT_SHIPPED_EPOCHS and chosen.train_tab.settings().seed == 0
    chosen.train_tab.form.widgets["epochs"].setText("7")
    chosen.close()
    again = shown(qtbot, MainWindow())
    assert again.train_tab.settings().epochs == 7, "the app's own model leaves the form as the user left it"


def test_the_test_tab_flags_the_forged_model_and_not_the_shipped_one(window, qtbot, class_folder):
    window.tabs.setCurrentWidget(window.test_tab)
    tab = window.test_tab
    qtbot.waitUntil(lambda: tab.evaluation is not None)
    assert tab.check_label.text().startswith("No sign that it trained on the test rows.")
    assert "(1000:5000)" in tab.check_label.text() and FLAGGED_COLOUR not in tab.check_label.styleSheet()
    window.files.open_model_file(class_folder / FORGED)
    qtbot.waitUntil(lambda: tab.accuracy_label.text() == "100.00%")
    assert tab.check_label.text().startswith("SUSPECT") and FLAGGED_COLOUR in tab.check_label.styleSheet()
    assert "learning rate 0.3 (constant)" in tab.model_summary.text() and "mini-batch 8" in tab.model_summary.text()
    window.set_language("es")
    assert tab.check_label.text().startswith("SOSPECHOSO")
