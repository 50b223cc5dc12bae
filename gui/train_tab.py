"""The Train tab: the training settings, Train / Stop / Save, and the cost per epoch, live or the model's.

It composes four panels (gui/training_form.py, gui/training_plots.py, gui/pace_controls.py,
gui/session_runs.py) and runs the training: a child process watched by a worker thread
(gui/training_worker.py), its epochs relayed here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QProgressBar, QSizePolicy, QVBoxLayout, QWidget

from core.base.errors import DataError, SettingsError
from core.base.i18n import _, ngettext
from core.learning.data import format_row_ranges, ranges_overlap
from core.learning.model import Model
from core.learning.settings import TrainingSettings
from core.learning.training import EpochReport, History
from core.services.runs import DIVERGED, Run, check_resources
from gui import dialogs
from gui.app_state import AppState
from gui.pace_controls import PaceControls
from gui.session_runs import SessionRuns
from gui.training_form import TrainingFormBox
from gui.training_plots import TrainingPlots
from gui.training_worker import TrainingWorker, start_worker


class TrainTab(QWidget):
    """Trains a new network in a child process; the finished run becomes the app's (unsaved) model.

    The plots show the run under way, or else the history saved with the app's current model. Each run
    that gives a model is kept for the session, to be compared with the others. `confirm_replace()` says
    whether a new run may replace the app's model (the main window asks about an unsaved one)."""

    saveRequested = Signal()
    trainingStarted = Signal(object)    # the run's TrainingSettings
    trainingEnded = Signal()
    snapshotArrived = Signal(object)    # core.services.inspection.Snapshot of the run under way, after each epoch

    def __init__(self, state: AppState, confirm_replace: Callable[[], bool] = lambda: True,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trainTab")
        self.state = state
        self.confirm_replace = confirm_replace
        self.worker: TrainingWorker | None = None
        self.thread: QThread | None = None
        self._status: tuple = ("idle",)     # what the status line says, made again in the current language
        self._last_report: EpochReport | None = None
        self._stopping = False
        self._build()
        self.set_settings(TrainingSettings())
        self.state.dataChanged.connect(self._update_buttons)
        self.state.modelChanged.connect(self._model_changed)
        self._update_buttons()
        self.retranslate()

    def _build(self) -> None:
        layout = QHBoxLayout(self)
        self.settings_box = box = TrainingFormBox()
        self.form, self.settings_problem = box.form, box.settings_problem
        self.train_button, self.stop_button, self.save_button = box.train_button, box.stop_button, box.save_button
        self.form.changed.connect(self._form_changed)
        self.train_button.clicked.connect(self.start_training)
        self.stop_button.clicked.connect(self.stop_training)
        self.save_button.clicked.connect(self.saveRequested)
        layout.addWidget(box, 0)
        right = QVBoxLayout()
        layout.addLayout(right, 1)
        self.plots = TrainingPlots()
        right.addWidget(self.plots, 1)
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
        self.pace = PaceControls()
        right.addWidget(self.pace)
        self.session_runs = SessionRuns()
        right.addWidget(self.session_runs)

    def retranslate(self) -> None:
        self.settings_box.retranslate()
        self.plots.retranslate()
        self.session_runs.retranslate()
        self.pace.retranslate()
        self.progress.setFormat(_("epoch %v / %m"))
        self._show_status()
        self._show_timing()
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
        self._last_report, self._stopping = None, False
        self.plots.begin_run(settings.epochs)
        self.progress.setMaximum(settings.epochs)
        self.progress.setValue(0)
        self.worker = TrainingWorker(self.state.data, settings)
        queued = Qt.ConnectionType.QueuedConnection  # widgets are touched only on the GUI thread
        self.worker.epochDone.connect(self._epoch_done, queued)
        self.worker.inspected.connect(self._snapshot_arrived, queued)
        self.worker.done.connect(self._run_done, queued)
        self.worker.failed.connect(self._run_failed, queued)
        self.pace.attach(self.worker.pacing)
        self.thread = start_worker(self.worker)
        self.thread.finished.connect(self._thread_finished)
        self._set_status("training", settings)
        self._update_buttons()
        self.trainingStarted.emit(settings)

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
        self.plots.add_epoch(report)
        self.progress.setValue(report.epoch)
        self._show_timing()
        self._set_status("epoch", report)

    def _snapshot_arrived(self, snapshot) -> None:
        """Passed on as it came (a slot of this tab, so that the queued call runs on the GUI thread)."""
        self.snapshotArrived.emit(snapshot)

    def _run_done(self, run: Run) -> None:
        self.plots.redraw_plot()
        if not run.has_model:
            self._set_status("no model", run)
            if run.status == DIVERGED:
                dialogs.show_error(self, _("Training failed"), run.message,
                                   _("The app keeps the model it had. Change the settings (for example a smaller "
                                     "learning rate) and press Train again."))
            return
        self._set_status("trained", run)
        self.session_runs.keep(run)
        self.state.set_model(run.model, None, unsaved=True)

    def _run_failed(self, message: str) -> None:
        self.plots.redraw_plot()
        self._set_status("failed", message)
        dialogs.show_error(self, _("Training failed"), message,
                           _("The app keeps the model it had. Change the settings and press Train again."))

    def _thread_finished(self) -> None:
        if self.thread is None:
            return
        self.plots.end_run()
        self.pace.detach()
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

    def _model_changed(self) -> None:
        """A model that arrives from a file (or from a run) is the one the plots show."""
        if not self.is_training():
            model = self.state.model
            self.plots.show_history(model.history if model is not None else History())
            shown = len(self.plots.shown_history())
            planned = model.settings.epochs if model is not None and model.settings else shown
            self.progress.setMaximum(max(planned, shown, 1))
            self.progress.setValue(shown)   # the epochs the plots show, of those planned
            if model is None:
                self._set_status("idle")
                self._reset_progress()
            elif not (self._status[0] == "trained" and self._status[1].model is model):
                self._set_status("model", model)
        self._show_status()
        self._update_buttons()

    def _reset_progress(self) -> None:
        try:
            epochs = self.form.value("epochs")
        except SettingsError:
            return
        self.progress.setMaximum(epochs)
        self.progress.setValue(0)

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


def format_seconds(seconds: float) -> str:
    if seconds < 60:
        return _("{seconds:.1f} s").format(seconds=seconds)
    minutes, seconds = divmod(round(seconds), 60)
    return _("{minutes} min {seconds:02d} s").format(minutes=minutes, seconds=seconds)
