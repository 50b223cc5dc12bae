"""Python's cyclic garbage collection, on the GUI thread only.

The collector runs in whichever thread happens to allocate when a generation fills up. When that is a
worker thread (the data loader, a training run's relay) and the garbage holds Qt objects, say the
widgets of a window closed earlier, Qt destroys them in that thread. A QObject destroyed there takes
Qt's locks and then waits for the interpreter lock, while the GUI thread, holding the interpreter lock,
deletes another widget and waits for the same Qt locks: both wait for ever. The test suite hung so once
(a data-loading thread collecting an earlier test's window while the GUI thread deleted a menu).

So the automatic collector is turned off, and the GUI thread collects from a timer, the generations
whose thresholds the allocations since have passed, as the automatic collector would have. Like it,
the oldest generation is collected only when the objects promoted into it since its last collection
number a quarter of those it held then: a full collection of the app's objects takes about 55 ms, a
late timer and a stuttering plot.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 100


class GuiThreadCollector(QObject):
    """Collects garbage on the thread it lives in (the application's), every INTERVAL_MS."""

    def __init__(self, application: QCoreApplication):
        super().__init__(application)
        self.setObjectName("guiThreadCollector")
        self.collections = 0
        self._long_lived = len(gc.get_objects(generation=2))    # in the oldest generation at its last collection
        self._promoted = 0                                       # moved into it since (at most)
        self._timer = QTimer(self, interval=INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        gc.disable()
        self._timer.start()

    def collect(self) -> None:
        """The oldest generation due, with the younger ones (gc.collect(n) collects 0..n)."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] <= thresholds[generation]:
                continue
            if generation == 2 and self._promoted < self._long_lived / 4:
                continue
            if generation == 1:     # the survivors of generations 0 and 1 move into the oldest
                self._promoted += len(gc.get_objects(generation=0)) + len(gc.get_objects(generation=1))
            gc.collect(generation)
            self.collections += 1
            if generation == 2:
                self._long_lived, self._promoted = len(gc.get_objects(generation=2)), 0
            return


def collect_garbage_on_gui_thread() -> GuiThreadCollector:
    """Turn the automatic collector off and collect from the GUI thread instead (once per application)."""
    application = QCoreApplication.instance()
    collector = application.findChild(GuiThreadCollector, "guiThreadCollector")
    return collector or GuiThreadCollector(application)
