"""A run's pace: paused between two epochs with every trained epoch reported, one epoch per step, a few
epochs a second, and a stop that ends a pause; in this process and in a child."""

import dataclasses
import threading
import time

import pytest

from core.learning.settings import TrainingSettings
from core.learning.training import train
from core.services.child_run import CONTEXT, DONE, EPOCH, ChildRun
from core.services.pacing import FULL_SPEED, Pacing
from core.services.runs import FINISHED, NOTHING_LEARNED, STOPPED

SMALL = TrainingSettings(hidden=(16,), epochs=6, train_rows=(0, 200), augment=False)
QUIET_SECONDS = 0.6         # long enough for several epochs of SMALL at full speed


def new_pacing() -> Pacing:
    return Pacing(CONTEXT, CONTEXT.RawValue("b", 0))


class Recorder:
    """The gate of an in-process run, recording how many epochs were reported each time it was asked."""

    def __init__(self):
        self.reported: list[int] = []
        self.asked: list[int] = []

    def holds(self) -> bool:
        return True

    def wait(self) -> None:
        self.asked.append(len(self.reported))


def test_a_gate_that_holds_sees_every_trained_epoch_reported_before_it_waits(dataset):
    gate = Recorder()
    result = train(dataset, SMALL, on_epoch=lambda report: gate.reported.append(report.epoch), gate=gate)
    assert gate.asked == [0, 1, 2, 3, 4, 5], "before epoch n, the n epochs before it are reported"
    assert gate.reported == [1, 2, 3, 4, 5, 6]
    assert result.epochs_run == 6


def test_a_gate_changes_nothing_the_run_computes(dataset):
    free = train(dataset, SMALL)
    paced = train(dataset, SMALL, gate=Recorder())
    assert free.history.train_cost == paced.history.train_cost


def waiting_at(pacing: Pacing) -> threading.Thread:
    """A thread at the gate, given a fifth of a second to get through it."""
    waiter = threading.Thread(target=pacing.wait)
    waiter.start()
    waiter.join(0.2)
    return waiter


def test_a_paused_gate_waits_until_a_step_and_lets_one_epoch_through():
    pacing = new_pacing()
    pacing.pause()
    assert pacing.holds()
    waiter = waiting_at(pacing)
    assert waiter.is_alive(), "paused: the next epoch waits"
    pacing.step()
    waiter.join(2)
    assert not waiter.is_alive(), "a step lets one epoch begin"
    waiter = waiting_at(pacing)
    assert waiter.is_alive(), "one step, one epoch"
    pacing.resume()
    waiter.join(2)
    assert not waiter.is_alive()


def test_a_stop_ends_a_pause():
    stop = CONTEXT.RawValue("b", 0)
    pacing = Pacing(CONTEXT, stop)
    pacing.pause()
    waiter = threading.Thread(target=pacing.wait)
    waiter.start()
    stop.value = 1
    waiter.join(2)
    assert not waiter.is_alive()


def test_epochs_per_second_space_the_epochs_out():
    pacing = new_pacing()
    pacing.set_epochs_per_second(5.0)
    assert pacing.holds()
    started = time.monotonic()
    for _ in range(4):
        pacing.wait()
    assert time.monotonic() - started >= 3 / 5 - 0.02, "the first begins at once, then one every 0.2 s"
    pacing.set_epochs_per_second(FULL_SPEED)
    assert not pacing.holds()


class Watched:
    """A child run whose messages a thread collects as they come."""

    def __init__(self, dataset, settings):
        self.child = ChildRun(dataset, settings)
        self.epochs: list[int] = []
        self.outcome = None
        self.child.pacing.pause()
        self.child.start()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        for kind, payload in self.child.messages():
            if kind == EPOCH:
                self.epochs.append(payload.epoch)
            elif kind == DONE:
                self.outcome = payload

    def epochs_after(self, seconds: float) -> list[int]:
        time.sleep(seconds)
        return list(self.epochs)

    def wait_for(self, epochs: int) -> None:
        deadline = time.monotonic() + 30
        while len(self.epochs) < epochs and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(self.epochs) >= epochs, self.epochs


def test_a_child_run_paused_steps_one_epoch_at_a_time_then_finishes(dataset):
    run = Watched(dataset, SMALL)
    assert run.epochs_after(QUIET_SECONDS) == [], "paused before its first epoch"
    run.child.pacing.step()
    run.wait_for(1)
    assert run.epochs_after(QUIET_SECONDS) == [1], "one step, one epoch, then it waits again"
    run.child.pacing.step()
    run.wait_for(2)
    assert run.epochs_after(QUIET_SECONDS) == [1, 2]
    run.child.pacing.resume()
    run.thread.join(60)
    assert run.epochs == [1, 2, 3, 4, 5, 6]
    assert run.outcome.status == FINISHED


@pytest.mark.parametrize("steps", [0, 2])
def test_a_child_run_stopped_while_paused_ends_with_what_it_learned(dataset, steps):
    run = Watched(dataset, dataclasses.replace(SMALL, epochs=50))
    for epoch in range(1, steps + 1):
        run.child.pacing.step()
        run.wait_for(epoch)
    time.sleep(0.2)
    run.child.request_stop()
    run.thread.join(30)
    assert not run.thread.is_alive(), "the stop ended the pause and the child"
    assert run.epochs == list(range(1, steps + 1))
    assert run.outcome.result.epochs_run == steps
    assert run.outcome.status == (STOPPED if steps else NOTHING_LEARNED)
    assert run.child.process.exitcode == 0
