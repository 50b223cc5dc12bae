"""File > Export report: the dialog's choices, and a failed write shown in a message box."""

from __future__ import annotations

from core.model_io import load_model

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

    from core.comparison import RunRecord
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
