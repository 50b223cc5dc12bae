"""The Inside tab's gradients panel: each layer's gradient norm per epoch of the last run, and the
gradient check of the current model (back-propagation against finite differences), run off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, QThread
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import numpy as np
import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from core.base.i18n import N_, _
from core.learning.gradient_check import GradientCheck, check_model, check_summary, check_table, format_error
from gui import dialogs
from gui.app_state import AppState
from gui.compare_runs import series_colour
from gui.plot_style import Plot
from gui.translation import Texts
from gui.workers import Job

VERDICT_COLOURS = {"agrees": "#d5f5e3", "doubtful": "#fdebd0", "wrong": "#f5b7b1"}
GRADIENT_TEXT = N_("‖dJ/dW‖ measures how strongly the cost pulls on each layer's weights, on the first training "
                   "digits after each epoch. Vanishing gradients: if the first layers' norms are far smaller "
                   "than the last's (sigmoid or tanh in a deep network), those layers hardly learn. Exploding "
                   "gradients: if the norms grow epoch after epoch, the steps are too large and the cost may "
                   "diverge; a smaller learning rate helps. While a network learns, all of them fall.")


class GradientsPanel(QGroupBox):
    """The gradient norms a run gives to `show_norms`, and the gradient check of the app's current model."""

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("insideGradients")
        self.state = state
        self.check: GradientCheck | None = None
        self._check_thread: QThread | None = None
        self.texts = Texts()
        self.texts.set(self.setTitle, N_("Gradients"))
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_plot(), 3)
        self.gradient_text = QLabel(objectName="gradientExplanation", wordWrap=True)
        self.gradient_text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.gradient_text)
        row = QHBoxLayout()
        self.check_button = QPushButton(objectName="checkGradientsButton")
        self.texts.set(self.check_button.setText, N_("Check the gradients"))
        self.texts.set(self.check_button.setToolTip, N_("Compare back-propagation with finite differences on the "
                                                        "current model, in float64"))
        self.check_button.clicked.connect(self.check_gradients)
        row.addWidget(self.check_button)
        self.check_status = QLabel(objectName="gradientCheckStatus", wordWrap=True)
        row.addWidget(self.check_status, 1)
        layout.addLayout(row)
        self.check_table = QTableWidget(objectName="gradientCheckTable")
        self.check_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.check_table.verticalHeader().setVisible(False)
        self.check_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.check_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.check_table, 2)
        self.verdict = QLabel(objectName="gradientCheckVerdict", wordWrap=True)
        self.verdict.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.verdict)
        self.state.modelChanged.connect(self.enable_check)
        self.state.dataChanged.connect(self.enable_check)
        self.enable_check()

    def _build_plot(self) -> pg.PlotWidget:
        self.norm_plot = Plot()
        self.norm_plot.setObjectName("gradientNormPlot")
        self.norm_plot.set_least_height(150)
        item = self.norm_plot.getPlotItem()
        item.setLogMode(y=True)
        item.addLegend(offset=(-5, 5))
        self.norm_plot.restyle()
        self.texts.set(item.setTitle, N_("Gradient norm per epoch (log scale)"))
        self.texts.set(lambda text: item.setLabel("bottom", text), N_("epoch"))
        item.setLabel("left", "‖dJ/dW‖")     # the same in every language; the title says the scale
        self.norm_curves: list[pg.PlotDataItem] = []
        return self.norm_plot

    def retranslate(self) -> None:
        self.texts.retranslate()
        self.fill_check_table()

    # --- the norms ------------------------------------------------------------------------------------

    def show_norms(self, norms: list[tuple[float, ...]], layers: int) -> None:
        """One curve per layer of `layers` (W1 first), through the norms of the epochs run so far."""
        # a run's curves from its start, kept from one run to the next of as many layers: curves and their
        # legend entries made at the first epoch kept the GUI thread up to ~100 ms then
        item = self.norm_plot.getPlotItem()
        while len(self.norm_curves) < layers:
            index = len(self.norm_curves)
            self.norm_curves.append(item.plot([], [], name=f"W{index + 1}",
                                              pen=pg.mkPen(series_colour(index), width=2)))
        while len(self.norm_curves) > layers:
            curve = self.norm_curves.pop()
            item.removeItem(curve)
            if item.legend is not None:
                item.legend.removeItem(curve)
        epochs = list(range(1, len(norms) + 1))
        values = np.array(norms, dtype=float).reshape(len(norms), layers)
        for layer, curve in enumerate(self.norm_curves):
            curve.setData(epochs, np.maximum(values[:, layer], 1e-30))   # the log axis needs positive values
        text = _(GRADIENT_TEXT)
        if not norms:
            text = _("Train a network on the Train tab to watch its gradients here, epoch by epoch.") + " " + text
        self.gradient_text.setText(text)

    # --- the check ------------------------------------------------------------------------------------

    def _can_check(self) -> bool:
        return self.state.model is not None and self.state.data is not None and self._check_thread is None

    def enable_check(self) -> None:
        self.check_button.setEnabled(self._can_check())

    def check_gradients(self) -> None:
        """Run the gradient check of the current model off the GUI thread; the table shows it when done."""
        if not self._can_check():
            return
        model, data = self.state.model, self.state.data
        self._job = Job(lambda: check_model(model, data))
        queued = Qt.ConnectionType.QueuedConnection
        self._job.done.connect(self.show_gradient_check, queued)
        self._job.failed.connect(self._check_failed, queued)
        self._check_thread = self._job.start()
        self._check_thread.finished.connect(self._check_finished)
        self.check_button.setEnabled(False)
        self.check_status.setText(_("Checking {name}...").format(name=self.state.model_name))

    def checking(self) -> bool:
        return self._check_thread is not None

    def shutdown(self) -> None:
        """Wait for a gradient check under way (the window is closing); it takes seconds at most."""
        if self._check_thread is not None:
            self._check_thread.wait()

    def show_gradient_check(self, check: GradientCheck) -> None:
        self.check = check
        self.check_status.setText("")
        self.fill_check_table()

    def _check_failed(self, message: str) -> None:
        self.check_status.setText("")
        dialogs.show_error(self, _("Gradient check"), message, _("The model stays as it was."))

    def _check_finished(self) -> None:
        self._check_thread.deleteLater()
        self._check_thread = None
        self.enable_check()

    def fill_check_table(self) -> None:
        table = self.check_table
        if self.check is None:
            table.setRowCount(0)
            table.setColumnCount(0)
            self.verdict.setText(_("Press the button to compare back-propagation with finite differences."))
            return
        header, *rows = check_table(self.check)
        table.setColumnCount(len(header))
        table.setRowCount(len(rows))
        table.setHorizontalHeaderLabels(header)
        for row, values in enumerate(rows):
            for column, text in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(text))
            colour = VERDICT_COLOURS[self.check.arrays[row].verdict]
            table.item(row, len(values) - 1).setBackground(QBrush(QColor(colour)))
        self.verdict.setText(check_summary(self.check) + " " + _("The largest relative error is {error}.").format(
            error=format_error(self.check.max_relative_error)))

    def table_rows(self) -> list[list[str]]:
        """The check's table as it is shown, header first."""
        table = self.check_table
        header = [table.horizontalHeaderItem(column).text() for column in range(table.columnCount())]
        return [header] + [[table.item(row, column).text() for column in range(table.columnCount())]
                           for row in range(table.rowCount())]
