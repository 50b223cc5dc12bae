"""The app with text from other people's files and names at the edges (issue: nothing lost, round 3).

Text from a model or data file, and a file's name, is shown as text in every label, dialog and tooltip:
never as HTML (which Qt would render, and for an <img> even read a file for). The Test tab warns when
it tests rows the model learned from; the Draw tab's Test digit button never fails on a short file;
every message is in the interface's language.
"""

from __future__ import annotations

import stat

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

import pytest

from core.learning.model_io import load_model
from gui import dialogs
from gui.main_window import MainWindow
from gui.report_dialog import save_report
from tests.core.hostile_models import metadata_with
from tests.core.samples import DATA_FILE, MODEL_FILE
from tests.gui.conftest import shown

# Markup that Qt would render, or act on, if a label guessed it was rich text. The image does not exist:
# with the old code it would be looked for, and /dev/zero in its place would end the app.
MARKUP = '<img src="no-such-image.png"><h1>BIG</h1><a href="http://x">link</a>'
NAME_MARKUP = '<img src="no-such-image.png"><h1>BIG'      # a file's name holds no "/"


def open_data_and_wait(window, qtbot, path):
    window.files.open_data_file(path)
    qtbot.waitUntil(lambda: not window.data_loading.is_loading() and window.state.data is not None, timeout=20_000)


def first_rows(folder, count: int, name: str = "short.txt"):
    path = folder / name
    path.write_bytes(b"".join(DATA_FILE.read_bytes().splitlines(keepends=True)[:count]))
    return path


def rendered_markup(window) -> list[str]:
    """Each label that would render MARKUP's tags rather than show them, by object name and text."""
    found = []
    for label in window.findChildren(QLabel):
        text, format_ = label.text(), label.textFormat()
        if format_ == Qt.TextFormat.AutoText:
            found.append(f"{label.objectName()} guesses its format: {text[:60]!r}")
        elif format_ == Qt.TextFormat.RichText and any(tag in text for tag in ("<img", "<h1>", "<a ")):
            found.append(f"{label.objectName()} renders {text[:60]!r}")
    return found


@pytest.fixture
def hostile_window(qtbot, tmp_path):
    """A window on a model whose file name and metadata hold markup, and on a data file named so too."""
    model = tmp_path / "<b>x<\u202eb>.npz"
    model.write_bytes(metadata_with(data_file=MARKUP + "\x1b[2J"))
    window = shown(qtbot, MainWindow(data_path=first_rows(tmp_path, 1000, "<h1>data.txt"), model_path=model))
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    yield window
    window.train_tab.shutdown()
    window.data_loading.shutdown()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_label_renders_markup_from_a_model_or_a_file_name(hostile_window, lang):
    window = hostile_window
    window.set_language(lang)
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
    assert window.state.model.provenance.data_file.startswith(MARKUP)
    assert rendered_markup(window) == []
    summary = window.test_tab.model_summary
    assert MARKUP + "\\x1b[2J" in summary.text() and summary.textFormat() == Qt.TextFormat.PlainText
    name = window.test_tab.model_file
    assert name.textFormat() == Qt.TextFormat.RichText, "bold on purpose, with the name escaped"
    assert "<b>&lt;b&gt;x&lt;\u202eb&gt;.npz</b>" in name.text()
    assert window.data_status.text().startswith("<h1>data.txt")
    assert window.data_status.textFormat() == Qt.TextFormat.PlainText


def test_an_error_box_shows_a_message_quoting_markup_as_text(qtbot):
    box = dialogs.error_box(None, "Open data", f"{MARKUP}.txt, line 1: 3 values", "Choose another file.")
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text() == f"{MARKUP}.txt, line 1: 3 values\n\nChoose another file."


@pytest.mark.parametrize("lang, words", [("en", "line 1: 3 values, expected 785 (784 pixels and the label)"),
                                         ("es", "línea 1: 3 valores, se esperan 785 (784 píxeles y la etiqueta)")])
def test_a_bad_data_file_named_with_markup_is_a_dialog_in_the_users_language(window, qtbot, tmp_path, error_dialogs,
                                                                             lang, words):
    window.set_language(lang)
    bad = tmp_path / f"{NAME_MARKUP}.txt"
    bad.write_text("1,2,3\n")
    data = window.state.data
    window.files.open_data_file(bad)
    qtbot.waitUntil(lambda: len(error_dialogs) == 1, timeout=20_000)
    (title, problem, advice), = error_dialogs
    assert f"{NAME_MARKUP}.txt, {words}" in problem and window.state.data is data
    assert bad.read_text() == "1,2,3\n"


def test_a_setting_typed_as_markup_is_shown_as_text_in_its_tooltip(window):
    field = window.train_tab.form.widgets["epochs"]
    field.setText('<img src="no-such-image.png">')
    assert '<img src="no-such-image.png">' not in field.toolTip()
    assert 'Epochs = &lt;img src=&quot;no-such-image.png&quot;&gt;: expected' in field.toolTip().replace('"', "&quot;")
    assert rendered_markup(window) == []


@pytest.mark.parametrize("lang, warning", [
    ("en", "Warning: the test rows 0:100 overlap the rows 0:900 this model was trained on, so the rate is optimistic"),
    ("es", "Atención: las filas de prueba 0:100 se solapan con las filas 0:900 con las que se entrenó este modelo"),
])
def test_the_test_tab_warns_when_it_tests_the_models_own_training_rows(window, lang, warning):
    window.set_language(lang)
    tab = window.test_tab
    window.tabs.setCurrentWidget(tab)
    tab.rows_edit.setText("0:100")
    tab.run_test()
    assert tab.evaluation.total == 100 and not tab.overlap_warning.isHidden()
    assert tab.overlap_warning.text().startswith(warning)
    tab.rows_edit.setText("900:1000")
    tab.run_test()
    assert tab.overlap_warning.isHidden() and tab.overlap_warning.text() == ""


@pytest.mark.parametrize("lang, tip", [
    ("en", "The data file has 900 rows, and the test rows start at row 900"),
    ("es", "El archivo de datos tiene 900 filas, y las filas de prueba empiezan en la fila 900"),
])
def test_test_digit_is_disabled_with_the_reason_when_the_file_stops_before_the_test_rows(window, qtbot, tmp_path,
                                                                                          lang, tip):
    window.set_language(lang)
    draw = window.draw_tab
    open_data_and_wait(window, qtbot, first_rows(tmp_path, 900))
    qtbot.waitUntil(lambda: len(window.state.data) == 900)
    assert not draw.test_digit_button.isEnabled() and tip in draw.test_digit_button.toolTip()
    assert draw.put_test_digit() is None, "nothing raised, nothing drawn"
    window.test_tab.rows_edit.setText("800:900")       # test rows the file has: the button works again
    window.test_tab.run_test()
    assert draw.test_digit_button.isEnabled()
    assert 800 <= draw.put_test_digit() < 900


def test_test_digit_picks_from_the_test_rows_a_short_file_has(window, qtbot, tmp_path):
    open_data_and_wait(window, qtbot, first_rows(tmp_path, 950))
    qtbot.waitUntil(lambda: len(window.state.data) == 950)
    assert window.draw_tab.test_digit_button.isEnabled()
    assert {window.draw_tab.put_test_digit() for _ in range(50)} <= set(range(900, 950))


@pytest.mark.parametrize("lang, words", [("en", "the file is write-protected (read-only), so it is not replaced"),
                                         ("es", "el archivo está protegido contra escritura (solo lectura)")])
def test_exporting_over_a_write_protected_report_is_a_dialog_and_the_file_stays(dataset, tmp_path, error_dialogs,
                                                                               interface_language, lang, words):
    interface_language(lang)
    folder = tmp_path / "reports"
    folder.mkdir()
    kept = folder / "kept.html"
    kept.write_bytes(b"my notes")
    kept.chmod(0o444)
    assert save_report(None, load_model(MODEL_FILE), "model.npz", dataset, (900, 1000), "en", kept) is None
    (title, problem, advice), = error_dialogs
    assert words in problem
    assert kept.read_bytes() == b"my notes" and stat.S_IMODE(kept.stat().st_mode) == 0o444
    assert [path.name for path in folder.iterdir()] == ["kept.html"]


def test_saving_over_a_write_protected_model_is_a_dialog_and_the_file_stays(window, tmp_path, error_dialogs):
    kept = tmp_path / "kept.npz"
    kept.write_bytes(b"my model")
    kept.chmod(0o444)
    assert not window.files.save_model_file(kept)
    (title, problem, advice), = error_dialogs
    assert "kept.npz: the file is write-protected" in problem and kept.read_bytes() == b"my model"
