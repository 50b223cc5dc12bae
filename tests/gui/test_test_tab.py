import re
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

import numpy as np
import pytest

from core.learning.data import column_major_to_image, load_dataset
from core.learning.evaluation import evaluate
from core.learning.model import Model
from core.learning.model_io import load_model, save_model
from tests.core.samples import DATA_FILE, MODEL_FILE, ROOT


@pytest.fixture(scope="module")
def cli_rate():
    """('98.00', '98', '100') as `python main.py test` prints them."""
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "test"], capture_output=True, text=True,
                            timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return re.search(r"Recognition rate: (\d+\.\d\d)% \((\d+)/(\d+)\)", result.stdout).groups()


@pytest.fixture
def tab(window, qtbot):
    """The Test tab after it was shown for the first time (which runs the test)."""
    window.tabs.setCurrentWidget(window.test_tab)
    qtbot.waitUntil(lambda: window.test_tab.evaluation is not None)
    return window.test_tab


@pytest.fixture(scope="module")
def expected():
    """The shipped data and the shipped model's evaluation on rows 900-999, computed by the core."""
    data = load_dataset(DATA_FILE)
    return data, evaluate(load_model(MODEL_FILE).network, *data.rows((900, 1000)), first_row=900)


def test_the_test_runs_by_itself_when_the_tab_first_shows(window, qtbot):
    assert window.test_tab.evaluation is None, "nothing runs while the tab is hidden"
    window.tabs.setCurrentWidget(window.test_tab)
    qtbot.waitUntil(lambda: window.test_tab.evaluation is not None)
    assert window.test_tab.accuracy_label.text().endswith("%")


def test_rate_equals_the_command_lines(tab, cli_rate):
    percent, correct, total = cli_rate
    assert tab.accuracy_label.text() == f"{percent}%"
    assert tab.correct_label.text().startswith(f"{correct} / {total} ")


def test_shows_the_model_file_and_summary(tab):
    assert "model.npz" in tab.model_file.text()
    assert tab.model_summary.text() == load_model(MODEL_FILE).training_summary()
    for setting in ("learning rate 0.002 (cosine decay to zero)", "mini-batch 32", "120 epochs", "rows 0:900",
                    "Adam", "seed 0", "random distortions"):
        assert setting in tab.model_summary.text(), setting


def test_grid_has_one_captioned_tile_per_error(tab, expected):
    _, evaluation = expected
    assert tab.grid.count() == len(evaluation.misclassified) == evaluation.total - evaluation.correct
    for caption, index in zip(tab.grid.captions(), evaluation.misclassified, strict=True):
        label, predicted = evaluation.labels[index], evaluation.predictions[index]
        assert re.fullmatch(rf"{label} → {predicted} \(\d+%\)", caption), caption
        assert caption.endswith(f"({100 * evaluation.confidence(index):.0f}%)")


def test_tiles_show_the_digits_upright(tab, expected):
    data, evaluation = expected
    for tile, index in enumerate(evaluation.misclassified):
        image = tab.grid.item(tile).icon().pixmap(56, 56).toImage()
        shown = np.array([[QColor(image.pixel(2 * column, 2 * row)).red() for column in range(28)]
                          for row in range(28)])
        upright = column_major_to_image(data.pixels[900 + index])
        ink = 255 - np.rint(upright * 255)
        assert np.abs(shown - ink).max() <= 1, "tile pixel [row, column] is the digit's pixel [row, column]"
        assert np.abs(shown - ink.T).max() > 50, "and not the transposed one"


def test_clicking_a_tile_shows_its_ten_probabilities(tab, qtbot, expected):
    _, evaluation = expected
    assert tab.selected_bars.probabilities() is None
    tile = len(evaluation.misclassified) - 1
    rect = tab.grid.visualItemRect(tab.grid.item(tile))
    qtbot.mouseClick(tab.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    index = evaluation.misclassified[tile]
    np.testing.assert_allclose(tab.selected_bars.probabilities(), evaluation.probabilities[index], rtol=1e-6)
    assert f"Row {900 + index}" in tab.selected_caption.text()


def test_confusion_map_holds_the_matrix_and_zero_cells_are_white(tab, expected):
    _, evaluation = expected
    np.testing.assert_array_equal(tab.confusion_map.matrix(), evaluation.confusion)
    zero = np.argwhere(evaluation.confusion == 0)[0]
    assert tab.confusion_map.cell_colour_at(*zero) == QColor(Qt.GlobalColor.white)
    one_mistake = np.argwhere((evaluation.confusion == 1) & ~np.eye(10, dtype=bool))[0]
    assert tab.confusion_map.cell_colour_at(*one_mistake).lightness() < 235, "a single mistake is visible"


def test_other_rows_and_a_bad_range(tab, error_dialogs, expected):
    data, _ = expected
    tab.rows_edit.setText("1000:1200")
    tab.run_button.click()
    assert tab.evaluation.total == 200 and tab.evaluation.first_row == 1000
    assert tab.correct_label.text().startswith(f"{tab.evaluation.correct} / 200 ")
    tab.rows_edit.setText("4900:6000")
    tab.run_button.click()
    assert tab.evaluation.total == 200, "the last result stays"
    (title, problem, advice), = error_dialogs
    assert "only 5000 rows" in problem


def test_a_new_model_is_tested_at_once(window, tab, tmp_path):
    window.files.open_model_file(MODEL_FILE)  # same file again: the tab re-runs on it
    first = tab.evaluation
    network = load_model(MODEL_FILE).network
    network.weights[-1][:] = 0  # every digit gets the same (bias-only) answer
    network.biases[-1][:] = np.arange(10)
    save_model(Model(network), tmp_path / "nine.npz")
    assert window.files.open_model_file(tmp_path / "nine.npz")
    assert tab.evaluation is not first
    assert set(tab.evaluation.predictions) == {9}
    assert "nine.npz" in tab.model_file.text()


def test_model_file_is_shown_relative_to_the_app(window):
    text = window.findChild(QLabel, "modelFileLabel").text()
    assert "resources/model.npz" in text
    assert str(ROOT) not in text, "no absolute path of the app's own files"


def test_the_accuracy_per_digit_agrees_with_the_confusion_matrix(tab, expected):
    _, evaluation = expected
    matrix, recall = tab.confusion_map.matrix(), tab.confusion_map.recall()
    np.testing.assert_array_equal(matrix, evaluation.confusion)
    totals = matrix.sum(axis=1)
    for digit in range(10):
        assert recall[digit] == pytest.approx(matrix[digit, digit] / totals[digit]), f"digit {digit}"
        assert tab.confusion_map.recall_texts()[digit] == f"{100 * matrix[digit, digit] / totals[digit]:.0f}%"
    worst = int(np.argmin(recall))
    assert recall[worst] < 1.0 and matrix[worst].sum() > matrix[worst, worst], "the digit with a mistake"


def test_the_threshold_trades_coverage_for_accuracy_as_it_moves(tab, expected):
    _, evaluation = expected
    figures = {}
    for percent in (0, 60, 95, 99):
        tab.threshold_slider.setValue(percent)
        coverage, accuracy = evaluation.at_threshold(percent / 100)
        answered = round(coverage * 100)
        assert tab.threshold_value.text() == f"{percent}%"
        assert tab.threshold_figures.text() == (
            f"Answered {answered} of 100 digits (coverage {100 * coverage:.1f}%), {100 * accuracy:.1f}% of them "
            f"right; {100 - answered} not sure.")
        assert tab.threshold_line.value() == percent
        figures[percent] = coverage, accuracy
    assert figures[0] == (1.0, evaluation.rate), "no threshold: every answer counts"
    coverages = [figures[p][0] for p in (0, 60, 95, 99)]
    accuracies = [figures[p][1] for p in (0, 60, 95, 99)]
    assert coverages == sorted(coverages, reverse=True) and coverages[-1] < 1.0, "fewer answers"
    assert accuracies[-1] >= accuracies[0], "but surer ones"
    x, y = tab.coverage_curve.getData()
    assert len(x) == 100 and y[0] == 100.0 and y[99] == pytest.approx(100 * evaluation.at_threshold(0.99)[0])
