"""Training off the GUI thread (gui/workers.py's pattern), through the one training service, core/runs.py.

Stopping is a flag that the training loop reads before every mini-batch.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThread, Signal, Slot

from core.data import Dataset
from core.errors import TrazoError
from core.runs import run_training
from core.settings import TrainingSettings
from gui.workers import start_worker as start_in_thread
from gui.workers import unexpected


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
            self.failed.emit(unexpected(error))
        else:
            self.done.emit(run)


def start_worker(worker: TrainingWorker) -> QThread:
    return start_in_thread(worker, worker.done, worker.failed)
