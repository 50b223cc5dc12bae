"""Teach it your hand: the right digit for a drawing, the user's collection, Teach, Revert."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

import numpy as np
import pytest

from core.learning.data import load_dataset
from core.learning.model_io import load_model
from gui.main_window import MainWindow
from gui.user_files import COLLECTION_NAME, TAUGHT_READER_NAME
from tests.core.samples import DRAW_MODEL_FILE
from tests.gui.conftest import shown


@pytest.fixture(autouse=True)
def one_epoch_of_teaching(monkeypatch):
    """Teach runs one epoch here: these tests are about the panel; tests/core/services/test_teach.py tests
    what Teach learns."""
    from core.services import teach as teach_module

    monkeypatch.setattr(teach_module, "EPOCHS", 1)


@pytest.fixture
def tab(window):
    window.tabs.setCurrentWidget(window.draw_tab)
    return window.draw_tab


def draw_test_digit(tab, row: int) -> np.ndarray:
    tab.put_test_digit(row)
    return tab.network_input.copy()


def test_the_right_digit_adds_the_drawing_to_the_users_digits_in_the_data_format(tab, qtbot, private_user_folder):
    drawing = draw_test_digit(tab, 905)
    qtbot.mouseClick(tab.findChild(QPushButton, "labelButton3"), Qt.MouseButton.LeftButton)
    assert tab.canvas.is_blank(), "the canvas is ready for the next digit"
    file = private_user_folder / COLLECTION_NAME
    data = load_dataset(file)
    assert list(data.labels) == [3] and np.allclose(data.pixels[0], drawing, atol=1 / 255)
    draw_test_digit(tab, 906)
    tab.canvas.setFocus()
    qtbot.keyClick(tab.canvas, Qt.Key.Key_7)
    assert list(load_dataset(file).labels) == [3, 7]
    view = tab.findChild(type(tab.teach_panel.grid), "myDigitsView")
    assert view.captions() == ["3", "7"] and "(2)" in tab.teach_panel.collection_view.title()


def test_a_blank_canvas_adds_nothing(tab, private_user_folder):
    tab.canvas.clear()
    tab.findChild(QPushButton, "labelButton1").click()
    assert len(tab.teach_panel.collection) == 0 and "Draw a digit first" in tab.teach_panel.message.text()


def test_the_collection_can_be_relabelled_deleted_and_exported_for_data(tab, tmp_path, private_user_folder):
    panel = tab.teach_panel
    for row, digit in ((905, 5), (906, 6), (907, 7)):
        draw_test_digit(tab, row)
        panel.add(digit)
    panel.grid.setCurrentRow(1)
    panel.relabel_selected(1)
    panel.grid.setCurrentRow(0)
    panel.delete_selected()
    assert list(panel.collection.labels) == [1, 7] and panel.grid.captions() == ["1", "7"]
    assert panel.export(tmp_path / "mine.txt")
    exported = load_dataset(tmp_path / "mine.txt")
    assert list(exported.labels) == [1, 7] and exported.pixels.shape == (2, 784)


def test_teach_fine_tunes_the_reader_in_a_thread_and_revert_restores_its_exact_answers(window, qtbot,
                                                                                       private_user_folder):
    tab, panel = window.draw_tab, window.draw_tab.teach_panel
    shipped = window.state.draw_model
    rows = window.state.data.pixels[900:1000]
    for row in (901, 902, 903, 904, 905, 906):
        draw_test_digit(tab, row)
        panel.add(int(window.state.data.labels[row]))
    assert not panel.findChild(QPushButton, "revertReaderButton").isEnabled()
    panel.findChild(QPushButton, "teachButton").click()
    assert panel.is_teaching() and not panel.progress.isHidden()
    qtbot.waitUntil(lambda: not panel.is_teaching(), timeout=180_000)
    taught = window.state.draw_model
    assert taught is not shipped and taught.provenance.taught_digits == 6
    assert window.state.draw_model_path == private_user_folder / TAUGHT_READER_NAME
    assert load_model(private_user_folder / TAUGHT_READER_NAME).provenance.taught_digits == 6
    message = panel.message.text()
    assert "Your digits:" in message and "Test rows 900-999:" in message
    assert "Then taught 6 digits of yours" in tab.reader_info.text()
    assert not np.array_equal(taught.network.probabilities(rows), shipped.network.probabilities(rows))
    panel.findChild(QPushButton, "revertReaderButton").click()
    assert window.state.draw_model_path == DRAW_MODEL_FILE
    np.testing.assert_array_equal(window.state.draw_model.network.probabilities(rows),
                                  shipped.network.probabilities(rows))
    assert not (private_user_folder / TAUGHT_READER_NAME).exists()


def test_the_users_digits_and_taught_reader_survive_a_restart(qtbot, private_user_folder):
    first = shown(qtbot, MainWindow())
    qtbot.waitUntil(lambda: first.state.data is not None, timeout=20_000)
    panel = first.draw_tab.teach_panel
    for row in (910, 911):
        first.draw_tab.put_test_digit(row)
        panel.add(int(first.state.data.labels[row]))
    panel.start_teaching()
    qtbot.waitUntil(lambda: not panel.is_teaching(), timeout=180_000)
    first.close()
    second = shown(qtbot, MainWindow())
    assert len(second.draw_tab.teach_panel.collection) == 2
    assert second.state.draw_model_path == private_user_folder / TAUGHT_READER_NAME
    assert second.draw_tab.reader() is second.state.draw_model
    assert MainWindow(taught_reader=False).state.draw_model_path == DRAW_MODEL_FILE, "benchmarks read untaught"


def test_teach_that_needs_more_memory_than_there_is_is_refused_with_the_figures_not_a_memory_error(
        window, qtbot, monkeypatch, private_user_folder, error_dialogs):
    from core.services import runs
    from core.services import teach as teach_module

    monkeypatch.setattr(runs, "available_memory", lambda: 256 * 2**20)
    monkeypatch.setattr(teach_module, "memory_needed_to_teach", lambda network, count: 3 * 2**30)
    panel = window.draw_tab.teach_panel
    draw_test_digit(window.draw_tab, 905)
    panel.add(3)
    shipped = window.state.draw_model
    panel.start_teaching()
    qtbot.waitUntil(lambda: not panel.is_teaching(), timeout=180_000)
    assert error_dialogs == [("Teach", "teaching your 1 digit needs about 3.0 GiB of memory but 256 MiB is available; "
                                       "close other programs and teach again", "The drawing reader stays as it was.")]
    assert window.state.draw_model is shipped and not (private_user_folder / TAUGHT_READER_NAME).exists()


def percent(network, collection) -> str:
    from core.services.teach import _rate_on_drawings

    return f"{100 * _rate_on_drawings(network, collection):.0f}%"


def test_teach_teaches_the_current_model_when_it_reads_and_never_switches_the_reader(window, qtbot,
                                                                                    private_user_folder):
    from tests.gui.test_main_window import finish_quick_run

    finish_quick_run(window, qtbot)      # the student's own model: small, and wrong on some test digits
    tab, panel = window.draw_tab, window.draw_tab.teach_panel
    window.tabs.setCurrentWidget(tab)
    assert tab.reader_combo.currentIndex() == 1 and tab.reader() is window.state.model
    own, drawing_reader = window.state.model, window.state.draw_model
    misread = []
    for row in range(900, 1000):
        draw_test_digit(tab, row)
        if tab.probabilities.argmax() != window.state.data.labels[row]:
            panel.add(int(window.state.data.labels[row]))
            misread.append(row)
        if len(misread) == 3:
            break
    assert len(misread) == 3, "the quick model misreads some test digits"
    before = percent(own.network, panel.collection)
    assert before != percent(drawing_reader.network, panel.collection), "the two readers read them differently"
    panel.findChild(QPushButton, "teachButton").click()
    qtbot.waitUntil(lambda: not panel.is_teaching(), timeout=180_000)
    taught = window.state.model
    assert taught is not own and taught.provenance.taught_digits == 3
    assert tab.reader_combo.currentIndex() == 1 and tab.reader() is taught, "the reader stays the one chosen"
    assert window.state.draw_model is drawing_reader and not (private_user_folder / TAUGHT_READER_NAME).exists()
    assert window.state.unsaved and window.isWindowModified() and "new model" in window.windowTitle()
    message = panel.message.text()
    assert "current model learned your digits" in message and "unsaved" in message
    assert f"Your digits: {before} read right before, {percent(taught.network, panel.collection)} now" in message
    assert window.files.save_model_file(private_user_folder / "taught-own.npz")
    assert load_model(private_user_folder / "taught-own.npz").provenance.taught_digits == 3


def test_teach_teaches_the_drawing_reader_when_it_reads_and_leaves_the_current_model(window, qtbot,
                                                                                    private_user_folder):
    tab, panel = window.draw_tab, window.draw_tab.teach_panel
    assert tab.reader_combo.currentIndex() == 0 and tab.reader() is window.state.draw_model
    current, drawing_reader = window.state.model, window.state.draw_model
    for row in (907, 908):
        draw_test_digit(tab, row)
        panel.add((int(window.state.data.labels[row]) + 1) % 10)   # a label the reader does not read yet
    before = percent(drawing_reader.network, panel.collection)
    panel.start_teaching()
    qtbot.waitUntil(lambda: not panel.is_teaching(), timeout=180_000)
    taught = window.state.draw_model
    assert taught is not drawing_reader and tab.reader_combo.currentIndex() == 0 and tab.reader() is taught
    assert window.state.model is current and not window.state.unsaved
    assert window.state.draw_model_path == private_user_folder / TAUGHT_READER_NAME
    message = panel.message.text()
    assert "drawing reader learned your digits" in message
    assert f"Your digits: {before} read right before, {percent(taught.network, panel.collection)} now" in message


def test_a_model_replaced_while_teaching_is_kept_and_the_taught_one_dropped(window, qtbot, error_dialogs):
    from tests.core.samples import MODEL_FILE
    from tests.gui.test_main_window import finish_quick_run

    finish_quick_run(window, qtbot)
    tab, panel = window.draw_tab, window.draw_tab.teach_panel
    draw_test_digit(tab, 905)
    panel.add(3)
    panel.start_teaching()
    assert panel.is_teaching()
    assert window.files.open_model_file(MODEL_FILE)      # the unsaved run's model is discarded (the fixture's answer)
    opened = window.state.model
    qtbot.waitUntil(lambda: not panel.is_teaching(), timeout=180_000)
    assert window.state.model is opened and not window.state.unsaved
    (title, problem, advice), = error_dialogs
    assert title == "Teach" and "changed while it was being taught" in problem
