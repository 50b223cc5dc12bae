"""Training off the GUI thread, through the one training service, core/services/runs.py: in a child process
(core/services/child_run.py), which a worker thread (gui/workers.py's pattern) watches and relays as Qt signals.

A thread of this process would share the interpreter lock with the GUI thread, and the window's timers
would be late by the Python the training runs between NumPy calls; a child has an interpreter of its own.
The worker thread spends its time waiting on the child's pipe, which holds no lock.

Stopping is a flag that the training loop reads before every mini-batch. After every epoch the worker
sends the epoch's figures, then a snapshot for the Inside tab: a copy of the network and its gradient
norms, both made where the training runs, so the GUI thread only draws them.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal, Slot

from core.learning.data import Dataset
from core.learning.settings import TrainingSettings
from core.services.child_run import DONE, EPOCH, FAILED, SNAPSHOT, ChildRun
from gui.workers import start_worker as start_in_thread
from gui.workers import unexpected


class TrainingWorker(QObject):
    """Runs one training; emits `epochDone` and `inspected` per epoch, then exactly one of `done` or `failed`."""

    epochDone = Signal(object)          # core.learning.training.EpochReport (without the network)
    inspected = Signal(object)          # core.services.inspection.Snapshot: a copy of the network, its gradient norms
    done = Signal(object)               # core.services.runs.Run: finished, stopped, nothing learned or diverged
    failed = Signal(str)                # an error the run could not turn into a Run

    def __init__(self, data: Dataset, settings: TrainingSettings):
        super().__init__()
        self.settings = settings
        self.child = ChildRun(data, settings)
        self.pacing = self.child.pacing     # pause, step and pace, from any thread

    def request_stop(self) -> None:
        """Safe to call from any thread; the run ends before its next mini-batch."""
        self.child.request_stop()

    @Slot()
    def run(self) -> None:
        signals = {EPOCH: self.epochDone, SNAPSHOT: self.inspected, DONE: self.done, FAILED: self.failed}
        try:
            self.child.start()
        except Exception as error:  # no process to be had: a worker must always answer
            self.failed.emit(unexpected(error))
            return
        for kind, payload in self.child.messages():
            signals[kind].emit(payload)


def start_worker(worker: TrainingWorker) -> QThread:
    return start_in_thread(worker, worker.done, worker.failed)
