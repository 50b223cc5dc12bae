"""The Train tab: the training settings, Train / Stop / Save, and the cost plotted live per epoch."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QProgressBar, QPushButton, QSpinBox, QVBoxLayout, QWidget)

import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from core.data import format_row_range, format_row_ranges, parse_row_range, parse_row_ranges
from core.errors import DataError, SettingsError
from core.model_io import model_from_training
from core.network import ACTIVATIONS, INITIALISATIONS
from core.optimizers import OPTIMIZERS
from core.training import SCHEDULES, EpochReport, TrainingResult, TrainingSettings
from gui import dialogs
from gui.app_state import AppState
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
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.hidden_edit = QLineEdit(objectName="hiddenEdit", toolTip="hidden layer sizes, for example 200 or 128 64")
        self.activation_combo = combo("activationCombo", ACTIVATIONS)
        self.initialisation_combo = combo("initialisationCombo", INITIALISATIONS)
        self.optimizer_combo = combo("optimizerCombo", OPTIMIZERS)
        self.learning_rate_spin = double_spin("learningRateSpin", 0.00001, 10.0, 5, 0.0005)
        self.momentum_spin = double_spin("momentumSpin", 0.0, 0.999, 3, 0.05)
        self.schedule_combo = combo("scheduleCombo", SCHEDULES)
        self.epochs_spin = QSpinBox(objectName="epochsSpin", minimum=1, maximum=100_000)
        self.batch_size_spin = QSpinBox(objectName="batchSizeSpin", minimum=0, maximum=100_000)
        self.batch_size_spin.setSpecialValueText("whole set")
        self.weight_decay_spin = double_spin("weightDecaySpin", 0.0, 0.999, 5, 0.0001)
        self.augment_check = QCheckBox("random distortions of the digits", objectName="augmentCheck")
        self.thickness_spin = double_spin("thicknessSpin", 0.0, 3.0, 2, 0.1)
        self.thickness_spin.setSuffix(" px")
        self.thickness_spin.setToolTip("augmentation: strokes up to this many pixels thicker or thinner")
        self.augment_check.toggled.connect(self.thickness_spin.setEnabled)
        self.seed_spin = QSpinBox(objectName="seedSpin", minimum=0, maximum=2_147_483_647)
        self.train_rows_edit = QLineEdit(objectName="trainRowsEdit",
                                         toolTip="START:END, END not included; several ranges separated by commas")
        self.test_rows_edit = QLineEdit(objectName="testRowsEdit", toolTip="START:END, END not included")
        for label, widget in [("Hidden layers:", self.hidden_edit), ("Activation:", self.activation_combo),
                              ("Initialisation:", self.initialisation_combo), ("Optimiser:", self.optimizer_combo),
                              ("Learning rate:", self.learning_rate_spin), ("Momentum:", self.momentum_spin),
                              ("Schedule:", self.schedule_combo), ("Epochs:", self.epochs_spin),
                              ("Batch size:", self.batch_size_spin), ("Weight decay:", self.weight_decay_spin),
                              ("Augmentation:", self.augment_check), ("Stroke thickness ±:", self.thickness_spin),
                              ("Seed:", self.seed_spin),
                              ("Training rows:", self.train_rows_edit), ("Test rows:", self.test_rows_edit)]:
            form.addRow(label, widget)
        defaults = QPushButton("Shipped recipe", objectName="defaultsButton",
                               toolTip="Reset every setting to the recipe of the shipped model")
        defaults.clicked.connect(lambda: self.set_settings(TrainingSettings()))
        form.addRow(defaults)
        buttons = QHBoxLayout()
        self.train_button = QPushButton("Train", objectName="trainButton", toolTip="Train a new network (Ctrl+T)")
        self.stop_button = QPushButton("Stop", objectName="stopButton", toolTip="Stop after the current mini-batch")
        self.save_button = QPushButton("Save model...", objectName="saveModelButton")
        self.train_button.clicked.connect(self.start_training)
        self.stop_button.clicked.connect(self.stop_training)
        self.save_button.clicked.connect(self.saveRequested)
        for button in (self.train_button, self.stop_button, self.save_button):
            buttons.addWidget(button)
        form.addRow(buttons)
        box.setMaximumWidth(380)
        return box

    def _build_cost_plot(self) -> pg.PlotWidget:
        self.cost_plot = pg.PlotWidget(background="w")
        self.cost_plot.setObjectName("costPlot")
        item = self.cost_plot.getPlotItem()
        item.setTitle("Cost per epoch")
        item.setLabel("bottom", "epoch")
        item.setLabel("left", "cross-entropy cost")
        item.addLegend(offset=(-10, 10))
        self.train_curve = item.plot([], [], pen=pg.mkPen(TRAIN_COLOUR, width=2), name="training cost")
        self.test_curve = item.plot([], [], pen=pg.mkPen(TEST_COLOUR, width=2), name="test cost")
        return self.cost_plot

    def _build_accuracy_plot(self) -> pg.PlotWidget:
        self.accuracy_plot = pg.PlotWidget(background="w")
        self.accuracy_plot.setObjectName("accuracyPlot")
        item = self.accuracy_plot.getPlotItem()
        item.setTitle("Test accuracy")
        item.setLabel("bottom", "epoch")
        item.setLabel("left", "accuracy (%)")
        self.accuracy_curve = item.plot([], [], pen=pg.mkPen(ACCURACY_COLOUR, width=2),
                                        symbol="o", symbolSize=4, symbolBrush=ACCURACY_COLOUR, symbolPen=None)
        return self.accuracy_plot

    # --- settings --------------------------------------------------------------------------------

    def set_settings(self, settings: TrainingSettings) -> None:
        self.hidden_edit.setText(" ".join(map(str, settings.hidden)))
        self.activation_combo.setCurrentText(settings.activation)
        self.initialisation_combo.setCurrentText(settings.initialisation)
        self.optimizer_combo.setCurrentText(settings.optimizer)
        self.learning_rate_spin.setValue(settings.learning_rate)
        self.momentum_spin.setValue(settings.momentum)
        self.schedule_combo.setCurrentText(settings.schedule)
        self.epochs_spin.setValue(settings.epochs)
        self.batch_size_spin.setValue(settings.batch_size)
        self.weight_decay_spin.setValue(settings.weight_decay)
        self.augment_check.setChecked(settings.augment)
        self.thickness_spin.setValue(settings.thickness)
        self.thickness_spin.setEnabled(settings.augment)
        self.seed_spin.setValue(settings.seed)
        self.train_rows_edit.setText(format_row_ranges(settings.train_rows))
        self.test_rows_edit.setText(format_row_range(settings.test_rows))

    def settings(self) -> TrainingSettings:
        """The form's settings, or a SettingsError / DataError naming the field that is wrong."""
        try:
            hidden = tuple(int(size) for size in self.hidden_edit.text().replace(",", " ").split())
        except ValueError:
            raise SettingsError(f"hidden layers {self.hidden_edit.text()!r}: expected whole numbers, "
                                f"for example 200 or 128 64") from None
        return TrainingSettings(
            hidden=hidden, activation=self.activation_combo.currentText(),
            initialisation=self.initialisation_combo.currentText(), optimizer=self.optimizer_combo.currentText(),
            learning_rate=self.learning_rate_spin.value(), momentum=self.momentum_spin.value(),
            schedule=self.schedule_combo.currentText(), epochs=self.epochs_spin.value(),
            batch_size=self.batch_size_spin.value(), weight_decay=self.weight_decay_spin.value(),
            augment=self.augment_check.isChecked(), thickness=self.thickness_spin.value(),
            seed=self.seed_spin.value(),
            train_rows=parse_row_ranges(self.train_rows_edit.text().strip()),
            test_rows=parse_row_range(self.test_rows_edit.text().strip()),
        ).validate()

    # --- running ---------------------------------------------------------------------------------

    def is_training(self) -> bool:
        return self.thread is not None

    def start_training(self) -> None:
        if self.is_training() or self.state.data is None:
            return
        try:
            settings = self.settings()
            for rows in (*settings.train_rows, settings.test_rows):
                self.state.data.rows(rows)  # a range beyond the file fails here, not in the thread
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
        remaining = report.elapsed / report.epoch * (report.epochs - report.epoch)
        self.timing.setText(f"elapsed {format_seconds(report.elapsed)}, ETA {format_seconds(remaining)}")
        self.epoch_figures.setText(
            f"Epoch {report.epoch}/{report.epochs}: training cost {report.train_cost:.4f}, "
            f"test cost {report.test_cost:.4f}, test accuracy {100 * report.test_accuracy:.2f}%")

    def _run_done(self, result: TrainingResult, test_rate: float) -> None:
        self.redraw_plot()
        if result.epochs_run == 0:
            self.epoch_figures.setText("Stopped before the first epoch ended; the model is unchanged.")
            return
        model = model_from_training(result, test_rate)
        self.state.set_model(model, None, unsaved=True)
        how = "Stopped" if result.stopped else "Finished"
        self.epoch_figures.setText(
            f"{how} after {result.epochs_run} epochs in {format_seconds(result.seconds)}: test accuracy "
            f"{100 * test_rate:.2f}%. The Test and Draw tabs now use this model (not saved yet).")

    def _run_failed(self, message: str, result: TrainingResult | None) -> None:
        self.redraw_plot()
        self.epoch_figures.setText("Training failed; the app keeps the model it had.")
        dialogs.show_error(self, "Training failed", message,
                           "The app keeps the model it had. Change the settings (for example a smaller "
                           "learning rate) and press Train again.")

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
        self.train_button.setEnabled(not running and self.state.data is not None)
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


def combo(name: str, choices: tuple[str, ...]) -> QComboBox:
    box = QComboBox(objectName=name)
    box.addItems(list(choices))
    return box


def double_spin(name: str, minimum: float, maximum: float, decimals: int, step: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox(objectName=name, decimals=decimals, singleStep=step)
    spin.setRange(minimum, maximum)
    return spin


def format_seconds(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds:02d} s"
