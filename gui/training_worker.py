"""Training off the GUI thread (gui/workers.py's pattern), through the one training service, core/runs.py.

Stopping is a flag that the training loop reads before every mini-batch. After every epoch the worker
sends the epoch's figures, then a snapshot for the Inside tab: a copy of the network and its gradient
norms, both made here in the worker's thread, so the GUI thread only draws them.
"""

from __future__ import annotations

import dataclasses
import threading

from PySide6.QtCore import QObject, QThread, Signal, Slot

from core.data import Dataset
from core.errors import TrazoError
from core.inside import gradient_rows, take_snapshot
from core.runs import run_training
from core.settings import TrainingSettings
from gui.workers import start_worker as start_in_thread
from gui.workers import unexpected


class TrainingWorker(QObject):
    """Runs one training; emits `epochDone` and `inspected` per epoch, then exactly one of `done` or `failed`."""

    epochDone = Signal(object)          # core.training.EpochReport (without the network)
    inspected = Signal(object)          # core.inside.Snapshot: a copy of the network, its gradient norms
    done = Signal(object)               # core.runs.Run: finished, stopped, nothing learned or diverged
    failed = Signal(str)                # an error the run could not turn into a Run

    def __init__(self, data: Dataset, settings: TrainingSettings):
        super().__init__()
        self.data = data
        self.settings = settings
        self._stop = threading.Event()
        self._gradient_rows = None

    def request_stop(self) -> None:
        """Safe to call from any thread; the run ends before its next mini-batch."""
        self._stop.set()

    def stop_requested(self) -> bool:
        return self._stop.is_set()

    @Slot()
    def run(self) -> None:
        try:
            run = run_training(self.data, self.settings, on_epoch=self._epoch_done, should_stop=self._stop.is_set)
        except TrazoError as error:
            self.failed.emit(str(error))
        except Exception as error:  # noqa: BLE001 - a worker must always answer, or the GUI waits forever
            self.failed.emit(unexpected(error))
        else:
            self.done.emit(run)

    def _epoch_done(self, report) -> None:
        """In the worker's thread, while training waits: the figures, then the snapshot."""
        self.epochDone.emit(dataclasses.replace(report, network=None))
        if self._gradient_rows is None:
            self._gradient_rows = gradient_rows(self.data, self.settings)
        self.inspected.emit(take_snapshot(report.network, report.epoch, *self._gradient_rows))


def start_worker(worker: TrainingWorker) -> QThread:
    return start_in_thread(worker, worker.done, worker.failed)
