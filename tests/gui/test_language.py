"""Spanish and English: the locale's choice, View > Language at run time, Qt's own words, and numbers
typed with either decimal separator under any locale."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

from PySide6.QtCore import QLocale
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QMessageBox, QStyle, QStyleOptionComboBox

import numpy as np
import pytest

from core.base.i18n import current_language
from core.learning.model_io import load_model
from gui.app_state import AppState
from gui.main_window import MainWindow
from gui.stored_settings import LANGUAGE_KEY, app_settings
from gui.train_tab import TrainTab
from gui.translation import apply_language
from gui.window_placement import DEFAULT_SIZE
from tests.core.samples import ROOT
from tests.gui.conftest import QUICK_RUN, shown
from tools.visible_texts import english_left, english_words, visible_texts


@pytest.fixture(autouse=True)
def english_afterwards():
    """Each test leaves the process in English, as the other tests expect."""
    yield
    apply_language("en")
    QLocale.setDefault(QLocale.c())


def open_window(qtbot):
    window = shown(qtbot, MainWindow())
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    return window


def tab_titles(window) -> list[str]:
    return [window.tabs.tabText(index).replace("&", "") for index in range(window.tabs.count())]


def test_a_spanish_locale_opens_the_app_in_spanish(qtbot, monkeypatch):
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    window = open_window(qtbot)
    assert current_language() == "es"
    assert tab_titles(window) == ["Entrenar", "Probar", "Dibujar", "Interior"]
    menus = [action.text().replace("&", "") for action in window.menuBar().actions()]
    assert menus == ["Archivo", "Ejecutar", "Ver", "Ayuda"]
    assert window.train_tab.train_button.text() == "Entrenar"
    item = window.train_tab.plots.cost_plot.getPlotItem()
    assert item.titleLabel.text == "Costo por época" and item.getAxis("bottom").labelText == "época"
    assert window.train_tab.form.labels["learning_rate"].text() == "Tasa de aprendizaje:"


def clipped_choices(window) -> list[str]:
    """The choices of the Train tab's combos that would not show whole in their field."""
    clipped = []
    for combo in window.train_tab.form.findChildren(QComboBox):
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                             QStyle.SubControl.SC_ComboBoxEditField, combo).width()
        clipped += [combo.itemText(index) for index in range(combo.count())
                    if combo.fontMetrics().horizontalAdvance(combo.itemText(index)) > field]
    return clipped


@pytest.mark.parametrize("locale, then", [("en_US.UTF-8", "es"), ("es_MX.UTF-8", "en")])
def test_every_choice_of_the_settings_form_shows_whole_in_either_language(qtbot, monkeypatch, locale, then):
    monkeypatch.setenv("LANG", locale)
    window = open_window(qtbot)
    window.resize(*DEFAULT_SIZE)
    qtbot.wait(50)
    assert clipped_choices(window) == []
    window.set_language(then)       # the form's column follows the new texts
    qtbot.wait(50)
    assert clipped_choices(window) == []
    assert window.train_tab.settings_box.settings_scroll.width() <= 480


def test_qts_own_dialog_buttons_speak_the_interface_language(qtbot, monkeypatch):
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    window = open_window(qtbot)
    box = QMessageBox(QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.Save
                      | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, window)
    texts = {box.button(button).text().replace("&", "") for button in (
        QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Cancel)}
    assert texts == {"Guardar", "Descartar", "Cancelar"}
    window.set_language("en")
    box = QMessageBox(QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.Save, window)
    assert box.button(QMessageBox.StandardButton.Save).text().replace("&", "") == "Save"


@pytest.mark.parametrize("locale", ["C.UTF-8", "de_DE.UTF-8", "en_GB.UTF-8"])
def test_any_other_locale_opens_the_app_in_english(qtbot, monkeypatch, locale):
    monkeypatch.setenv("LANG", locale)
    window = open_window(qtbot)
    assert current_language() == "en" and tab_titles(window) == ["Train", "Test", "Draw", "Inside"]


def test_walking_every_visible_widget_in_spanish_finds_no_english_left(qtbot, monkeypatch):
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    window = open_window(qtbot)
    window.test_tab.run_test()
    window.draw_tab.put_test_digit(905)
    inside = window.inside_tab
    inside.select_unit(2, 3)
    inside.gradients.check_button.click()
    qtbot.waitUntil(lambda: not inside.checking(), timeout=60_000)
    train = window.train_tab
    for hidden in ((32,), (16,)):   # two runs, compared side by side
        train.set_settings(dataclasses.replace(QUICK_RUN, hidden=hidden, epochs=2))
        train.train_button.click()
        qtbot.waitUntil(lambda: not train.is_training(), timeout=20_000)
    train.session_runs.compare_button.click()
    texts = visible_texts(window)
    assert len(texts) > 120, "the walk reaches every tab"
    assert ("gradientCheckTable", "coincide") in texts and ("compareTable", "Corrida 2") in texts
    assert english_left(window) == []
    window.state.mark_saved(None)
    assert english_words("Probability of each digit") == ["Probability", "of", "each", "digit"], "the check works"


def test_switching_the_language_keeps_the_model_the_drawing_and_the_plots(qtbot):
    window = open_window(qtbot)
    window.train_tab.set_settings(QUICK_RUN)
    window.train_tab.train_button.click()
    qtbot.waitUntil(lambda: not window.train_tab.is_training(), timeout=20_000)
    window.tabs.setCurrentWidget(window.draw_tab)
    window.draw_tab.put_test_digit(917)
    model, ink = window.state.model, window.draw_tab.canvas.ink()
    curve = window.train_tab.plots.train_curve.getData()[1].copy()
    status = window.train_tab.epoch_figures.text()
    spanish = window.findChild(type(window.menus.language_actions.actions()[0]), "language_es")
    spanish.trigger()
    assert current_language() == "es" and spanish.isChecked()
    assert tab_titles(window) == ["Entrenar", "Probar", "Dibujar", "Interior"]
    assert window.state.model is model and window.state.unsaved and window.isWindowModified()
    np.testing.assert_array_equal(window.draw_tab.canvas.ink(), ink)
    np.testing.assert_array_equal(window.train_tab.plots.train_curve.getData()[1], curve)
    assert window.train_tab.epoch_figures.text() != status and "épocas" in window.train_tab.epoch_figures.text()
    assert "seguridad" in window.draw_tab.confidence.text() or "segura" in window.draw_tab.confidence.text()
    assert app_settings().value(LANGUAGE_KEY) == "es", "remembered for the next start"
    window.state.mark_saved(None)


def test_the_remembered_language_wins_over_the_locale(qtbot, monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")
    stored = app_settings()
    stored.setValue(LANGUAGE_KEY, "es")
    stored.sync()
    window = open_window(qtbot)
    assert tab_titles(window)[0] == "Entrenar"


@pytest.mark.parametrize("locale", ["es_ES", "de_DE", "es_MX", "en_US"])
@pytest.mark.parametrize("typed, field, value", [
    ("0.1", "learning_rate", 0.1), ("0,1", "learning_rate", 0.1),
    ("1.5", "thickness", 1.5), ("1,5", "thickness", 1.5),
])
def test_typed_decimals_mean_what_was_typed_under_every_locale(qtbot, locale, typed, field, value):
    """The Train tab alone: a window would set the default locale to its language's, over the one set here."""
    QLocale.setDefault(QLocale(locale))
    tab = shown(qtbot, TrainTab(AppState()))
    assert QLocale().name() == QLocale(locale).name()
    widget = tab.form.widgets[field]
    widget.clear()
    QTest.keyClicks(widget, typed)
    assert widget.text() == typed, "what was typed stays as typed"
    assert tab.settings().__getattribute__(field) == value


def test_an_unreadable_number_marks_the_field_and_disables_train_with_the_reason(qtbot):
    window = open_window(qtbot)
    tab = window.train_tab
    widget = tab.form.widgets["learning_rate"]
    widget.clear()
    QTest.keyClicks(widget, "0.1.5")
    assert widget.property("invalid") is True and "Learning rate = 0.1.5" in widget.toolTip()
    assert not tab.train_button.isEnabled() and "Learning rate = 0.1.5" in tab.settings_problem.text()
    assert widget.text() == "0.1.5", "never replaced silently"


@pytest.mark.parametrize("locale", ["es_ES.UTF-8", "de_DE.UTF-8"])
def test_the_model_file_records_the_typed_values(qtbot, monkeypatch, tmp_path, locale):
    monkeypatch.setenv("LC_ALL", locale)
    QLocale.setDefault(QLocale(locale.split(".")[0]))
    window = open_window(qtbot)
    tab = window.train_tab
    tab.set_settings(dataclasses.replace(QUICK_RUN, optimizer="sgd"))
    for field, typed in (("augment", None), ("learning_rate", "0,1"), ("thickness", "1,5")):
        widget = tab.form.widgets[field]
        if typed is None:
            widget.setChecked(True)
            continue
        widget.clear()
        QTest.keyClicks(widget, typed)
    tab.train_button.click()
    qtbot.waitUntil(lambda: not tab.is_training(), timeout=30_000)
    assert window.files.save_model_file(tmp_path / "typed.npz")
    settings = load_model(tmp_path / "typed.npz").settings
    assert window.state.model.provenance.epochs_run == QUICK_RUN.epochs, "the trained model, not the shipped one"
    assert (settings.learning_rate, settings.thickness) == (0.1, 1.5)


@pytest.mark.parametrize("environment, rate_line", [
    ({"LANG": "es_MX.UTF-8"}, "Tasa de reconocimiento: 99.00% (99/100)"),
    ({"LANG": "C.UTF-8"}, "Recognition rate: 99.00% (99/100)"),
    ({"LANG": "es_MX.UTF-8", "ARGS": "--lang en"}, "Recognition rate: 99.00% (99/100)"),
    ({"LANG": "C.UTF-8", "ARGS": "--lang es"}, "Tasa de reconocimiento: 99.00% (99/100)"),
])
def test_the_command_line_speaks_the_locales_language_unless_told(monkeypatch, environment, rate_line):
    for name, value in environment.items():
        if name != "ARGS":
            monkeypatch.setenv(name, value)
    args = environment.get("ARGS", "").split()
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "test", *args], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert rate_line in result.stdout.splitlines()


def test_the_command_lines_help_and_errors_are_spanish(monkeypatch):
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    help_text = subprocess.run([sys.executable, str(ROOT / "main.py"), "train", "--help"], capture_output=True,
                               text=True, cwd=ROOT, timeout=120).stdout
    assert help_text.startswith("uso: ") and "opciones:" in help_text and "Tasa de" not in help_text
    assert "muestra esta ayuda y termina" in help_text and "receta incluida: 120" in help_text
    error = subprocess.run([sys.executable, str(ROOT / "main.py"), "train", "--epochs", "0"], capture_output=True,
                           text=True, cwd=ROOT, timeout=120)
    assert error.returncode == 2 and "Épocas = 0: se espera un número entero de 1 a 100000" in error.stderr
