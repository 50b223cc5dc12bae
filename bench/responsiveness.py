"""Does the window stay smooth while it trains? A 10 ms timer's lateness during a real training run.

A real MainWindow (offscreen, private settings) trains the shipped recipe (the form's defaults: 120
epochs of 900 digits, batch 32, Adam, augmentation) by its Train button, while a 10 ms QTimer on the
GUI thread records when it fires; lateness is how much longer than 10 ms each gap between firings was.
The run is watched from the Train tab (its plots update live) and from the Inside tab (the weight tiles,
the histogram, the activations and the gradient-norm plot update live, from a snapshot the worker sends
after every epoch); the points and redraws are counted at the end. For reference the same run is timed
without a window (core.training.train on this thread), and the timer's lateness is measured with the
window idle. Several repeats; the figures are medians over repeats.

    python bench/responsiveness.py [--repeats 3] [--epochs 120] [--tabs train,inside]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.data import load_dataset  # noqa: E402
from core.resources import DATA_FILE  # noqa: E402
from core.settings import TrainingSettings  # noqa: E402
from core.training import train  # noqa: E402

TICK_MS = 10
TARGET_P99_MS = 50.0
IDLE_SECONDS = 2.0


class Ticker:
    """A 10 ms precise timer on the GUI thread that records when it fires."""

    def __init__(self):
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
    end, recording the timer meanwhile."""
    tab, inside = window.train_tab, window.inside_tab
    window.tabs.setCurrentWidget(inside if watched == "inside" else tab)
    tab.set_settings(settings)
    loop = QEventLoop()
    tab.trainingEnded.connect(loop.quit)
    redraws_before, inside_before = tab.redraw_count, inside.redraw_count
    ticker.start()
    started = time.perf_counter()
    tab.train_button.click()
    loop.exec()
    wall = time.perf_counter() - started
    lateness = ticker.stop()
    tab.trainingEnded.disconnect(loop.quit)
    window.state.mark_saved(None)  # the next run replaces this model without asking
    norms = inside.norm_curves[0].getData()[0] if inside.norm_curves else None
    return {**lateness_figures(lateness), "ticks": len(lateness), "wall": wall,
            "train": tab._last_report.elapsed, "epochs": len(tab.shown_history()),
            "points": tab.plotted_points(), "redraws": tab.redraw_count - redraws_before,
            "inside_redraws": inside.redraw_count - inside_before, "norm_points": 0 if norms is None else len(norms)}


def idle_lateness(ticker: Ticker) -> dict[str, float]:
    ticker.start()
    loop = QEventLoop()
    QTimer.singleShot(int(IDLE_SECONDS * 1000), loop.quit)
    loop.exec()
    return lateness_figures(ticker.stop())


def train_without_window(settings: TrainingSettings) -> float:
    data = load_dataset(DATA_FILE)
    return train(data, settings).seconds


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=TrainingSettings().epochs)
    parser.add_argument("--tabs", default="train,inside", help="the tabs to watch the run from, in turn")
    args = parser.parse_args(argv)
    watched = args.tabs.split(",")
    settings = dataclasses.replace(TrainingSettings(), epochs=args.epochs)

    from gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as settings_home:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_home)
        window = MainWindow(taught_reader=False)
        window.show()
        while window.state.data is None:  # the data file loads off the GUI thread
            app.processEvents()
        ticker = Ticker()
        idle = [idle_lateness(ticker) for _ in range(args.repeats)]
        runs = {name: [run_in_window(window, settings, ticker, name) for _ in range(args.repeats)]
                for name in watched}
        window.state.mark_saved(None)  # nothing to ask about on closing
        window.close()
        app.processEvents()
    alone = [train_without_window(settings) for _ in range(args.repeats)]

    print(f"{args.repeats} repeats, medians; {settings.epochs} epochs of rows 0:900, batch {settings.batch_size}, "
          f"{settings.optimizer}, augment={settings.augment}; 2-core machine shared with other work")
    print(f"{'10 ms timer lateness (ms)':>30}{'p50':>8}{'p99':>8}{'max':>8}")
    print(f"{'window idle':>30}" + "".join(f"{statistics.median(r[k] for r in idle):8.1f}" for k in ("p50", "p99", "max")))
    for name, tab_runs in runs.items():
        print(f"{'training, ' + name + ' tab':>30}" + "".join(f"{median(tab_runs, k):8.1f}" for k in ("p50", "p99", "max")))
    for name, tab_runs in runs.items():
        print(f"{name} tab, each run (p50 / p99 / max ms): " + ", ".join(
            f"{r['p50']:.1f} / {r['p99']:.1f} / {r['max']:.1f}" for r in tab_runs))
        print(f"  training seconds: in the window {median(tab_runs, 'train'):.2f} (wall to the end "
              f"{median(tab_runs, 'wall'):.2f}); without a window {statistics.median(alone):.2f}")
        print(f"  {median(tab_runs, 'epochs'):.0f} epochs; cost plot {median(tab_runs, 'points'):.0f} points, "
              f"{median(tab_runs, 'redraws'):.0f} redraws; Inside tab {median(tab_runs, 'inside_redraws'):.0f} redraws, "
              f"gradient plot {median(tab_runs, 'norm_points'):.0f} points; timer fired {median(tab_runs, 'ticks'):.0f} times")
    print(f"{'':>30}{'measured':>10}{'target':>10}")
    for name, tab_runs in runs.items():
        p99 = median(tab_runs, "p99")
        print(f"{'lateness p99, ' + name + ' tab (ms)':>30}{p99:10.1f}{TARGET_P99_MS:10.1f}  "
              f"{'met' if p99 <= TARGET_P99_MS else 'MISSED'}")
        print(f"responsiveness tab={name} p50_ms={median(tab_runs, 'p50'):.1f} p99_ms={p99:.1f} "
              f"max_ms={median(tab_runs, 'max'):.1f} epochs={median(tab_runs, 'epochs'):.0f} "
              f"inside_redraws={median(tab_runs, 'inside_redraws'):.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
