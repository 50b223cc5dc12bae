"""Spanish, all the way: counts through ngettext in the widgets, and Qt's own file dialogs in Mexican Spanish
(Qt's catalogue, then Trazo's override of it, compiled from resources/locale/es/qt_es_MX.ts)."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QFileDialog, QLabel, QTreeView

from gui.report_dialog import ExportReportDialog
from gui.translation import QT_OVERRIDES, apply_language

from tests.gui.conftest import shown

TS_FILE = QT_OVERRIDES["es"].with_suffix(".ts")
NOT_MEXICAN = ("fichero", "Fichero", "ordenador")
ENGLISH = ("Look in", "Files of", "File name", "Folder", "Directory", "Detail View", "List View", "Back", "Forward")


@pytest.fixture
def spanish():
    apply_language("es")
    yield
    apply_language("en")
    QLocale.setDefault(QLocale.c())


def lrelease() -> Path:
    tool = Path(sys.executable).parent / "pyside6-lrelease"
    found = tool if tool.exists() else shutil.which("pyside6-lrelease")
    if found is None:
        pytest.skip("pyside6-lrelease is not installed (it comes with PySide6)")
    return Path(found)


def test_the_compiled_qt_override_is_the_ts_source_compiled(tmp_path):
    compiled = tmp_path / "qt_es_MX.qm"
    subprocess.run([str(lrelease()), "-silent", str(TS_FILE), "-qm", str(compiled)], check=True, timeout=60)
    assert compiled.read_bytes() == QT_OVERRIDES["es"].read_bytes(), (
        f"run pyside6-lrelease {TS_FILE.name} -qm {QT_OVERRIDES['es'].name} in {TS_FILE.parent} and commit both")
    assert not any(word in TS_FILE.read_text(encoding="utf-8").split("<translation>", 1)[1]
                   for word in NOT_MEXICAN)


def dialog_texts(dialog: QFileDialog) -> list[str]:
    """Every word the dialog shows: labels, buttons, tooltips, the filter and the columns and types of its list."""
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    texts += [button.text() for button in dialog.findChildren(QAbstractButton)]
    texts += [button.toolTip() for button in dialog.findChildren(QAbstractButton)]
    for combo in dialog.findChildren(QComboBox):
        texts += [combo.itemText(index) for index in range(combo.count())]
    view = dialog.findChild(QTreeView, "treeView")
    model, root = view.model(), view.rootIndex()
    texts += [model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())]
    texts += [model.index(row, 2, root).data() for row in range(model.rowCount(root))]
    return [text for text in texts if text]


@pytest.mark.parametrize("accept", [QFileDialog.AcceptMode.AcceptSave, QFileDialog.AcceptMode.AcceptOpen])
def test_qts_file_dialog_speaks_mexican_spanish(qtbot, tmp_path, spanish, accept):
    place = tmp_path / "files"
    (place / "a folder").mkdir(parents=True)
    (place / "mi-modelo.npz").write_bytes(b"")
    dialog = QFileDialog(None, "Guardar modelo como", str(place), "Modelos de Trazo (*.npz);;Todos los archivos (*)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)   # Qt's own dialog, as on a desktop with no portal
    dialog.setAcceptMode(accept)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    shown(qtbot, dialog)
    view = dialog.findChild(QTreeView, "treeView")
    qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) == 2, timeout=5_000)
    texts = dialog_texts(dialog)
    labels = {label.text().replace("&", "") for label in dialog.findChildren(QLabel) if label.text()}
    assert {"Buscar en:", "Nombre del archivo:", "Tipo de archivo:"} <= labels, labels
    assert "Carpeta" in texts, "the type of a folder"
    for text in texts:
        assert not any(word in text for word in NOT_MEXICAN + ENGLISH), text


def test_the_override_leaves_with_spanish(qtbot, tmp_path, spanish):
    apply_language("en")
    dialog = QFileDialog(None, "", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    shown(qtbot, dialog)
    labels = {label.text().replace("&", "") for label in dialog.findChildren(QLabel) if label.text()}
    assert {"Look in:", "File name:", "Files of type:"} <= labels, labels
    assert QApplication.translate("QFileDialog", "File &name:") == "File &name:"


def test_counts_of_one_are_singular_in_spanish(window, qtbot, spanish):
    window.retranslate()
    tab, panel = window.draw_tab, window.draw_tab.teach_panel
    tab.put_test_digit(905)
    panel.add(3)
    assert panel.message.text().startswith("Agregado como 3: 1 dígito suyo. "), panel.message.text()
    tab.put_test_digit(906)
    panel.add(4)
    assert panel.message.text().startswith("Agregado como 4: 2 dígitos suyos. "), panel.message.text()
    reader = window.state.draw_model
    taught = dataclasses.replace(reader, provenance=dataclasses.replace(reader.provenance, taught_digits=1))
    window.state.set_draw_model(taught, window.state.draw_model_path)
    assert "Después se le enseñó 1 dígito suyo." in tab.reader_info.text()
    one = ExportReportDialog(None, "model.npz", (900, 1000), runs=1)
    qtbot.addWidget(one)
    assert one.compare_box.text() == "Comparar la 1 corrida marcada en la pestaña Entrenar"
    two = ExportReportDialog(None, "model.npz", (900, 1000), runs=2)
    qtbot.addWidget(two)
    assert two.compare_box.text() == "Comparar las 2 corridas marcadas en la pestaña Entrenar"


def test_every_plural_message_has_its_three_spanish_forms():
    from babel.messages.pofile import read_po

    from tools.catalogues import po_path

    with open(po_path("es"), "rb") as stream:
        catalog = read_po(stream)
    assert catalog.num_plurals == 3
    plurals = [message for message in catalog if isinstance(message.id, tuple)]
    assert len(plurals) > 30
    for message in plurals:
        assert len(message.string) == 3 and all(message.string), message.id
        assert message.string[0] != message.string[2] or message.id[0] == message.id[1], message.id


def test_help_explains_the_two_readers_and_what_teach_changes_in_both_languages(qtbot, monkeypatch, spanish):
    from PySide6.QtWidgets import QDialog, QTextBrowser

    from gui import guide

    shown_texts = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: shown_texts.append(
        dialog.findChild(QTextBrowser, "guideText").toPlainText()) or 0)
    guide.show_guide(None)
    apply_language("en")
    guide.show_guide(None)
    spanish_text, english_text = shown_texts
    for words in (["Leer con", "modelo de dibujo", "modelo actual", "Enseñar", "sin guardar", "Revertir"],
                  ["Read with", "drawing model", "current model", "Teach", "unsaved", "Revert"]):
        text = spanish_text if words[0] == "Leer con" else english_text
        for word in words:
            assert word in text, word
