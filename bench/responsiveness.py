"""Does the window stay smooth while it trains? A 10 ms timer's lateness during whole training runs.

A real MainWindow (offscreen, private settings) trains the shipped recipe (the form's defaults: 900
digits, batch 32, Adam, augmentation) for a short run (3 epochs) and the shipped run (120 epochs) by its
Train button, while a 10 ms QTimer on the GUI thread records when it fires; lateness is how much longer
than 10 ms each gap between firings was. The record runs from the click to half a second after the run
has ended, so the child's start, the last epoch, the new model's arrival and the last redraws count.
Each run trains in a child process, as the app does. It is watched from the Train tab (its plots update
live) and from the Inside tab (the weight tiles, the histogram, the activations and the gradient-norm
plot update live, from a snapshot sent after every epoch). For reference the same run is timed without
a window (core.learning.training.train on this thread), the timer's lateness is measured with the window idle,
and the child's start is timed: spawn, imports and the data sent, to the answer of a run stopped before
its first mini-batch, from an interpreter whose main module imports as little as main.py does.

    python -m bench.responsiveness [--repeats 3] [--epochs 3,120] [--tabs train,inside] [--recipe shipped]

`--recipe convolutional` trains the convolutional recipe's network instead (its own epochs replaced by
--epochs, as the shipped recipe's are).

A training process re-imports this script (the "spawn" start method), so its top level imports no Qt.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from core.base.resources import DATA_FILE
from core.learning.data import load_dataset
from core.learning.settings import RECIPES, TrainingSettings
from core.learning.training import train

ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TICK_MS = 10
TARGET_P99_MS = 20.0
IDLE_SECONDS = 2.0
TAIL_SECONDS = 0.5          # recorded after the run's end: the Inside tab draws in halves a quarter second apart
CHILD_START_CODE = """
import sys, time
sys.path.insert(0, {root!r})
from core.services.child_run import ChildRun
from core.learning.data import load_dataset
from core.base.resources import DATA_FILE
from core.learning.settings import RECIPES, TrainingSettings
data = load_dataset(DATA_FILE)
for _ in range({repeats}):
    child = ChildRun(data, TrainingSettings())
    child.request_stop()
    started = time.perf_counter()
    child.start()
    sent = time.perf_counter()
    for kind, run in child.messages():
        answered = time.perf_counter()
        break
    print(sent - started, answered - started, flush=True)
"""


class Ticker:
    """A 10 ms precise timer on the GUI thread that records when it fires."""

    def __init__(self):
        from PySide6.QtCore import Qt, QTimer

        self.ticks: list[float] = []
        self.timer = QTimer(interval=TICK_MS, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def start(self) -> None:
        self.ticks.clear()
        self.timer.start()

    def stop(self) -> np.ndarray:
        """Lateness of each firing, in ms (gap beyond the interval)."""
        self.timer.stop()
        gaps = np.diff(self.ticks) * 1000
        return np.clip(gaps - TICK_MS, 0, None)


def lateness_figures(lateness: np.ndarray) -> dict[str, float]:
    return {"p50": float(np.percentile(lateness, 50)), "p99": float(np.percentile(lateness, 99)),
            "max": float(lateness.max())}


def run_in_window(window, settings: TrainingSettings, ticker: Ticker, watched: str) -> dict:
    """Press Train with these settings, the `watched` tab ('train' or 'inside') in front, and wait for the
    end and the tail, recording the timer meanwhile."""
    from PySide6.QtCore import QEventLoop, QTimer

    tab, inside = window.train_tab, window.inside_tab
    window.tabs.setCurrentWidget(inside if watched == "inside" else tab)
    tab.set_settings(settings)
    loop = QEventLoop()
    first_epoch, ended = [], []

    def progressed(value: int) -> None:
        if value >= 1 and not first_epoch:
            first_epoch.append(time.perf_counter())

    def end() -> None:
        ended.append(time.perf_counter())
        QTimer.singleShot(int(TAIL_SECONDS * 1000), loop.quit)

    tab.progress.valueChanged.connect(progressed)
    tab.trainingEnded.connect(end)
    redraws_before, inside_before = tab.plots.redraw_count, inside.redraw_count
    ticker.start()
    started = time.perf_counter()
    tab.train_button.click()
    loop.exec()
    lateness = ticker.stop()
    tab.progress.valueChanged.disconnect(progressed)
    tab.trainingEnded.disconnect(end)
    window.state.mark_saved(None)  # the next run replaces this model without asking
    norms = inside.gradients.norm_curves[0].getData()[0] if inside.gradients.norm_curves else None
    return {**lateness_figures(lateness), "ticks": len(lateness), "wall": ended[0] - started,
            "first_epoch": first_epoch[0] - started, "train": tab._last_report.elapsed,
            "epochs": len(tab.plots.shown_history()), "points": tab.plots.plotted_points(),
            "redraws": tab.plots.redraw_count - redraws_before, "inside_redraws": inside.redraw_count - inside_before,
            "norm_points": 0 if norms is None else len(norms)}


def idle_lateness(ticker: Ticker) -> dict[str, float]:
    from PySide6.QtCore import QEventLoop, QTimer

    ticker.start()
    loop = QEventLoop()
    QTimer.singleShot(int(IDLE_SECONDS * 1000), loop.quit)
    loop.exec()
    return lateness_figures(ticker.stop())


def child_start_seconds(repeats: int) -> list[tuple[float, float]]:
    """(until the data are sent, until the answer) for a child that stops before its first mini-batch."""
    code = CHILD_START_CODE.format(root=str(ROOT), repeats=repeats)
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return [tuple(map(float, line.split())) for line in output.splitlines()]


def machine() -> str:
    """The CPU's name and the BLAS library and kernel NumPy uses (threadpoolctl, if installed)."""
    from bench.epochs import blas_name, cpu_name

    return f"{cpu_name()}, {os.cpu_count()} logical CPUs; {blas_name()}"


def load_average() -> str:
    try:
        return " ".join(f"{load:.2f}" for load in os.getloadavg())
    except (OSError, AttributeError):
        return "unknown"


def train_without_window(settings: TrainingSettings) -> float:
    data = load_dataset(DATA_FILE)
    return train(data, settings).seconds


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--epochs", default=f"3,{TrainingSettings().epochs}", help="the runs' lengths, in turn")
    parser.add_argument("--tabs", default="train,inside", help="the tabs to watch the run from, in turn")
    parser.add_argument("--recipe", choices=sorted(RECIPES), default="shipped", help="the network and settings")
    args = parser.parse_args(argv)
    recipe = RECIPES[args.recipe].settings
    lengths = [int(epochs) for epochs in args.epochs.split(",")]
    watched = args.tabs.split(",")

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow

    print(machine())
    print(f"load average (1, 5, 15 min) at the start: {load_average()}")
    starts = child_start_seconds(max(args.repeats, 5))
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as settings_home:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_home)
        window = MainWindow(taught_reader=False)
        window.show()
        while window.state.data is None:  # the data file loads off the GUI thread
            app.processEvents()
        ticker = Ticker()
        idle = [idle_lateness(ticker) for _ in range(args.repeats)]
        runs = {}
        for epochs in lengths:
            settings = dataclasses.replace(recipe, epochs=epochs)
            for _ in range(args.repeats):       # the tabs interleaved, so that drift hits all alike
                for name in watched:
                    runs.setdefault((epochs, name), []).append(run_in_window(window, settings, ticker, name))
        window.state.mark_saved(None)  # nothing to ask about on closing
        window.close()
        app.processEvents()
    alone = {epochs: [train_without_window(dataclasses.replace(recipe, epochs=epochs))
                      for _ in range(args.repeats)] for epochs in lengths}
    print(f"load average at the end: {load_average()}")
    report(args.repeats, idle, runs, alone, starts, recipe)
    return 0


def report(repeats: int, idle: list[dict], runs: dict, alone: dict, starts: list,
           settings: TrainingSettings) -> None:
    network = settings.layers and ",".join(layer.text() for layer in settings.layers) or "hidden " + " ".join(
        map(str, settings.hidden))
    print(f"{repeats} repeats, medians; {network}; rows 0:900, batch {settings.batch_size}, {settings.optimizer}, "
          f"augment={settings.augment}")
    sent, answered = zip(*starts, strict=True)
    print(f"child start (spawn, imports, data sent; median of {len(starts)}): data sent after "
          f"{1000 * statistics.median(sent):.0f} ms, a run stopped before its first batch answered after "
          f"{1000 * statistics.median(answered):.0f} ms (range {1000 * min(answered):.0f}-{1000 * max(answered):.0f})")
    print(f"{'10 ms timer lateness (ms)':>36}{'p50':>8}{'p99':>8}{'max':>8}{'1st epoch':>11}{'end':>8}{'alone':>8}")
    print(f"{'window idle':>36}" + "".join(f"{statistics.median(r[k] for r in idle):8.1f}"
                                           for k in ("p50", "p99", "max")))
    for (epochs, name), tab_runs in runs.items():
        print(f"{f'{epochs} epochs, {name} tab':>36}"
              + "".join(f"{median(tab_runs, k):8.1f}" for k in ("p50", "p99", "max"))
              + f"{median(tab_runs, 'first_epoch'):10.2f}s{median(tab_runs, 'wall'):7.2f}s"
              f"{statistics.median(alone[epochs]):7.2f}s")
    print("(1st epoch: click to the first epoch shown; end: click to the run's end; alone: the training "
          "without a window)")
    for (epochs, name), tab_runs in runs.items():
        print(f"{epochs} epochs, {name} tab, each run (p50 / p99 / max ms): " + ", ".join(
            f"{r['p50']:.1f} / {r['p99']:.1f} / {r['max']:.1f}" for r in tab_runs)
              + f"; {median(tab_runs, 'epochs'):.0f} epochs, cost plot {median(tab_runs, 'redraws'):.0f} redraws, "
              f"Inside tab {median(tab_runs, 'inside_redraws'):.0f} redraws, gradient plot "
              f"{median(tab_runs, 'norm_points'):.0f} points, {median(tab_runs, 'ticks'):.0f} ticks")
    print(f"{'':>36}{'measured':>10}{'target':>10}")
    for (epochs, name), tab_runs in runs.items():
        p99 = median(tab_runs, "p99")
        print(f"{f'p99, {epochs} epochs, {name} (ms)':>36}{p99:10.1f}{TARGET_P99_MS:10.1f}  "
              f"{'met' if p99 <= TARGET_P99_MS else 'MISSED'}")


if __name__ == "__main__":
    sys.exit(main())
