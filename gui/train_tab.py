"""The Train tab: the training settings, Train / Stop / Save, and the cost per epoch, live or the model's."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from core.base.errors import DataError, SettingsError
from core.base.i18n import N_, _, ngettext
from core.learning.data import format_row_ranges, ranges_overlap
from core.learning.model import Model
from core.learning.network import ACTIVATIONS
from core.learning.optimizers import OPTIMIZERS
from core.learning.settings import BY_NAME, RECIPES, TrainingSettings
from core.learning.training import EpochReport, History
from core.services.comparison import RunRecord, record_of
from core.services.runs import DIVERGED, Run, check_resources
from gui import dialogs
from gui.app_state import AppState
from gui.compare_runs import CompareRunsDialog
from gui.settings_form import SettingsForm
from gui.staggered_redraw import StaggeredRedraw
from gui.training_worker import TrainingWorker, start_worker
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


class TrainTab(QWidget):
    """Trains a new network in a child process; the finished run becomes the app's (unsaved) model.

    The plots show the run under way, or else the history saved with the app's current model. Each run
    that gives a model is kept for the session, to be compared with the others."""

    saveRequested = Signal()
    trainingStarted = Signal()
    trainingEnded = Signal()
    snapshotArrived = Signal(object)    # core.services.inspection.Snapshot of the run under way, after each epoch

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trainTab")
        self.state = state
        self.worker: TrainingWorker | None = None
        self.thread: QThread | None = None
        self.redraw_count = 0
        self._span = self._planned = 2      # the epoch axis's end; the epochs planned for the run
        self._history = History()           # what the plots show
        self._plots = StaggeredRedraw(2, stale=False)  # stale: the plots whose points are older than the history
        self._status: tuple = ("idle",)     # what the status line says, made again in the current language
        self._last_report: EpochReport | None = None
        self._stopping = False
        self.runs: list[RunRecord] = []     # this session's runs that gave a model
        self.compare_dialog: CompareRunsDialog | None = None
        self._redraw_timer = QTimer(self, interval=REDRAW_INTERVAL_MS // 2)
        self._redraw_timer.timeout.connect(self._redraw_next_plot)
        self.texts = Texts()
        self._build()
        self.set_settings(TrainingSettings())
        self.state.dataChanged.connect(self._update_buttons)
        self.state.modelChanged.connect(self._model_changed)
        self._update_buttons()
        self.retranslate()

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
        self.epoch_figures = QLabel("", objectName="epochFigures", wordWrap=True)
        self.epoch_figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.epoch_figures.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # two lines' height from the start: a status that wraps to a second line at the first epoch resized
        # both plots, and their layout and paint from scratch kept the GUI thread 40-80 ms
        self.epoch_figures.setMinimumHeight(2 * self.epoch_figures.fontMetrics().lineSpacing())
        right.addWidget(self.epoch_figures)
        progress_row = QHBoxLayout()
        self.progress = QProgressBar(objectName="trainProgress")
        self.progress.setValue(0)
        self.timing = QLabel("", objectName="trainTiming")
        self.timing.setMinimumWidth(200)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.timing)
        right.addLayout(progress_row)
        right.addWidget(self._build_runs())

    def _build_form(self) -> QGroupBox:
        box = QGroupBox()
        self.texts.set(box.setTitle, N_("Training settings"))
        layout = QVBoxLayout(box)
        recipes = QHBoxLayout()
        recipes_label = QLabel()
        self.texts.set(recipes_label.setText, N_("Recipe:"))
        recipes.addWidget(recipes_label)
        self.recipe_buttons = {}
        for name, recipe in RECIPES.items():
            button = QPushButton(objectName=f"{name}RecipeButton")
            self.texts.set(button.setText, recipe.label)
            self.texts.set(button.setToolTip, recipe.help)
            button.clicked.connect(lambda _=False, chosen=recipe: self.set_settings(chosen.settings))
            recipes.addWidget(button)
            self.recipe_buttons[name] = button
        layout.addLayout(recipes)
        self.form = SettingsForm()
        self.form.changed.connect(self._form_changed)
        self.settings_scroll = scroll = FormScroll(objectName="settingsScroll", widgetResizable=True,
                                                   frameShape=QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)   # on a short screen the form scrolls; Train stays in view
        layout.addWidget(scroll, 1)
        self.settings_problem = QLabel("", objectName="settingsProblem", wordWrap=True)
        self.settings_problem.setStyleSheet("color: #a93226;")
        layout.addWidget(self.settings_problem)
        buttons = QHBoxLayout()
        self.train_button = QPushButton(objectName="trainButton")
        self.stop_button = QPushButton(objectName="stopButton")
        self.save_button = QPushButton(objectName="saveModelButton")
        for button, text, tip in ((self.train_button, N_("Train"), N_("Train a new network (Ctrl+T)")),
                                  (self.stop_button, N_("Stop"), N_("Stop after the current mini-batch")),
                                  (self.save_button, N_("Save model..."), N_("Save the current model (Ctrl+S)"))):
            self.texts.set(button.setText, text)
            self.texts.set(button.setToolTip, tip)
            buttons.addWidget(button)
        self.train_button.clicked.connect(self.start_training)
        self.stop_button.clicked.connect(self.stop_training)
        self.save_button.clicked.connect(self.saveRequested)
        layout.addLayout(buttons)
        box.setMaximumWidth(480)   # room for the longest choice of a combo beside its label, in Spanish too
        return box

    def _build_runs(self) -> QGroupBox:
        box = QGroupBox(objectName="runsBox")
        self.texts.set(box.setTitle, N_("Runs of this session (check two or more to compare them)"))
        layout = QHBoxLayout(box)
        self.run_list = QListWidget(objectName="runList")
        self.run_list.setMaximumHeight(4 * self.fontMetrics().height() + 8)
        self.run_list.itemChanged.connect(self._update_buttons)
        layout.addWidget(self.run_list, 1)
        self.compare_button = QPushButton(objectName="compareRunsButton")
        self.texts.set(self.compare_button.setText, N_("Compare..."))
        self.texts.set(self.compare_button.setToolTip, N_("The checked runs' costs over each other, and their "
                                                          "settings side by side"))
        self.compare_button.clicked.connect(self.compare_runs)
        layout.addWidget(self.compare_button, 0, Qt.AlignmentFlag.AlignTop)
        return box

    def _build_cost_plot(self) -> pg.PlotWidget:
        self.cost_plot = self._plot_widget("costPlot", N_("Cost per epoch"), N_("cross-entropy cost"))
        item = self.cost_plot.getPlotItem()
        legend = item.addLegend(offset=(-10, 10))
        self.train_curve = item.plot([], [], pen=pg.mkPen(TRAIN_COLOUR, width=2), name=" ")
        self.test_curve = item.plot([], [], pen=pg.mkPen(TEST_COLOUR, width=2), name=" ")
        for (_sample, label), name in zip(legend.items, (N_("training cost"), N_("test cost")), strict=True):
            self.texts.set(label.setText, name)
        return self.cost_plot

    def _build_accuracy_plot(self) -> pg.PlotWidget:
        self.accuracy_plot = self._plot_widget("accuracyPlot", N_("Recognition rate"), N_("test rows (%)"))
        self.accuracy_curve = self.accuracy_plot.getPlotItem().plot(
            [], [], pen=pg.mkPen(ACCURACY_COLOUR, width=2), symbol="o", symbolSize=4, symbolBrush=ACCURACY_COLOUR,
            symbolPen=None)
        return self.accuracy_plot

    def _plot_widget(self, name: str, title: str, left_label: str) -> pg.PlotWidget:
        """A white plot of something per epoch, its words in the interface language."""
        plot = pg.PlotWidget(background="w", axisItems={"bottom": EpochAxis("bottom")})
        plot.setObjectName(name)
        item = plot.getPlotItem()
        self.texts.set(item.setTitle, title)
        self.texts.set(lambda text: item.setLabel("bottom", text), N_("epoch"))
        self.texts.set(lambda text: item.setLabel("left", text), left_label)
        item.getAxis("left").enableAutoSIPrefix(False)   # no "(x0.001)" on a nearly flat curve
        return plot

    def retranslate(self) -> None:
        self.texts.retranslate()
        self.form.retranslate()
        self.progress.setFormat(_("epoch %v / %m"))
        self._show_status()
        self._show_timing()
        for row, run in enumerate(self.runs):
            self.run_list.item(row).setText(run_text(run))
        if self.compare_dialog is not None:
            self.compare_dialog.retranslate()
        self._update_buttons()

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

    def _form_changed(self) -> None:
        if not self.is_training() and self.state.model is None:
            self._reset_progress()   # with nothing to show, the bar counts the epochs of the next run
        self._update_buttons()

    # --- running ---------------------------------------------------------------------------------

    def is_training(self) -> bool:
        return self.thread is not None

    def start_training(self) -> None:
        if self.is_training() or self.state.data is None:
            return
        try:
            settings = self.settings()  # a range beyond the file fails here, not in the thread
        except (SettingsError, DataError) as error:
            dialogs.show_error(self, _("Training settings"), str(error),
                               _("Correct the setting and press Train again."))
            return
        overlap = ranges_overlap(settings.train_rows, (settings.test_rows,))
        if overlap and not self.ask_overlap(settings):
            return
        if not self.confirm_replace():
            return
        self._begin_plot(settings.epochs)
        self.worker = TrainingWorker(self.state.data, settings)
        queued = Qt.ConnectionType.QueuedConnection  # widgets are touched only on the GUI thread
        self.worker.epochDone.connect(self._epoch_done, queued)
        self.worker.inspected.connect(self._snapshot_arrived, queued)
        self.worker.done.connect(self._run_done, queued)
        self.worker.failed.connect(self._run_failed, queued)
        self.thread = start_worker(self.worker)
        self.thread.finished.connect(self._thread_finished)
        self._redraw_timer.start()
        self._set_status("training", settings)
        self._update_buttons()
        self.trainingStarted.emit()

    def confirm_replace(self) -> bool:
        """True when a new run may replace the app's model; the main window asks about an unsaved one."""
        return True

    def ask_overlap(self, settings: TrainingSettings) -> bool:
        """Whether to train although the test rows overlap the training rows (tests replace this)."""
        answer = QMessageBox.question(
            self, _("Test rows overlap the training rows"),
            _("The test rows {test} overlap the training rows {train}. The network will see some test digits "
              "while it learns, so its test rate will be optimistic: it will not measure how well it reads "
              "digits it has never seen. Train anyway?").format(
                test=format_row_ranges((settings.test_rows,)), train=format_row_ranges(settings.train_rows)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def stop_training(self) -> None:
        if self.worker is not None and not self._stopping:
            self.worker.request_stop()
            self._stopping = True
            self.stop_button.setEnabled(False)
            self._show_status()

    def shutdown(self) -> None:
        """Stop a run and join its thread and process (the window is closing); its result is dropped."""
        if self.thread is None:
            return
        for signal in (self.worker.epochDone, self.worker.inspected, self.worker.done, self.worker.failed):
            signal.disconnect()
        self.worker.request_stop()
        self.thread.quit()  # ends the thread's event loop as soon as `run` returns
        self.thread.wait()
        self._thread_finished()

    def _epoch_done(self, report: EpochReport) -> None:
        self._last_report = report
        self._history.append(report.train_cost, report.test_cost, report.test_accuracy, report.elapsed)
        self._plots.all_stale()
        self.progress.setValue(report.epoch)
        self._show_timing()
        self._set_status("epoch", report)

    def _snapshot_arrived(self, snapshot) -> None:
        """Passed on as it came (a slot of this tab, so that the queued call runs on the GUI thread)."""
        self.snapshotArrived.emit(snapshot)

    def _run_done(self, run: Run) -> None:
        self.redraw_plot()
        if not run.has_model:
            self._set_status("no model", run)
            if run.status == DIVERGED:
                dialogs.show_error(self, _("Training failed"), run.message,
                                   _("The app keeps the model it had. Change the settings (for example a smaller "
                                     "learning rate) and press Train again."))
            return
        self._set_status("trained", run)
        self._keep(run)
        self.state.set_model(run.model, None, unsaved=True)

    def _run_failed(self, message: str) -> None:
        self.redraw_plot()
        self._set_status("failed", message)
        dialogs.show_error(self, _("Training failed"), message,
                           _("The app keeps the model it had. Change the settings and press Train again."))

    def _thread_finished(self) -> None:
        if self.thread is None:
            return
        self._redraw_timer.stop()
        self._set_span(len(self._history))   # fit to the epochs run (a stopped run is shorter than planned)
        self.redraw_plot()
        self.thread.deleteLater()
        self.worker.deleteLater()
        self.thread = self.worker = None
        self._stopping = False
        self._show_timing()
        self._show_status()
        self._update_buttons()
        self.trainingEnded.emit()

    def _update_buttons(self) -> None:
        running = self.is_training()
        problem = self.settings_problem_text()
        self.settings_problem.setText(problem)
        self.train_button.setEnabled(not running and self.state.data is not None and not problem)
        self.stop_button.setEnabled(running and not self._stopping)
        self.save_button.setEnabled(self.state.model is not None)
        self.compare_button.setEnabled(len(self.checked_runs()) >= 2)

    # --- the session's runs ----------------------------------------------------------------------

    def _keep(self, run: Run) -> None:
        """Keep a run that gave a model, checked for comparison."""
        record = record_of(run, len(self.runs) + 1)
        self.runs.append(record)
        item = QListWidgetItem(run_text(record))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        self.run_list.addItem(item)
        self.run_list.scrollToItem(item)

    def checked_runs(self) -> list[RunRecord]:
        return [run for row, run in enumerate(self.runs)
                if self.run_list.item(row).checkState() == Qt.CheckState.Checked]

    def compare_runs(self) -> None:
        """The checked runs side by side, in a window of their own that stays open beside the tab."""
        if self.compare_dialog is None:
            self.compare_dialog = CompareRunsDialog(self)
        self.compare_dialog.set_runs(self.checked_runs())
        self.compare_dialog.show()
        self.compare_dialog.raise_()

    def _model_changed(self) -> None:
        """A model that arrives from a file (or from a run) is the one the plots show."""
        if not self.is_training():
            model = self.state.model
            self._history = History(**vars(model.history)) if model is not None else History()  # a copy
            self._reset_plot(max(len(self._history), 1), keep_history=True)
            planned = model.settings.epochs if model is not None and model.settings else len(self._history)
            self.progress.setMaximum(max(planned, len(self._history), 1))
            self.progress.setValue(len(self._history))   # the epochs the plots show, of those planned
            if model is None:
                self._set_status("idle")
                self._reset_progress()
            elif not (self._status[0] == "trained" and self._status[1].model is model):
                self._set_status("model", model)
        self._show_status()
        self._update_buttons()

    # --- the status line -------------------------------------------------------------------------

    def _set_status(self, *status) -> None:
        self._status = status
        self._show_status()

    def _show_status(self) -> None:
        text = self._status_text()
        if self._stopping:
            text += " " + _("Stopping after this mini-batch...")
        self.epoch_figures.setText(text)

    def _status_text(self) -> str:
        kind, *values = self._status
        if kind == "training":
            settings, = values
            return ngettext("Training {epochs} epoch on rows {rows}...", "Training {epochs} epochs on rows {rows}...",
                            settings.epochs).format(
                epochs=settings.epochs, rows=format_row_ranges(settings.train_rows))
        if kind == "epoch":
            report, = values
            return _("Epoch {epoch}/{epochs}: training cost {cost:.4f}, test cost {test_cost:.4f}, test accuracy "
                     "{accuracy:.2f}%").format(epoch=report.epoch, epochs=report.epochs, cost=report.train_cost,
                                               test_cost=report.test_cost, accuracy=100 * report.test_accuracy)
        if kind == "trained":
            run, = values
            return self._trained_text(run)
        if kind == "no model":
            run, = values
            return run.message + " " + _("The app keeps the model it had.")
        if kind == "failed":
            return _("Training failed; the app keeps the model it had.")
        if kind == "model":
            model, = values
            return self._model_text(model)
        return _("Press Train to train a new network with these settings.")

    def _trained_text(self, run: Run) -> str:
        epochs = run.result.epochs_run
        done = (ngettext("Stopped after {epochs} epoch in {time}", "Stopped after {epochs} epochs in {time}", epochs)
                if run.result.stopped else
                ngettext("Finished {epochs} epoch in {time}", "Finished {epochs} epochs in {time}", epochs))
        text = done.format(epochs=epochs, time=format_seconds(run.result.seconds)) + ": " + _(
            "test accuracy {accuracy:.2f}%.").format(accuracy=100 * run.test.rate)
        if self.state.model is run.model:
            text += " " + (_("The Test and Draw tabs now use this model (not saved yet).") if self.state.unsaved
                           else _("Saved as {name}.").format(name=self.state.model_name))
        return text

    def _model_text(self, model: Model) -> str:
        if not len(model.history):
            return _("{name}: its file holds no history per epoch to plot.").format(name=self.state.model_name)
        return ngettext("Showing {name}: {epochs} epoch of its saved history; its final test accuracy {accuracy}.",
                        "Showing {name}: {epochs} epochs of its saved history; its final test accuracy {accuracy}.",
                        len(model.history)).format(name=self.state.model_name, epochs=len(model.history),
                                       accuracy=f"{100 * model.history.test_accuracy[-1]:.2f}%")

    def _show_timing(self) -> None:
        report = self._last_report
        if report is None or not self.is_training():
            self.timing.setText("")
            return
        self.timing.setText(_("elapsed {elapsed}, ETA {remaining}").format(
            elapsed=format_seconds(report.elapsed), remaining=format_seconds(report.remaining)))

    # --- plot ------------------------------------------------------------------------------------

    def _reset_progress(self) -> None:
        try:
            epochs = self.form.value("epochs")
        except SettingsError:
            return
        self.progress.setMaximum(epochs)
        self.progress.setValue(0)

    def _begin_plot(self, epochs: int) -> None:
        """Empty plots for a new run of `epochs` epochs."""
        self._history, self._last_report, self._stopping = History(), None, False
        self._reset_plot(epochs)

    def _reset_plot(self, epochs: int, keep_history: bool = False) -> None:
        # A run's axis starts at its length, up to FIRST_SPAN epochs, and doubles when the epochs reach its end
        # (so it is painted again a few times, not per redraw); a model's history, or a run that ended, fits.
        self._planned = epochs
        self._set_span(epochs if keep_history else min(epochs, FIRST_SPAN))
        self._plots.all_stale()
        self.redraw_plot()
        if not keep_history:
            self.progress.setMaximum(epochs)
            self.progress.setValue(0)

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

    def shown_history(self) -> History:
        """The history the plots show: the run under way, or the current model's."""
        return self._history

    def plotted_points(self) -> int:
        x, _y = self.train_curve.getData()
        return 0 if x is None else len(x)


class FormScroll(QScrollArea):
    """A scroll area whose size hint follows its widget's as it changes: QScrollArea keeps the first one it
    saw, so the form's column would stay as wide as the language the window started in."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # QScrollArea filters its widget's events already; a layout request there means its hint may change
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:
        widget = self.widget()
        if widget is None:
            return super().sizeHint()
        frame, line = 2 * self.frameWidth(), self.fontMetrics().height()
        return (widget.sizeHint() + QSize(frame, frame)).boundedTo(QSize(36 * line, 24 * line))   # Qt's bound


class EpochAxis(pg.AxisItem):
    """An axis of epochs: ticks on whole numbers only (no epoch 1.5 on a short run)."""

    def tickValues(self, minVal, maxVal, size):
        levels = super().tickValues(minVal, maxVal, size)
        whole = [(max(spacing, 1.0), [value for value in values if float(value).is_integer()])
                 for spacing, values in levels]
        return [level for level in whole if level[1]]


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


def format_seconds(seconds: float) -> str:
    if seconds < 60:
        return _("{seconds:.1f} s").format(seconds=seconds)
    minutes, seconds = divmod(round(seconds), 60)
    return _("{minutes} min {seconds:02d} s").format(minutes=minutes, seconds=seconds)
