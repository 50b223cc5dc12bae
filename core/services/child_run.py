"""One training run in a process of its own, so that the app's interpreter never waits for the arithmetic.

A training thread and the GUI thread share one interpreter lock: every slice of Python the training
runs between two NumPy calls made the window's timers late. A child process has its own interpreter.
It never shares the window's memory: it is forked from a server process that has imported NumPy and the
training code once and nothing of Qt (multiprocessing's "forkserver", on Linux and macOS), so a run's first
epoch comes about 60 ms after the click instead of 250 ms or more for a new interpreter (bench/child_start.py);
Windows has no fork, and starts a new interpreter ("spawn").

The child sends, on a pipe, after every epoch ("epoch", EpochReport without its network) and
("snapshot", core.services.inspection.Snapshot), then exactly one of ("done", core.services.runs.Run) or
("failed", message).
A child that ends without its last message (killed, out of memory) is a "failed" with its exit code.
Stopping is a shared flag that the child reads before every mini-batch; pausing, stepping and slowing
down are shared numbers it reads before every epoch (core/services/pacing.py). The child runs at a lower
priority than the window, so that the window's work comes first. It ignores Ctrl-C (the
terminal sends it to the whole process group; the parent decides) and ends as soon as its parent has
gone, so that no training outlives a window that was killed.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import traceback
from multiprocessing.connection import Connection
from typing import Iterator

import numpy as np

from core.base.errors import TrazoError, unexpected_message
from core.base.i18n import _, current_language, set_language
from core.learning.data import Dataset
from core.learning.settings import TrainingSettings
from core.services.inspection import epoch_reporter
from core.services.pacing import Pacing
from core.services.runs import Run, run_training

EPOCH, SNAPSHOT, DONE, FAILED = "epoch", "snapshot", "done", "failed"


def _start_context() -> multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])      # imported by the server once, before any fork
        return context
    return multiprocessing.get_context("spawn")


CONTEXT = _start_context()
JOIN_SECONDS = 10.0         # how long a child that sent its last message may take to exit before it is ended
EXIT_PARENT_GONE = 3
# The child yields the CPU to the window: on a busy 2-core machine the GUI timer's p99 lateness was 57 -> 34 ms
# (3 epochs) and 74 -> 29 ms (40 epochs) with it, for 7-20% more training time then (bench/responsiveness.py);
# on idle cores it costs nothing. Only a process can be given a lower priority than the window's.
CHILD_NICENESS = 10


class ChildRun:
    """A training run in a child process: `start`, then read `messages` until the last; `request_stop`, and
    `pacing`'s pause, step and pace, from any thread."""

    def __init__(self, data: Dataset, settings: TrainingSettings, context=CONTEXT):
        """`context`: how the child is started (bench/child_start.py compares them)."""
        self.data, self.settings, self._context = data, settings, context
        self._stop = context.RawValue("b", 0)       # shared memory: the child reads it with no system call
        self._batches = context.RawValue("q", 0)    # mini-batches the child has begun
        self.pacing = Pacing(context, self._stop)
        self.process: multiprocessing.process.BaseProcess | None = None
        self._connection: Connection | None = None

    def start(self) -> None:
        """Start the child and send it the data (this waits while the child starts and reads them)."""
        ours, childs = self._context.Pipe()
        self.process = self._context.Process(
            target=train_in_child, name="trazo-training", daemon=True,
            args=(self.settings, current_language(), childs, self._stop, self._batches, self.pacing))
        self.process.start()
        childs.close()      # the child holds the only copy of its end now: when it ends, the pipe ends
        self._connection = ours
        with contextlib.suppress(OSError):      # a child that died reading them is told by `messages`
            send_data(ours, self.data)

    def request_stop(self) -> None:
        self._stop.value = 1

    def batches_begun(self) -> int:
        return self._batches.value

    def messages(self) -> Iterator[tuple[str, object]]:
        """The child's messages as they come, the last one "done" or "failed"; then the child is joined."""
        connection = self._connection
        assert connection is not None, "start() first"
        try:
            while True:
                try:
                    kind, payload = connection.recv()     # waits without holding the interpreter lock
                except (EOFError, OSError):
                    yield FAILED, ended_message(self._join())
                    return
                yield kind, payload
                if kind in (DONE, FAILED):
                    return
        finally:
            self._join()
            connection.close()

    def _join(self) -> int | None:
        """Wait for the child to exit, ending it if it will not; its exit code."""
        process = self.process
        assert process is not None, "start() first"
        process.join(JOIN_SECONDS)
        if process.exitcode is None:
            process.terminate()
            process.join()
        return process.exitcode


def ended_message(exit_code: int | None) -> str:
    """Why there is no result, when the child ended without sending one."""
    code = str(exit_code)
    if exit_code is not None and exit_code < 0:
        try:
            code += f", {signal.Signals(-exit_code).name}"
        except ValueError:
            pass
    return _("The training process ended without a result (exit code {code}): it may have run out of memory "
             "or been ended from outside the app.").format(code=code)


def send_data(connection: Connection, data: Dataset) -> None:
    """The data set's name and its arrays' layouts, then the arrays' memory as it is: written with no copy and
    without holding the interpreter lock (a pickle of the 16 MB arrays held it for 20-40 ms, a late GUI timer)."""
    arrays = [np.ascontiguousarray(data.pixels), np.ascontiguousarray(data.labels)]
    connection.send((data.name, [(array.dtype.str, array.shape) for array in arrays]))
    for array in arrays:
        connection.send_bytes(array.data.cast("B"))


def receive_data(connection: Connection) -> Dataset:
    """The data set `send_data` sent, its arrays in writable memory of this process (the sender's may be
    read-only: load_dataset keeps them so)."""
    name, layouts = connection.recv()
    arrays = [np.empty(shape, dtype) for dtype, shape in layouts]
    for array in arrays:
        connection.recv_bytes_into(array.data.cast("B"))
    pixels, labels = arrays
    return Dataset(pixels, labels, name)


# --- in the child -----------------------------------------------------------------------------------

def train_in_child(settings: TrainingSettings, language: str, writer: Connection, stop, batches,
                   pacing: Pacing | None = None) -> None:
    """The child's entry point: receive the data, train, sending each epoch's figures and snapshot, then
    the outcome."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(os, "nice"):     # POSIX
        os.nice(CHILD_NICENESS)
    exit_with_parent()
    set_language(language)
    data = receive_data(writer)
    def should_stop() -> bool:
        if stop.value:
            return True
        batches.value += 1
        return False

    on_epoch = epoch_reporter(data, settings, lambda report: writer.send((EPOCH, report)),
                              lambda snapshot: writer.send((SNAPSHOT, snapshot)))

    outcome: tuple[str, Run | str]
    try:
        outcome = DONE, run_training(data, settings, on_epoch=on_epoch, should_stop=should_stop, gate=pacing)
    except TrazoError as error:
        outcome = FAILED, str(error)
    except Exception as error:  # the parent must always get an answer
        traceback.print_exc()
        outcome = FAILED, unexpected_message(error)
    with contextlib.suppress(OSError):     # a parent that has gone reads nothing more
        writer.send(outcome)
    writer.close()


def exit_with_parent() -> None:
    """End this process as soon as the process that started it has gone (killed, crashed): a thread
    waits on the parent, so training pays nothing for it, and it works while a batch or a test runs."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def wait_then_exit() -> None:
        parent.join()
        os._exit(EXIT_PARENT_GONE)

    threading.Thread(target=wait_then_exit, name="exit-with-parent", daemon=True).start()
