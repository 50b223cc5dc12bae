"""A training run's pace, for watching it in class: paused, one epoch at a time, or a few epochs a second.

The app and the run share a few numbers in shared memory, as they share the stop flag: the app writes them
from any thread, and the run (a child process, core/services/child_run.py) reads them before every epoch, in
core/learning/training.py's gate, with no system call while it runs at full speed. A paused run waits between
two epochs, and a stop ends the wait at once.
"""

from __future__ import annotations

import time

POLL_SECONDS = 0.02         # how often a waiting run looks at the numbers again
FULL_SPEED = 0.0            # epochs per second: no limit


class Pacing:
    """Pause, step and epochs per second of one run: `pause`, `resume`, `step`, `set_epochs_per_second` from
    the app; `holds` and `wait` in the run (an EpochGate)."""

    def __init__(self, context, stop):
        """`context`: the multiprocessing context that starts the run; `stop`: its shared stop flag."""
        self._stop = stop
        self._paused = context.RawValue("b", 0)
        self._granted = context.RawValue("q", 0)     # epochs a paused run may begin (written by the app)
        self._taken = context.RawValue("q", 0)       # of those, begun (written by the run)
        self._per_second = context.RawValue("d", FULL_SPEED)
        self._released = 0.0                         # when the run's last epoch began (the run's own clock)

    # --- the app's side ---------------------------------------------------------------------------

    def pause(self) -> None:
        """The run waits before its next epoch."""
        self._granted.value = self._taken.value
        self._paused.value = 1

    def resume(self) -> None:
        self._paused.value = 0

    def step(self) -> None:
        """A paused run trains one more epoch, then waits again."""
        self._granted.value = max(self._granted.value, self._taken.value) + 1

    def is_paused(self) -> bool:
        return bool(self._paused.value)

    def set_epochs_per_second(self, rate: float) -> None:
        """At most `rate` epochs begin per second (FULL_SPEED: no limit)."""
        self._per_second.value = rate

    def epochs_per_second(self) -> float:
        return self._per_second.value

    # --- the run's side ---------------------------------------------------------------------------

    def holds(self) -> bool:
        return bool(self._paused.value) or self._per_second.value > FULL_SPEED

    def wait(self) -> None:
        while not self._stop.value and not self._may_begin():
            time.sleep(POLL_SECONDS)
        self._released = time.monotonic()

    def _may_begin(self) -> bool:
        if self._paused.value:
            if self._taken.value < self._granted.value:
                self._taken.value += 1
                return True
            return False
        rate = self._per_second.value
        return rate <= FULL_SPEED or time.monotonic() >= self._released + 1 / rate
