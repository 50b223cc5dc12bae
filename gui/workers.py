"""Work off the GUI thread, in Qt's documented worker pattern: a QObject moved to a QThread.

The worker's `run` slot starts with the thread; its results come back by signals, queued to the GUI
thread, and its end signals quit the thread. Stopping is a flag the work reads as it goes: a queued
"stop" signal would never reach a slot of a worker whose loop is busy. `DataLoader` loads a data file
this way, with progress and a way to cancel; `Job` runs any one function this way (the gradient check);
gui/training_worker.py trains this way.
"""

from __future__ import annotations

import threading
import traceback
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from core.base.errors import Cancelled, TrazoError, unexpected_message
from core.learning.data import Progress, load_dataset

# Each running thread and its worker, held until the thread finishes: a QThread destroyed while it runs
# aborts the process, which could happen if the window that started it went away first.
_running: dict[QThread, QObject] = {}


def start_worker(worker: QObject, *end_signals) -> QThread:
    """Move the worker to a new thread, quit the thread on any of its end signals, and start it."""
    thread = QThread()
    thread.setObjectName(type(worker).__name__ + "Thread")
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    for signal in end_signals:
        signal.connect(thread.quit)
    _running[thread] = worker
    thread.finished.connect(lambda: _running.pop(thread, None))
    thread.start()
    return thread


def unexpected(error: Exception) -> str:
    """The message for a failure no TrazoError describes (printed with its traceback for a report)."""
    traceback.print_exc()
    return unexpected_message(error)


class DataLoader(QObject):
    """Loads one data file; emits `progressed` as it goes, then exactly one of `loaded`, `failed`, `cancelled`."""

    progressed = Signal(float)          # the fraction done
    loaded = Signal(object, object)     # Dataset, Path
    failed = Signal(str, object)        # message, Path
    cancelled = Signal(object)          # Path

    def __init__(self, path: Path):
        super().__init__()
        self.path = Path(path)
        self._stop = threading.Event()

    def cancel(self) -> None:
        """Safe from any thread; the load ends at its next block of the file."""
        self._stop.set()

    @Slot()
    def run(self) -> None:
        try:
            data = load_dataset(self.path, Progress(self.progressed.emit, self._stop.is_set))
        except Cancelled:
            self.cancelled.emit(self.path)
        except TrazoError as error:
            self.failed.emit(str(error), self.path)
        except Exception as error:  # a worker must always answer, or the GUI waits forever
            self.failed.emit(unexpected(error), self.path)
        else:
            self.loaded.emit(data, self.path)

    def start(self) -> QThread:
        return start_worker(self, self.loaded, self.failed, self.cancelled)


def answer(work: Callable[[], object], done: Signal, failed: Signal) -> None:
    """Run `work` and emit exactly one of `done(result)` or `failed(message)`, whatever it raises: a worker
    must always answer, or the GUI waits forever."""
    try:
        result = work()
    except TrazoError as error:
        failed.emit(str(error))
    except Exception as error:  # see above
        failed.emit(unexpected(error))
    else:
        done.emit(result)


class Job(QObject):
    """Runs one function off the GUI thread (a gradient check, say); emits exactly one of `done` or `failed`."""

    done = Signal(object)               # what the function returned
    failed = Signal(str)

    def __init__(self, work: Callable[[], object]):
        super().__init__()
        self.work = work

    @Slot()
    def run(self) -> None:
        answer(self.work, self.done, self.failed)

    def start(self) -> QThread:
        return start_worker(self, self.done, self.failed)


class TeachWorker(Job):
    """Teaches the drawing reader the user's digits (core/services/teach.py); emits `progressed(epoch, epochs)`,
    then exactly one of `done(Taught or None when stopped)` or `failed(message)`."""

    progressed = Signal(int, int)

    def __init__(self, reader, data, collection):
        super().__init__(self._teach)
        self.reader, self.data, self.collection = reader, data, collection
        self._stop = threading.Event()

    def request_stop(self) -> None:
        self._stop.set()

    def _teach(self):
        from core.services.teach import teach

        return teach(self.reader, self.data, self.collection, on_epoch=self.progressed.emit,
                     should_stop=self._stop.is_set)
