"""A run in a child process: the same messages as a run in this one, a stop within a mini-batch, a clear
failure when the child is killed, and no child left behind when its parent is killed."""

import dataclasses
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from core.base.i18n import current_language, set_language
from core.learning.settings import TrainingSettings
from core.services.child_run import (
    CHILD_NICENESS,
    CONTEXT,
    DONE,
    EPOCH,
    FAILED,
    SNAPSHOT,
    ChildRun,
    ended_message,
    receive_data,
    send_data,
)
from core.services.inspection import Snapshot
from core.services.runs import FINISHED, NOTHING_LEARNED, STOPPED
from tests.core.samples import ROOT

SMALL = TrainingSettings(hidden=(16,), epochs=2, train_rows=(0, 200), augment=False)
ENDLESS = dataclasses.replace(SMALL, epochs=100_000, batch_size=8)


def started(dataset, settings):
    child = ChildRun(dataset, settings)
    child.start()
    return child


def test_the_data_cross_a_pipe_unchanged_and_writable(dataset):
    ours, theirs = CONTEXT.Pipe()
    send_data(ours, dataclasses.replace(dataset, pixels=dataset.pixels[:50], labels=dataset.labels[:50]))
    received = receive_data(theirs)
    assert received.name == dataset.name and received.pixels.flags.writeable
    np.testing.assert_array_equal(received.pixels, dataset.pixels[:50])
    np.testing.assert_array_equal(received.labels, dataset.labels[:50])
    assert received.pixels.dtype == dataset.pixels.dtype


def test_a_run_sends_each_epoch_and_its_snapshot_then_the_run(dataset):
    messages = list(started(dataset, SMALL).messages())
    assert [kind for kind, _ in messages] == [EPOCH, SNAPSHOT, EPOCH, SNAPSHOT, DONE]
    reports = [payload for kind, payload in messages if kind == EPOCH]
    assert [report.epoch for report in reports] == [1, 2] and all(report.network is None for report in reports)
    snapshot, run = messages[-2][1], messages[-1][1]
    assert isinstance(snapshot, Snapshot) and snapshot.epoch == 2 and all(n > 0 for n in snapshot.gradient_norms)
    assert run.status == FINISHED and run.test.rate == pytest.approx(reports[-1].test_accuracy)
    assert snapshot.network.weights[0].tobytes() == run.model.network.weights[0].tobytes()
    assert np.shares_memory(run.model.network.weights[0], run.model.network.parameters.flat), \
        "a network from the child is packed like one made here"


def test_a_stop_ends_the_run_within_a_mini_batch_and_keeps_what_it_learned(dataset):
    child = started(dataset, ENDLESS)
    messages = child.messages()
    assert next(messages)[0] == EPOCH
    if hasattr(os, "getpriority"):
        assert os.getpriority(os.PRIO_PROCESS, child.process.pid) == min(
            os.getpriority(os.PRIO_PROCESS, 0) + CHILD_NICENESS, 19), "the window's work comes first"
    child.request_stop()
    begun_at_stop = child.batches_begun()
    kinds_and_payloads = list(messages)
    kind, run = kinds_and_payloads[-1]
    assert kind == DONE and run.status == STOPPED and run.has_model
    assert child.batches_begun() - begun_at_stop <= 1, "at most the mini-batch under way finishes"
    assert child.process.exitcode == 0


def test_a_stop_before_the_first_batch_learns_nothing_and_speaks_the_interface_language(dataset):
    language = current_language()
    set_language("es")
    try:
        child = ChildRun(dataset, SMALL)
        child.request_stop()
        child.start()
        (kind, run), = list(child.messages())
    finally:
        set_language(language)
    assert kind == DONE and run.status == NOTHING_LEARNED and child.batches_begun() == 0
    assert run.message == "Detenido antes de que terminara la primera época: no se aprendió nada."


def test_bad_rows_are_a_failure_message(dataset):
    (kind, message), = list(started(dataset, dataclasses.replace(SMALL, train_rows=(0, 9000))).messages())
    assert kind == FAILED and "only 5000 rows" in message


def test_a_child_killed_mid_run_is_a_failure_naming_its_exit_code(dataset):
    child = started(dataset, ENDLESS)
    messages = child.messages()
    assert next(messages)[0] == EPOCH
    child.process.kill()
    kind, message = list(messages)[-1]
    assert kind == FAILED and "ended without a result" in message
    assert f"exit code {child.process.exitcode}" in message and child.process.exitcode != 0


def test_the_exit_code_of_a_signal_is_named():
    assert "exit code -9, SIGKILL" in ended_message(-signal.SIGKILL)
    assert "exit code 1)" in ended_message(1)


ORPHAN_SCRIPT = """
import dataclasses, sys, time
sys.path.insert(0, {root!r})
from core.services.child_run import ChildRun
from core.learning.data import load_dataset
from core.base.resources import DATA_FILE
from core.learning.settings import TrainingSettings

if __name__ == "__main__":
    # epochs of many seconds: the child has nothing to send, and must notice by itself that this is gone
    settings = TrainingSettings(hidden=(1000, 1000), epochs=100, train_rows=(0, 4900), batch_size=1, augment=False)
    child = ChildRun(load_dataset(DATA_FILE), settings)
    child.start()
    while child.batches_begun() < 10 and child.process.is_alive():   # the child trains (or the test fails below)
        time.sleep(0.01)
    print(child.process.pid, flush=True)
    time.sleep(600)
"""


def running(pid: int) -> bool:
    """Whether a process runs (a zombie waiting for its parent to read its exit code does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    except OSError:     # no /proc: ask the system
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return state not in ("Z", "X")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_child_ends_soon_after_its_parent_is_killed(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(ORPHAN_SCRIPT.format(root=str(ROOT)))
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        child_pid = int(parent.stdout.readline())
        assert running(child_pid)
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 5
        while running(child_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not running(child_pid), "the training process outlived the process that started it"
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to one process is POSIX")
def test_ctrl_c_is_left_to_the_parent(dataset):
    child = started(dataset, ENDLESS)
    messages = child.messages()
    assert next(messages)[0] == EPOCH
    os.kill(child.process.pid, signal.SIGINT)
    kinds = [next(messages)[0] for _ in range(4)]
    assert EPOCH in kinds and FAILED not in kinds, "the child trains on"
    child.request_stop()
    assert list(messages)[-1][1].status == STOPPED
