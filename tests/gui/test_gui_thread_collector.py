"""Garbage holding Qt objects is collected on the GUI thread, never in a worker thread."""

import gc
import threading
import weakref

from PySide6.QtCore import QObject

from gui.gui_thread_collector import collect_garbage_on_gui_thread


class Holder(QObject):
    """A QObject in a reference cycle: only the cyclic collector can free it."""

    def __init__(self, destroyed_in: list):
        super().__init__()
        self.cycle = [self]
        self.destroyed_in = destroyed_in

    def __del__(self):
        self.destroyed_in.append(threading.get_ident())


def test_qt_objects_in_garbage_die_on_the_gui_thread_however_much_a_worker_allocates(window, qtbot):
    collector = collect_garbage_on_gui_thread()
    assert collector is collect_garbage_on_gui_thread(), "one collector per application"
    assert not gc.isenabled()
    destroyed_in = []
    holder = weakref.ref(Holder(destroyed_in))
    assert holder() is not None, "a cycle outlives its last reference"

    kept = []

    def allocate():   # containers kept alive: far more than the youngest generation's threshold
        kept.extend([] for _ in range(50 * gc.get_threshold()[0]))

    worker = threading.Thread(target=allocate)
    worker.start()
    worker.join()
    assert holder() is not None and destroyed_in == [], "no collection in the worker thread"
    before = collector.collections
    qtbot.waitUntil(lambda: holder() is None, timeout=5_000)
    assert destroyed_in == [threading.get_ident()] and collector.collections > before


def test_the_oldest_generation_waits_for_a_quarter_more_objects_as_python_does(window, monkeypatch):
    """A full collection of the app's objects stalls the GUI thread for tens of milliseconds."""
    collector = collect_garbage_on_gui_thread()
    collected = []
    monkeypatch.setattr(gc, "collect", collected.append)
    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, gc.get_threshold()[2] + 1))
    monkeypatch.setattr(collector, "_promoted", 0)
    collector.collect()
    assert collected == [], "hardly anything promoted since the last full collection"
    monkeypatch.setattr(collector, "_promoted", collector._long_lived // 4 + 1)
    collector.collect()
    assert collected == [2] and collector._promoted == 0
    monkeypatch.setattr(gc, "get_count", lambda: (gc.get_threshold()[0] + 1, gc.get_threshold()[1] + 1, 0))
    collector.collect()
    assert collected == [2, 1] and collector._promoted > 0, "generation 1's survivors count as promoted"
