"""File > Export report: the dialog's choices, and a failed write shown in a message box."""

from __future__ import annotations

from core.model_io import load_model

from tests.core.samples import MODEL_FILE

TEST_ROWS = (900, 1000)


def test_export_dialog_writes_or_shows_the_error(dataset, tmp_path, qtbot, monkeypatch):
    model = load_model(MODEL_FILE)
    from PySide6.QtWidgets import QMessageBox

    from gui.report_dialog import ExportReportDialog, save_report

    dialog = ExportReportDialog(None, "model.npz", TEST_ROWS, tmp_path)
    qtbot.addWidget(dialog)
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("es"))
    dialog.path_edit.setText(str(tmp_path / "reporte.html"))
    assert dialog.language() == "es" and dialog.path() == tmp_path / "reporte.html"
    written = save_report(None, model, "model.npz", dataset, TEST_ROWS, dialog.language(), dialog.path())
    assert written == tmp_path / "reporte.html" and "Tasa de reconocimiento" in written.read_text(encoding="utf-8")

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, message: shown.append(message))
    assert save_report(None, model, "model.npz", dataset, TEST_ROWS, "en", tmp_path / "report.txt") is None
    assert shown and "use .pdf, .html or .md" in shown[0]
