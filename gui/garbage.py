"""Python's cyclic garbage collection, on the GUI thread only.

The collector runs in whichever thread happens to allocate when a generation fills up. When that is a
worker thread (the data loader, a training run's relay) and the garbage holds Qt objects, say the
widgets of a window closed earlier, Qt destroys them in that thread. A QObject destroyed there takes
Qt's locks and then waits for the interpreter lock, while the GUI thread, holding the interpreter lock,
deletes another widget and waits for the same Qt locks: both wait for ever. The test suite hung so once
(a data-loading thread collecting an earlier test's window while the GUI thread deleted a menu).

So the automatic collector is turned off, and the GUI thread collects from a timer, the generations
whose thresholds the allocations since have passed, as the automatic collector would have.
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
        self._timer = QTimer(self, interval=INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        gc.disable()
        self._timer.start()

    def collect(self) -> None:
        """The oldest generation due, with the younger ones (gc.collect(n) collects 0..n)."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = [generation for generation in range(3) if counts[generation] > thresholds[generation]]
        if due:
            gc.collect(max(due))
            self.collections += 1


def collect_garbage_on_gui_thread() -> GuiThreadCollector:
    """Turn the automatic collector off and collect from the GUI thread instead (once per application)."""
    application = QCoreApplication.instance()
    collector = application.findChild(GuiThreadCollector, "guiThreadCollector")
    return collector or GuiThreadCollector(application)
