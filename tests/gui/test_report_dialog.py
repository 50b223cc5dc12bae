"""File > Export report: the dialog's choices, and a failed write shown in a message box."""

from __future__ import annotations

from core.learning.model_io import load_model
from tests.core.samples import MODEL_FILE

TEST_ROWS = (900, 1000)


def test_export_dialog_writes_or_shows_the_error(dataset, tmp_path, qtbot, error_dialogs):
    model = load_model(MODEL_FILE)
    from gui.report_dialog import ExportReportDialog, save_report

    dialog = ExportReportDialog(None, "model.npz", TEST_ROWS, tmp_path)
    qtbot.addWidget(dialog)
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("es"))
    dialog.path_edit.setText(str(tmp_path / "reporte.html"))
    assert dialog.language() == "es" and dialog.path() == tmp_path / "reporte.html"
    written = save_report(None, model, "model.npz", dataset, TEST_ROWS, dialog.language(), dialog.path())
    assert written == tmp_path / "reporte.html" and "Tasa de reconocimiento" in written.read_text(encoding="utf-8")

    assert save_report(None, model, "model.npz", dataset, TEST_ROWS, "en", tmp_path / "report.txt") is None
    (title, problem, advice), = error_dialogs
    assert "use .pdf, .html or .md" in problem and advice.startswith("The report was not written.")


def test_the_comparison_is_in_the_report_only_when_it_is_chosen(dataset, tmp_path, qtbot, monkeypatch):
    import dataclasses

    from PySide6.QtWidgets import QDialog

    from core.services.comparison import RunRecord
    from gui.report_dialog import ExportReportDialog, export_report

    model = load_model(MODEL_FILE)
    runs = tuple(RunRecord(number, dataclasses.replace(model.settings, seed=number), model.history, 0.9, 1.0, False)
                 for number in (1, 2))
    lonely = ExportReportDialog(None, "model.npz", TEST_ROWS, tmp_path, runs=1)
    qtbot.addWidget(lonely)
    assert not lonely.compare_box.isEnabled() and not lonely.compares_runs()
    for chosen in (False, True):
        def answer(dialog, chosen=chosen):
            dialog.compare_box.setChecked(chosen)
            dialog.path_edit.setText(str(tmp_path / f"report-{chosen}.html"))
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(ExportReportDialog, "exec", answer)
        written = export_report(None, model, "model.npz", dataset, TEST_ROWS, tmp_path, runs)
        page = written.read_text(encoding="utf-8")
        assert ("The runs of the session compared" in page) is chosen
        assert ("<th>Run 2</th>" in page) is chosen


def test_the_author_typed_in_the_dialog_is_on_the_first_page_and_offered_next_time(dataset, tmp_path, qtbot,
                                                                                   monkeypatch):
    from PySide6.QtWidgets import QDialog

    from gui.report_dialog import ExportReportDialog, export_report

    model = load_model(MODEL_FILE)
    monkeypatch.setattr(ExportReportDialog, "last_author", "")
    seen = []

    def answer(dialog):
        seen.append(dialog.author_edit.text())
        dialog.author_edit.setText("  Ana López, A01234567 ")
        dialog.path_edit.setText(str(tmp_path / "report.md"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportReportDialog, "exec", answer)
    written = export_report(None, model, "model.npz", dataset, TEST_ROWS, tmp_path)
    first_page = written.read_text(encoding="utf-8").split("\n## ", 1)[0]
    assert "| Author | Ana López, A01234567 |" in first_page
    dialog = ExportReportDialog(None, "model.npz", TEST_ROWS, tmp_path)
    qtbot.addWidget(dialog)
    assert seen == [""] and dialog.author() == "Ana López, A01234567", "offered again in this session"
    assert dialog.author_edit.objectName() == "reportAuthor" and dialog.author_edit.maxLength() == 200
