"""Training off the GUI thread, in Qt's documented worker pattern.

A `TrainingWorker` is moved to a `QThread` and its `run` slot is started by the thread. It calls the
one training service, core/runs.py, and its results come back by signals (queued to the GUI thread).
Stopping is a flag that the training loop reads before every mini-batch: a queued "stop" signal would
never reach a slot of a worker whose loop is busy.
"""

from __future__ import annotations

import threading
import traceback

from PySide6.QtCore import QObject, QThread, Signal, Slot

from core.data import Dataset
from core.errors import TrazoError
from core.i18n import _
from core.runs import run_training
from core.settings import TrainingSettings


class TrainingWorker(QObject):
    """Runs one training; emits `epochDone` per epoch, then exactly one of `done` or `failed`."""

    epochDone = Signal(object)          # core.training.EpochReport
    done = Signal(object)               # core.runs.Run: finished, stopped, nothing learned or diverged
    failed = Signal(str)                # an error the run could not turn into a Run

    def __init__(self, data: Dataset, settings: TrainingSettings):
        super().__init__()
        self.data = data
        self.settings = settings
        self._stop = threading.Event()

    def request_stop(self) -> None:
        """Safe to call from any thread; the run ends before its next mini-batch."""
        self._stop.set()

    def stop_requested(self) -> bool:
        return self._stop.is_set()

    @Slot()
    def run(self) -> None:
        try:
            run = run_training(self.data, self.settings, on_epoch=self.epochDone.emit, should_stop=self._stop.is_set)
        except TrazoError as error:
            self.failed.emit(str(error))
        except Exception as error:  # noqa: BLE001 - a worker must always answer, or the GUI waits forever
            traceback.print_exc()
            self.failed.emit(_("Training failed unexpectedly: {error!r}").format(error=error))
        else:
            self.done.emit(run)


def start_worker(worker: TrainingWorker) -> QThread:
    """Move the worker to a new thread, wire the thread's end to the worker's, and start it."""
    thread = QThread()
    thread.setObjectName("trainingThread")
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.done.connect(thread.quit)
    worker.failed.connect(thread.quit)
    thread.start()
    return thread
