"""The Train tab's runs of this session: each run that gave a model, checked to be compared with the others
side by side (gui/compare_runs.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QListView, QListWidget, QListWidgetItem, QPushButton, QWidget

from core.base.i18n import N_, _, ngettext
from core.learning.network import ACTIVATIONS
from core.learning.optimizers import OPTIMIZERS
from core.learning.settings import BY_NAME
from core.services.comparison import RunRecord, record_of
from core.services.runs import Run
from gui.compare_runs import CompareRunsDialog
from gui.translation import Texts


class SessionRuns(QGroupBox):
    """A list of the session's runs, each with a check box, and Compare... for the checked ones."""

    checkedChanged = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="runsBox")
        self.runs: list[RunRecord] = []     # this session's runs that gave a model
        self.compare_dialog: CompareRunsDialog | None = None
        self.texts = Texts()
        # a group box is as wide as its title at least: the advice is the list's tooltip, so a zoomed window fits
        self.texts.set(self.setTitle, N_("Runs of this session"))
        layout = QHBoxLayout(self)
        self.run_list = QListWidget(objectName="runList")
        self.run_list.setMaximumHeight(4 * self.fontMetrics().height() + 8)
        # a long run's text wraps to the list's width: no horizontal scroll bar to read the end of a line
        self.run_list.setWordWrap(True)
        self.run_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.run_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.texts.set(self.run_list.setToolTip, N_("Check two or more runs to compare them"))
        self.run_list.itemChanged.connect(self._checks_changed)
        layout.addWidget(self.run_list, 1)
        self.compare_button = QPushButton(objectName="compareRunsButton")
        self.texts.set(self.compare_button.setText, N_("Compare..."))
        self.texts.set(self.compare_button.setToolTip, N_("The checked runs' costs over each other, and their "
                                                          "settings side by side"))
        self.compare_button.clicked.connect(self.compare_runs)
        layout.addWidget(self.compare_button, 0, Qt.AlignmentFlag.AlignTop)
        self._checks_changed()

    def retranslate(self) -> None:
        self.texts.retranslate()
        for row, run in enumerate(self.runs):
            self.run_list.item(row).setText(run_text(run))
        if self.compare_dialog is not None:
            self.compare_dialog.retranslate()

    def keep(self, run: Run) -> None:
        """Keep a run that gave a model, checked for comparison."""
        record = record_of(run, len(self.runs) + 1)
        self.runs.append(record)
        item = QListWidgetItem(run_text(record))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        self.run_list.addItem(item)
        self.run_list.scrollToItem(item)
        self._checks_changed()

    def checked_runs(self) -> list[RunRecord]:
        return [run for row, run in enumerate(self.runs)
                if self.run_list.item(row).checkState() == Qt.CheckState.Checked]

    def _checks_changed(self) -> None:
        self.compare_button.setEnabled(len(self.checked_runs()) >= 2)
        self.checkedChanged.emit()

    def compare_runs(self) -> None:
        """The checked runs side by side, in a window of their own that stays open beside the tab."""
        if self.compare_dialog is None:
            self.compare_dialog = CompareRunsDialog(self)
        self.compare_dialog.set_runs(self.checked_runs())
        self.compare_dialog.show()
        self.compare_dialog.raise_()


def run_text(run: RunRecord) -> str:
    """'Run 2: 784-200-10 ReLU, gradient descent, learning rate 0.3, 40 epochs: 93.00%'."""
    settings = run.settings
    return ngettext("{name}: {layers} {activation}, {optimizer}, learning rate {rate}, {epochs} epoch: {percent}",
                    "{name}: {layers} {activation}, {optimizer}, learning rate {rate}, {epochs} epochs: {percent}",
                    run.epochs_run).format(
        name=run.name(), layers="-".join(map(str, run.layer_sizes)),
        activation=_(ACTIVATIONS[settings.activation]), optimizer=_(OPTIMIZERS[settings.optimizer]),
        rate=BY_NAME["learning_rate"].kind.format(settings.learning_rate), epochs=run.epochs_run,
        percent=f"{100 * run.test_rate:.2f}%")
