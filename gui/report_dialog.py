"""File > Export report...: ask for the file and the language, write the report, show any error."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget)

from core.services.comparison import RunRecord
from core.learning.data import Dataset, format_row_range
from core.base.errors import TrazoError
from core.learning.model import Model
from core.base.i18n import LANGUAGE_NAMES, LANGUAGES, N_, _, current_language, ngettext
from gui import dialogs
from report.content import MAX_AUTHOR
from report.export import FORMATS, default_report_name, write_report

FILE_FILTERS = {".pdf": N_("PDF (*.pdf)"), ".html": N_("HTML, one file (*.html)"),
                ".md": N_("Markdown and images (*.md)")}


class ExportReportDialog(QDialog):
    """The report's author, file (its extension picks the format) and language, the interface's by default; and
    whether it compares the runs checked in the Train tab (when there are two or more)."""

    last_author = ""    # the author typed last in this session, offered again

    def __init__(self, parent: QWidget | None, model_name: str, rows: tuple[int, int],
                 folder: str | Path | None = None, runs: int = 0):
        super().__init__(parent)
        self.setObjectName("exportReportDialog")
        self.setWindowTitle(_("Export report"))
        self.language_box = QComboBox(objectName="reportLanguage")
        for code in LANGUAGES:
            self.language_box.addItem(LANGUAGE_NAMES[code], code)
        self.language_box.setCurrentIndex(self.language_box.findData(current_language()))
        self.model_name, self.folder = model_name, Path(folder or Path.home())
        self.path_edit = QLineEdit(str(self.folder / default_report_name(model_name, current_language())),
                                   objectName="reportPath")
        self.path_edit.setMinimumWidth(360)
        self.language_box.currentIndexChanged.connect(self._language_changed)
        browse = QPushButton(_("Browse..."), objectName="reportBrowse")
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit)
        file_row.addWidget(browse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.author_edit = QLineEdit(self.last_author, objectName="reportAuthor", maxLength=MAX_AUTHOR)
        self.author_edit.setPlaceholderText(_("Name and student ID, for example Ana López, A01234567"))
        form = QFormLayout(self)
        form.addRow(_("Author:"), self.author_edit)
        form.addRow(_("Model:"), QLineEdit(model_name, readOnly=True))
        form.addRow(_("Test rows:"), QLineEdit(format_row_range(rows), readOnly=True))
        form.addRow(_("Language:"), self.language_box)
        form.addRow(_("File (.pdf, .html, .md):"), file_row)
        self.compare_box = QCheckBox(ngettext("Compare the {count} run checked in the Train tab",
                                              "Compare the {count} runs checked in the Train tab", runs).format(
                                         count=runs),
                                     objectName="reportCompareRuns")
        self.compare_box.setEnabled(runs >= 2)
        if runs < 2:
            self.compare_box.setToolTip(_("Train two or more runs, and check them in the Train tab, to compare "
                                          "them in the report."))
        form.addRow("", self.compare_box)
        form.addRow(buttons)

    def _language_changed(self) -> None:
        """The suggested name follows the language, until the user has typed a name of their own."""
        current = self.path()
        suggested = {default_report_name(self.model_name, lang) for lang in LANGUAGES}
        if current.name in suggested:
            self.path_edit.setText(str(current.with_name(default_report_name(self.model_name, self.language()))))

    def browse(self) -> None:
        current = Path(self.path_edit.text())
        filters = {suffix: _(name) for suffix, name in FILE_FILTERS.items()}
        chosen_filter = filters.get(current.suffix.lower(), filters[".pdf"])
        path, selected = QFileDialog.getSaveFileName(self, _("Export report"), str(current),
                                                     ";;".join(filters.values()), chosen_filter)
        if not path:
            return
        if Path(path).suffix.lower() not in FORMATS:  # the filter names the format the user meant
            path += next(suffix for suffix, name in filters.items() if name == selected)
        self.path_edit.setText(path)

    def language(self) -> str:
        return self.language_box.currentData()

    def author(self) -> str:
        return self.author_edit.text().strip()

    def compares_runs(self) -> bool:
        return self.compare_box.isEnabled() and self.compare_box.isChecked()

    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()


def export_report(parent: QWidget | None, model: Model, model_name: str, data: Dataset,
                  rows: tuple[int, int], folder: str | Path | None = None,
                  runs: tuple[RunRecord, ...] = ()) -> Path | None:
    """Ask, then write; the written file, or None when cancelled or when an error was shown."""
    dialog = ExportReportDialog(parent, model_name, rows, folder, len(runs))
    while dialog.exec() == QDialog.DialogCode.Accepted:
        ExportReportDialog.last_author = dialog.author()
        path = save_report(parent, model, model_name, data, rows, dialog.language(), dialog.path(),
                           runs if dialog.compares_runs() else (), dialog.author())
        if path is not None:
            return path  # on an error the dialog opens again with the same choices
    return None


def save_report(parent: QWidget | None, model: Model, model_name: str, data: Dataset, rows: tuple[int, int],
                lang: str, path: Path, runs: tuple[RunRecord, ...] = (), author: str = "") -> Path | None:
    """Write the report with a busy cursor; a TrazoError is shown in a message box, not raised."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        written = write_report(model, model_name, data, rows, lang, path, runs, author)
    except TrazoError as error:
        QApplication.restoreOverrideCursor()
        dialogs.show_error(parent, _("Export report"), str(error),
                           _("The report was not written. Choose another file name or folder."))
        return None
    except BaseException:
        QApplication.restoreOverrideCursor()
        raise
    QApplication.restoreOverrideCursor()
    return written
