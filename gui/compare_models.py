"""File > Compare model files...: saved models side by side in the runs' comparison window (gui/compare_runs.py):
their cost curves over each other, their settings with the differences first, and their rates on the test rows
and on the unseen rows beyond them, tested now, with the check of the test rows (core/services/grading.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from core.base.i18n import N_, _
from core.learning.data import Dataset
from core.services.comparison import RunRecord, record_of_model
from core.services.grading import grade_files
from gui import dialogs
from gui.compare_runs import CompareRunsDialog


def model_records(paths: list[Path], data: Dataset, test_rows: tuple[int, int]) -> tuple[list[RunRecord], list[str]]:
    """A record per file that can be compared, tested now on `test_rows`; and why each other one cannot."""
    records, problems = [], []
    for graded in grade_files(paths, data, test_rows):
        if graded.model is None:
            problems.append(graded.problem)
        elif graded.model.settings is None:
            problems.append(_("{path}: its file does not record the settings it was trained with, so there is "
                              "nothing to compare").format(path=graded.path))
        else:
            records.append(record_of_model(graded.model, graded.path.name, len(records) + 1, graded.grade))
    return records, problems


def compare_model_files(parent: QWidget | None, paths: list[Path], data: Dataset, test_rows: tuple[int, int],
                        dialog: CompareRunsDialog | None = None) -> CompareRunsDialog | None:
    """Show the files that can be read side by side (in `dialog`, or a new one); a dialog names the others."""
    records, problems = model_records(paths, data, test_rows)
    if problems:
        dialogs.show_error(parent, _("Compare model files"), "\n".join(problems),
                           _("The other files are compared without them.") if records else
                           _("Choose model files saved by Trazo."))
    if not records:
        return dialog
    dialog = dialog or CompareRunsDialog(parent, N_("Compare model files"))
    dialog.setObjectName("compareModelsDialog")
    dialog.set_runs(records)
    dialog.show()
    dialog.raise_()
    return dialog
