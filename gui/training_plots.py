"""The Train tab's plots: the cost and the recognition rate per epoch, of the run under way as its epochs
arrive, or of the history saved with the app's model."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QWidget

import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from core.base.i18n import N_
from core.learning.training import EpochReport, History
from gui.plot_style import Plot
from gui.staggered_redraw import StaggeredRedraw
from gui.translation import Texts

# Plot redraws are coalesced to 10 a second, however fast epochs come, and the plots have no grid:
# pyqtgraph's grid lines made each plot's paint ~9 ms instead of ~1 ms (profiled: QPicture.play of the
# axes), and painting both plots while the worker ran delayed the GUI's timers by up to ~100 ms. While
# a run goes the two plots take turns, half an interval apart: a plot's new points, its axes' new ticks
# and its paints take 10-15 ms of the GUI thread, both at once 20-40 ms (bench/responsiveness.py).
REDRAW_INTERVAL_MS = 100
COST_PLOT, ACCURACY_PLOT = 0, 1
FIRST_SPAN = 50         # the epoch axis a run starts with, at most; it doubles as the epochs reach its end
TRAIN_COLOUR = "#1f5fa8"
TEST_COLOUR = "#d35400"
ACCURACY_COLOUR = "#2e8b3a"


class TrainingPlots(QWidget):
    """Two plots side by side; while a run goes they are redrawn in turns, at most REDRAW_INTERVAL_MS apart."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trainingPlots")
        self.redraw_count = 0
        self._span = self._planned = 2      # the epoch axis's end; the epochs planned for the run
        self._history = History()           # what the plots show
        self._plots = StaggeredRedraw(2, stale=False)  # stale: the plots whose points are older than the history
        self._redraw_timer = QTimer(self, interval=REDRAW_INTERVAL_MS // 2)
        self._redraw_timer.timeout.connect(self._redraw_next_plot)
        self.texts = Texts()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build_cost_plot(), 3)
        layout.addWidget(self._build_accuracy_plot(), 2)

    def _build_cost_plot(self) -> pg.PlotWidget:
        self.cost_plot = self._plot_widget("costPlot", N_("Cost per epoch"), N_("cross-entropy cost"))
        item = self.cost_plot.getPlotItem()
        legend = item.addLegend(offset=(-10, 10))
        self.train_curve = item.plot([], [], pen=pg.mkPen(TRAIN_COLOUR, width=2), name=" ")
        self.test_curve = item.plot([], [], pen=pg.mkPen(TEST_COLOUR, width=2), name=" ")
        for (_sample, label), name in zip(legend.items, (N_("training cost"), N_("test cost"))):
            self.texts.set(label.setText, name)
        self.cost_plot.restyle()
        return self.cost_plot

    def _build_accuracy_plot(self) -> pg.PlotWidget:
        self.accuracy_plot = self._plot_widget("accuracyPlot", N_("Recognition rate"), N_("test rows (%)"))
        self.accuracy_curve = self.accuracy_plot.getPlotItem().plot(
            [], [], pen=pg.mkPen(ACCURACY_COLOUR, width=2), symbol="o", symbolSize=4, symbolBrush=ACCURACY_COLOUR,
            symbolPen=None)
        return self.accuracy_plot

    def _plot_widget(self, name: str, title: str, left_label: str) -> pg.PlotWidget:
        """A white plot of something per epoch, its words in the interface language."""
        plot = Plot(axisItems={"bottom": EpochAxis("bottom")})
        plot.setObjectName(name)
        item = plot.getPlotItem()
        self.texts.set(item.setTitle, title)
        self.texts.set(lambda text: item.setLabel("bottom", text), N_("epoch"))
        self.texts.set(lambda text: item.setLabel("left", text), left_label)
        return plot

    def retranslate(self) -> None:
        self.texts.retranslate()

    # --- what they show ------------------------------------------------------------------------

    def begin_run(self, epochs: int) -> None:
        """Empty plots for a new run of `epochs` epochs, redrawn in turns from now until `end_run`."""
        self._history = History()
        self._reset(epochs, fit=False)
        self._redraw_timer.start()

    def add_epoch(self, report: EpochReport) -> None:
        """An epoch of the run under way: drawn at the plots' next turns."""
        self._history.append(report.train_cost, report.test_cost, report.test_accuracy, report.elapsed)
        self._plots.all_stale()

    def end_run(self) -> None:
        """The run is over: the axis fits the epochs run (a stopped run is shorter than planned)."""
        self._redraw_timer.stop()
        self._set_span(len(self._history))
        self.redraw_plot()

    def show_history(self, history: History) -> None:
        """A model's saved history, whole (a copy)."""
        self._history = History(**vars(history))
        self._reset(max(len(self._history), 1), fit=True)

    def shown_history(self) -> History:
        """The history the plots show: the run under way, or the current model's."""
        return self._history

    def plotted_points(self) -> int:
        x, _y = self.train_curve.getData()
        return 0 if x is None else len(x)

    # --- drawing -------------------------------------------------------------------------------

    def _reset(self, epochs: int, fit: bool) -> None:
        # A run's axis starts at its length, up to FIRST_SPAN epochs, and doubles when the epochs reach its end
        # (so it is painted again a few times, not per redraw); a model's history, or a run that ended, fits.
        self._planned = epochs
        self._set_span(epochs if fit else min(epochs, FIRST_SPAN))
        self._plots.all_stale()
        self.redraw_plot()

    def redraw_plot(self) -> None:
        """Put the epochs so far on the plots, if any arrived since the last redraw."""
        for plot in (COST_PLOT, ACCURACY_PLOT):
            self._redraw(plot)

    def _redraw_next_plot(self) -> None:
        """While a run goes: one plot, the other one the next time."""
        self._redraw(self._plots.next_turn())

    def _set_span(self, epochs: int) -> None:
        self._span = max(epochs, 2)
        for plot in (self.cost_plot, self.accuracy_plot):
            plot.getPlotItem().setXRange(1, self._span, padding=0.02)

    def _redraw(self, plot: int) -> None:
        if not self._plots.take(plot):
            return
        history = self._history
        if len(history) > self._span:
            self._set_span(min(2 * len(history), max(self._planned, len(history))))
        epochs = list(range(1, len(history) + 1))
        if plot == COST_PLOT:
            self.redraw_count += 1
            self.train_curve.setData(epochs, history.train_cost)
            self.test_curve.setData(epochs, history.test_cost)
        else:
            self.accuracy_curve.setData(epochs, [100 * accuracy for accuracy in history.test_accuracy])


class EpochAxis(pg.AxisItem):
    """An axis of epochs: ticks on whole numbers only (no epoch 1.5 on a short run)."""

    def tickValues(self, minVal, maxVal, size):
        levels = super().tickValues(minVal, maxVal, size)
        whole = [(max(spacing, 1.0), [value for value in values if float(value).is_integer()])
                 for spacing, values in levels]
        return [level for level in whole if level[1]]
