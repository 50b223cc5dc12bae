"""Runs side by side, of the session or of model files: their cost curves over each other, and their settings in
a table where the settings that differ come first, marked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from core.base.i18n import N_, _
from core.services.comparison import RunRecord, comparison_rows
from gui.plot_style import Plot
from gui.translation import Texts

SERIES_COLOURS = ("#1f5fa8", "#d35400", "#2e8b3a", "#8e44ad", "#c0392b", "#16a085", "#7f6000", "#5d6d7e")
MARKED_BACKGROUND = QColor("#fff3cd")


def series_colour(index: int) -> str:
    """The colour of the index-th curve of a plot (runs compared, layers' gradient norms)."""
    return SERIES_COLOURS[index % len(SERIES_COLOURS)]


class CompareRunsDialog(QDialog):
    """The runs it is given: cost per epoch (training solid, test dashed, a colour per run) and settings."""

    def __init__(self, parent: QWidget | None = None, title: str = N_("Compare runs")):
        super().__init__(parent)
        self.setObjectName("compareRunsDialog")
        self.runs: list[RunRecord] = []
        self.texts = Texts()
        self.texts.set(self.setWindowTitle, title)
        layout = QVBoxLayout(self)
        self.plot = Plot()
        self.plot.setObjectName("comparePlot")
        self.plot.set_least_height(220)
        self.legend: pg.LegendItem | None = None
        layout.addWidget(self.plot, 3)
        note = QLabel(wordWrap=True, objectName="compareNote")
        self.texts.set(note.setText, N_("Solid lines: training cost; dashed: test cost. In the table the settings "
                                        "that differ come first, in bold."))
        layout.addWidget(note)
        self.table = QTableWidget(objectName="compareTable")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 4)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(760, 680)

    def set_runs(self, runs: list[RunRecord]) -> None:
        self.runs = list(runs)
        self._show()

    def retranslate(self) -> None:
        self.texts.retranslate()
        self._show()

    def _show(self) -> None:
        item = self.plot.getPlotItem()
        item.clear()
        if self.legend is not None:
            item.layout.removeItem(self.legend)
            self.legend.scene().removeItem(self.legend)
        item.setTitle(_("Cost per epoch"))
        item.setLabel("bottom", _("epoch"))
        item.setLabel("left", _("cross-entropy cost"))
        self.legend = pg.LegendItem(colCount=2)     # under the plot, in the plot item's own grid: it hides no curve
        item.layout.addItem(self.legend, 4, 1)
        self.plot.legends = [self.legend]
        self.plot.restyle()
        for index, run in enumerate(self.runs):
            epochs = list(range(1, len(run.history) + 1))
            name = run.name()
            train = item.plot(epochs, run.history.train_cost, pen=pg.mkPen(series_colour(index), width=2))
            test = item.plot(epochs, run.history.test_cost,
                             pen=pg.mkPen(series_colour(index), width=2, style=Qt.PenStyle.DashLine))
            self.legend.addItem(train, _("{run}, training").format(run=name))
            self.legend.addItem(test, _("{run}, test").format(run=name))
        self._fill_table()

    def _fill_table(self) -> None:
        rows = comparison_rows(self.runs) if self.runs else []
        self.table.clear()
        self.table.setColumnCount(1 + len(self.runs))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels([_("Setting")] + [run.name() for run in self.runs])
        for row, compared in enumerate(rows):
            for column, text in enumerate([compared.label] + compared.values):
                cell = QTableWidgetItem(text)
                if compared.differs:
                    font = QFont(cell.font())
                    font.setBold(True)
                    cell.setFont(font)
                    cell.setBackground(QBrush(MARKED_BACKGROUND))
                self.table.setItem(row, column, cell)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def marked_settings(self) -> list[str]:
        """The labels of the rows marked as different."""
        return [self.table.item(row, 0).text() for row in range(self.table.rowCount())
                if self.table.item(row, 0).font().bold()]
