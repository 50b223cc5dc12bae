import dataclasses

import pytest

from core.learning.data import load_dataset
from core.services.runs import FINISHED, NOTHING_LEARNED, STOPPED, Run
from gui.training_worker import TrainingWorker, start_worker
from tests.core.samples import DATA_FILE
from tests.gui.conftest import QUICK_RUN

ENDLESS_RUN = dataclasses.replace(QUICK_RUN, epochs=100_000, batch_size=8)


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


def test_each_epoch_sends_a_snapshot_copied_in_the_training_process(qtbot, data, monkeypatch):
    from core.services import inspection as inside

    copied_here = []
    take = inside.take_snapshot
    monkeypatch.setattr(inside, "take_snapshot", lambda *args: copied_here.append(args) or take(*args))
    worker = TrainingWorker(data, QUICK_RUN)
    snapshots = []
    worker.inspected.connect(snapshots.append)
    reports, outcomes = run_to_end(qtbot, worker)
    (kind, run), = outcomes
    assert [snapshot.epoch for snapshot in snapshots] == [1, 2, 3]
    assert all(report.network is None for report in reports), "the live network stays where the training runs"
    assert copied_here == [] and worker.child.process.exitcode == 0, "copied in the child, which has ended"
    last = snapshots[-1]
    assert last.network is not run.model.network
    assert last.network.weights[0].tobytes() == run.model.network.weights[0].tobytes()
    assert len(last.gradient_norms) == 2 and all(norm > 0 for norm in last.gradient_norms)


def test_a_stop_through_the_process_ends_the_run_within_a_mini_batch(qtbot, data):
    worker = TrainingWorker(data, ENDLESS_RUN)
    reports, outcomes = [], []
    worker.epochDone.connect(reports.append)
    worker.done.connect(lambda run: outcomes.append(("done", run)))
    thread = start_worker(worker)
    qtbot.waitUntil(lambda: len(reports) >= 1, timeout=20_000)
    worker.request_stop()
    begun_at_stop = worker.child.batches_begun()
    qtbot.waitUntil(thread.isFinished, timeout=20_000)
    thread.wait()
    (kind, run), = outcomes
    assert kind == "done" and run.status == STOPPED and run.has_model
    assert worker.child.batches_begun() - begun_at_stop <= 1, "at most the mini-batch under way finishes"


def test_a_training_process_killed_mid_run_is_reported_with_its_exit_code(qtbot, data):
    worker = TrainingWorker(data, ENDLESS_RUN)
    worker.epochDone.connect(lambda report: report.epoch == 1 and worker.child.process.kill())
    reports, outcomes = run_to_end(qtbot, worker)
    (kind, message), = outcomes
    assert kind == "failed" and "training process ended without a result" in message
    assert f"exit code {worker.child.process.exitcode}" in message and worker.child.process.exitcode != 0
