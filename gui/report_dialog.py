"""File > Export report...: ask for the file and the language, write the report, show any error."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLineEdit, QMessageBox, QPushButton, QWidget)

from core.data import Dataset, format_row_range
from core.errors import TrazoError
from core.model import Model
from report.export import FORMATS, write_report

LANGUAGE_NAMES = {"en": "English", "es": "Español"}
FILE_FILTERS = {".pdf": "PDF (*.pdf)", ".html": "HTML, one file (*.html)", ".md": "Markdown and images (*.md)"}


class ExportReportDialog(QDialog):
    """The report's file (its extension picks the format) and language."""

    def __init__(self, parent: QWidget | None, model_name: str, rows: tuple[int, int],
                 folder: str | Path | None = None):
        super().__init__(parent)
        self.setObjectName("exportReportDialog")
        self.setWindowTitle("Export report")
        self.language_box = QComboBox(objectName="reportLanguage")
        for code, name in LANGUAGE_NAMES.items():
            self.language_box.addItem(name, code)
        stem = Path(model_name).stem or "report"
        self.path_edit = QLineEdit(str(Path(folder or Path.home()) / f"report-{stem}.pdf"),
                                   objectName="reportPath")
        self.path_edit.setMinimumWidth(360)
        browse = QPushButton("Browse...", objectName="reportBrowse")
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit)
        file_row.addWidget(browse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Model:", QLineEdit(model_name, readOnly=True))
        form.addRow("Test rows:", QLineEdit(format_row_range(rows), readOnly=True))
        form.addRow("Language:", self.language_box)
        form.addRow("File (.pdf, .html, .md):", file_row)
        form.addRow(buttons)

    def browse(self) -> None:
        current = Path(self.path_edit.text())
        chosen_filter = FILE_FILTERS.get(current.suffix.lower(), FILE_FILTERS[".pdf"])
        path, selected = QFileDialog.getSaveFileName(self, "Export report", str(current),
                                                     ";;".join(FILE_FILTERS.values()), chosen_filter)
        if not path:
            return
        if Path(path).suffix.lower() not in FORMATS:  # the filter names the format the user meant
            path += next(suffix for suffix, name in FILE_FILTERS.items() if name == selected)
        self.path_edit.setText(path)

    def language(self) -> str:
        return self.language_box.currentData()

    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()


def export_report(parent: QWidget | None, model: Model, model_name: str, data: Dataset,
                  rows: tuple[int, int], folder: str | Path | None = None) -> Path | None:
    """Ask, then write; the written file, or None when cancelled or when an error was shown."""
    dialog = ExportReportDialog(parent, model_name, rows, folder)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        path = save_report(parent, model, model_name, data, rows, dialog.language(), dialog.path())
        if path is not None:
            return path  # on an error the dialog opens again with the same choices
    return None


def save_report(parent: QWidget | None, model: Model, model_name: str, data: Dataset, rows: tuple[int, int],
                lang: str, path: Path) -> Path | None:
    """Write the report with a busy cursor; a TrazoError is shown in a message box, not raised."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        written = write_report(model, model_name, data, rows, lang, path)
    except TrazoError as error:
        QApplication.restoreOverrideCursor()
        QMessageBox.critical(parent, "Export report", f"The report was not written.\n\n{error}")
        return None
    except BaseException:
        QApplication.restoreOverrideCursor()
        raise
    QApplication.restoreOverrideCursor()
    return written
