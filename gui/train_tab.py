"""The Train tab: the training settings, Train / Stop / Save, and the cost plotted live per epoch."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from core.data import format_row_ranges
from core.errors import DataError, SettingsError
from core.runs import Run, check_resources
from core.settings import TrainingSettings
from core.training import EpochReport
from gui import dialogs
from gui.app_state import AppState
from gui.settings_form import SettingsForm
from gui.training_worker import TrainingWorker, start_worker

# Plot redraws are coalesced to 10 a second, however fast epochs come, and the plots have no grid:
# pyqtgraph's grid lines made each plot's paint ~9 ms instead of ~1 ms (profiled: QPicture.play of the
# axes), and painting both plots while the worker ran delayed the GUI's timers by up to ~100 ms.
REDRAW_INTERVAL_MS = 100
# While a run goes, threads hand over the GIL every 0.5 ms instead of 5 ms: a plot's paint passes the
# GIL back and forth dozens of times, and waiting 5 ms each time made one paint last ~100 ms. Measured
# on the stop test's run: the GUI timer fired 2.5 times as often, and training went faster too.
SWITCH_INTERVAL_WHILE_TRAINING = 0.0005
TRAIN_COLOUR = "#1f5fa8"
TEST_COLOUR = "#d35400"
ACCURACY_COLOUR = "#2e8b3a"


class TrainTab(QWidget):
    """Trains a new network in a worker thread; the finished run becomes the app's (unsaved) model."""

    saveRequested = Signal()
    trainingStarted = Signal()
    trainingEnded = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trainTab")
        self.state = state
        self.worker: TrainingWorker | None = None
        self.thread: QThread | None = None
        self.redraw_count = 0
        self._reports: list[EpochReport] = []
        self._plot_stale = False
        self._redraw_timer = QTimer(self, interval=REDRAW_INTERVAL_MS)
        self._redraw_timer.timeout.connect(self.redraw_plot)
        self._build()
        self.set_settings(TrainingSettings())
        self.state.dataChanged.connect(self._update_buttons)
        self.state.modelChanged.connect(self._update_buttons)
        self._update_buttons()

    # --- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QHBoxLayout(self)
        layout.addWidget(self._build_form(), 0)
        right = QVBoxLayout()
        layout.addLayout(right, 1)
        plots = QHBoxLayout()
        plots.addWidget(self._build_cost_plot(), 3)
        plots.addWidget(self._build_accuracy_plot(), 2)
        right.addLayout(plots, 1)
        self.epoch_figures = QLabel("Press Train to train a new network with these settings.",
                                    objectName="epochFigures")
        self.epoch_figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right.addWidget(self.epoch_figures)
        progress_row = QHBoxLayout()
        self.progress = QProgressBar(objectName="trainProgress")
        self.progress.setFormat("epoch %v / %m")
        self.progress.setValue(0)
        self.timing = QLabel("", objectName="trainTiming")
        self.timing.setMinimumWidth(240)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.timing)
        right.addLayout(progress_row)

    def _build_form(self) -> QGroupBox:
        box = QGroupBox("Training settings")
        layout = QVBoxLayout(box)
        self.form = SettingsForm()
        self.form.changed.connect(self._update_buttons)
        layout.addWidget(self.form)
        defaults = QPushButton("Shipped recipe", objectName="defaultsButton",
                               toolTip="Reset every setting to the recipe of the shipped model")
        defaults.clicked.connect(lambda: self.set_settings(TrainingSettings()))
        layout.addWidget(defaults)
        self.settings_problem = QLabel("", objectName="settingsProblem", wordWrap=True)
        self.settings_problem.setStyleSheet("color: #a93226;")
        layout.addWidget(self.settings_problem)
        buttons = QHBoxLayout()
        self.train_button = QPushButton("Train", objectName="trainButton", toolTip="Train a new network (Ctrl+T)")
        self.stop_button = QPushButton("Stop", objectName="stopButton", toolTip="Stop after the current mini-batch")
        self.save_button = QPushButton("Save model...", objectName="saveModelButton")
        self.train_button.clicked.connect(self.start_training)
        self.stop_button.clicked.connect(self.stop_training)
        self.save_button.clicked.connect(self.saveRequested)
        for button in (self.train_button, self.stop_button, self.save_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        layout.addStretch(1)
        box.setMaximumWidth(380)
        return box

    def _build_cost_plot(self) -> pg.PlotWidget:
        self.cost_plot = plot_widget("costPlot", "Cost per epoch", "cross-entropy cost")
        item = self.cost_plot.getPlotItem()
        item.addLegend(offset=(-10, 10))
        self.train_curve = item.plot([], [], pen=pg.mkPen(TRAIN_COLOUR, width=2), name="training cost")
        self.test_curve = item.plot([], [], pen=pg.mkPen(TEST_COLOUR, width=2), name="test cost")
        return self.cost_plot

    def _build_accuracy_plot(self) -> pg.PlotWidget:
        self.accuracy_plot = plot_widget("accuracyPlot", "Test accuracy", "accuracy (%)")
        self.accuracy_curve = self.accuracy_plot.getPlotItem().plot([], [], pen=pg.mkPen(ACCURACY_COLOUR, width=2),
                                        symbol="o", symbolSize=4, symbolBrush=ACCURACY_COLOUR, symbolPen=None)
        return self.accuracy_plot

    # --- settings --------------------------------------------------------------------------------

    def set_settings(self, settings: TrainingSettings) -> None:
        self.form.set_settings(settings)

    def settings(self) -> TrainingSettings:
        """The form's settings, or a SettingsError / DataError naming what is wrong, rows beyond the file too."""
        settings = self.form.settings()
        if self.state.data is not None:
            check_resources(self.state.data, settings)
        return settings

    def settings_problem_text(self) -> str:
        """Why Train cannot start with the form as it is, or ''."""
        try:
            self.settings()
        except (SettingsError, DataError) as error:
            return str(error)
        return ""

    # --- running ---------------------------------------------------------------------------------

    def is_training(self) -> bool:
        return self.thread is not None

    def start_training(self) -> None:
        if self.is_training() or self.state.data is None:
            return
        try:
            settings = self.settings()  # a range beyond the file fails here, not in the thread
        except (SettingsError, DataError) as error:
            dialogs.show_error(self, "Training settings", str(error), "Correct the setting and press Train again.")
            return
        self._reset_plot(settings.epochs)
        self.worker = TrainingWorker(self.state.data, settings)
        queued = Qt.ConnectionType.QueuedConnection  # widgets are touched only on the GUI thread
        self.worker.epochDone.connect(self._epoch_done, queued)
        self.worker.done.connect(self._run_done, queued)
        self.worker.failed.connect(self._run_failed, queued)
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL_WHILE_TRAINING)
        self.thread = start_worker(self.worker)
        self.thread.finished.connect(self._thread_finished)
        self._redraw_timer.start()
        self.epoch_figures.setText(f"Training {settings.epochs} epochs on rows "
                                   f"{format_row_ranges(settings.train_rows)}...")
        self._update_buttons()
        self.trainingStarted.emit()

    def stop_training(self) -> None:
        if self.worker is not None:
            self.worker.request_stop()
            self.stop_button.setEnabled(False)
            self.epoch_figures.setText(self.epoch_figures.text() + "  Stopping...")

    def shutdown(self) -> None:
        """Stop a run and join its thread (the window is closing); its result is dropped."""
        if self.thread is None:
            return
        for signal in (self.worker.epochDone, self.worker.done, self.worker.failed):
            signal.disconnect()
        self.worker.request_stop()
        self.thread.quit()  # ends the thread's event loop as soon as `run` returns
        self.thread.wait()
        self._thread_finished()

    def _epoch_done(self, report: EpochReport) -> None:
        self._reports.append(report)
        self._plot_stale = True
        self.progress.setValue(report.epoch)
        self.timing.setText(f"elapsed {format_seconds(report.elapsed)}, ETA {format_seconds(report.remaining)}")
        self.epoch_figures.setText(
            f"Epoch {report.epoch}/{report.epochs}: training cost {report.train_cost:.4f}, "
            f"test cost {report.test_cost:.4f}, test accuracy {100 * report.test_accuracy:.2f}%")

    def _run_done(self, run: Run) -> None:
        self.redraw_plot()
        if not run.has_model:
            self.epoch_figures.setText(f"{run.message} The app keeps the model it had.")
            if run.status == "diverged":
                dialogs.show_error(self, "Training failed", run.message,
                                   "The app keeps the model it had. Change the settings (for example a smaller "
                                   "learning rate) and press Train again.")
            return
        self.state.set_model(run.model, None, unsaved=True)
        how = "Stopped" if run.result.stopped else "Finished"
        self.epoch_figures.setText(
            f"{how} after {run.result.epochs_run} epochs in {format_seconds(run.result.seconds)}: test accuracy "
            f"{100 * run.test.rate:.2f}%. The Test and Draw tabs now use this model (not saved yet).")

    def _run_failed(self, message: str) -> None:
        self.redraw_plot()
        self.epoch_figures.setText("Training failed; the app keeps the model it had.")
        dialogs.show_error(self, "Training failed", message,
                           "The app keeps the model it had. Change the settings and press Train again.")

    def _thread_finished(self) -> None:
        if self.thread is None:
            return
        self._redraw_timer.stop()
        sys.setswitchinterval(self._switch_interval)
        self.redraw_plot()
        self.thread.deleteLater()
        self.worker.deleteLater()
        self.thread = self.worker = None
        self._update_buttons()
        self.trainingEnded.emit()

    def _update_buttons(self) -> None:
        running = self.is_training()
        problem = self.settings_problem_text()
        self.settings_problem.setText(problem)
        self.train_button.setEnabled(not running and self.state.data is not None and not problem)
        self.stop_button.setEnabled(running)
        self.save_button.setEnabled(self.state.model is not None)

    # --- plot ------------------------------------------------------------------------------------

    def _reset_plot(self, epochs: int) -> None:
        self._reports = []
        for plot in (self.cost_plot, self.accuracy_plot):
            # the run's whole length from the start: the epoch axis is then painted once, not per redraw
            plot.getPlotItem().setXRange(1, max(epochs, 2), padding=0.02)
        self._plot_stale = True
        self.redraw_plot()
        self.progress.setMaximum(epochs)
        self.progress.setValue(0)
        self.timing.setText("")

    def redraw_plot(self) -> None:
        """Put the epochs so far on the plots, if any arrived since the last redraw."""
        if not self._plot_stale:
            return
        self._plot_stale = False
        self.redraw_count += 1
        epochs = [report.epoch for report in self._reports]
        self.train_curve.setData(epochs, [report.train_cost for report in self._reports])
        self.test_curve.setData(epochs, [report.test_cost for report in self._reports])
        self.accuracy_curve.setData(epochs, [100 * report.test_accuracy for report in self._reports])

    def plotted_points(self) -> int:
        x, _ = self.train_curve.getData()
        return 0 if x is None else len(x)


def plot_widget(name: str, title: str, left_label: str) -> pg.PlotWidget:
    """A white plot of something per epoch."""
    plot = pg.PlotWidget(background="w")
    plot.setObjectName(name)
    item = plot.getPlotItem()
    item.setTitle(title)
    item.setLabel("bottom", "epoch")
    item.setLabel("left", left_label)
    return plot


def format_seconds(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds:02d} s"
