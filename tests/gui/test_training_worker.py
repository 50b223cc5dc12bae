import dataclasses

import pytest

from core.data import load_dataset
from core.runs import FINISHED, NOTHING_LEARNED, Run
from gui.training_worker import TrainingWorker, start_worker

from tests.core.samples import DATA_FILE
from tests.gui.conftest import QUICK_RUN


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA_FILE)


def run_to_end(qtbot, worker):
    reports, outcomes = [], []
    worker.epochDone.connect(reports.append)
    worker.done.connect(lambda run: outcomes.append(("done", run)))
    worker.failed.connect(lambda message: outcomes.append(("failed", message)))
    thread = start_worker(worker)
    assert qtbot.waitUntil(lambda: thread.isFinished(), timeout=20_000) is None
    thread.wait()
    return reports, outcomes


def test_a_run_reports_every_epoch_then_done_and_the_thread_ends(qtbot, data):
    reports, outcomes = run_to_end(qtbot, TrainingWorker(data, QUICK_RUN))
    assert [report.epoch for report in reports] == [1, 2, 3]
    (kind, run), = outcomes
    assert kind == "done" and isinstance(run, Run) and run.status == FINISHED and run.result.epochs_run == 3
    assert run.test.rate == pytest.approx(reports[-1].test_accuracy)
    assert run.model.provenance.test_accuracy == run.test.rate


def test_a_stop_requested_before_the_first_batch_trains_nothing(qtbot, data):
    worker = TrainingWorker(data, dataclasses.replace(QUICK_RUN, epochs=1000))
    worker.request_stop()
    reports, outcomes = run_to_end(qtbot, worker)
    (kind, run), = outcomes
    assert kind == "done" and run.status == NOTHING_LEARNED and run.model is None and reports == []


def test_bad_rows_are_reported_not_raised(qtbot, data):
    reports, outcomes = run_to_end(qtbot, TrainingWorker(data, dataclasses.replace(QUICK_RUN, train_rows=(0, 9000))))
    (kind, message), = outcomes
    assert kind == "failed" and "only 5000 rows" in message


def test_each_epoch_sends_a_snapshot_copied_in_the_worker_thread(qtbot, data, monkeypatch):
    import threading

    from gui import training_worker

    copied_in = []
    take = training_worker.take_snapshot
    monkeypatch.setattr(training_worker, "take_snapshot", lambda *args: copied_in.append(
        threading.get_ident()) or take(*args))
    worker = TrainingWorker(data, QUICK_RUN)
    snapshots = []
    worker.inspected.connect(snapshots.append)
    reports, outcomes = run_to_end(qtbot, worker)
    (kind, run), = outcomes
    assert [snapshot.epoch for snapshot in snapshots] == [1, 2, 3]
    assert all(report.network is None for report in reports), "the live network stays in the worker"
    assert set(copied_in) == {copied_in[0]} and copied_in[0] != threading.get_ident()
    last = snapshots[-1]
    assert last.network is not run.model.network
    assert last.network.weights[0].tobytes() == run.model.network.weights[0].tobytes()
    assert len(last.gradient_norms) == 2 and all(norm > 0 for norm in last.gradient_norms)
