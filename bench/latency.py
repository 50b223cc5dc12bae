"""How fast the app answers: a drawing on the canvas to its prediction, and `python main.py` to a painted window.

Canvas to prediction: digits from rows 4000-4999 of resources/mnist.txt (up to 100 of each class) are traced
into pen strokes and replayed as mouse events on the Draw tab's real canvas in a MainWindow (offscreen,
bench/drawn_digits.py), then the Draw tab's path is timed stage by stage: `canvas.ink()`, the hint check
(`drawing_problem`), `reduce_drawing` and `read_drawings` (the reader's network on the drawing in nine
positions); also the tab's whole `predict()`, which adds showing the answer. Each drawing is timed in
several rounds; the figures are the median over rounds of each round's percentiles over the 1000 drawings.

Startup: `python main.py` in a fresh process (QT_QPA_PLATFORM=offscreen, private settings) with
TRAZO_REPORT_FIRST_PAINT=1, which prints the seconds from the process start to the window's first
painted frame and quits; the median of several runs, and the wall time seen from outside.

    python -m bench.latency [--count 1000] [--rounds 3] [--starts 7] [--reader MODEL]

`--reader MODEL` reads the drawings with that model file (a convolutional one, say) instead of the shipped
drawing reader.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

import numpy as np

from bench.canvas_replay import replay
from bench.drawn_digits import BENCHMARK_ROWS, HEIGHT_RANGE, balanced_rows
from bench.strokes import drawing_strokes, place
from core.handwriting.drawing import drawing_problem, read_drawings, reduce_drawing
from core.learning.data import column_major_to_image

ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_P99_MS = 5.0
TARGET_STARTUP_S = 2.0
STAGES = ("ink", "hint", "reduce", "predict", "path", "tab predict()")
FIRST_PAINT = re.compile(r"first paint ([0-9.]+) s")


def time_path(canvas, network) -> dict[str, float]:
    """Seconds of each stage of the Draw tab's path, once, on what the canvas holds."""
    started = time.perf_counter()
    ink = canvas.ink()
    inked = time.perf_counter()
    drawing_problem(ink)
    hinted = time.perf_counter()
    network_input = reduce_drawing(ink)
    reduced = time.perf_counter()
    read_drawings(network, network_input[None, :])
    predicted = time.perf_counter()
    return {"ink": inked - started, "hint": hinted - inked, "reduce": reduced - hinted,
            "predict": predicted - reduced, "path": predicted - started}


def time_tab_predict(draw_tab) -> float:
    started = time.perf_counter()
    draw_tab.predict()
    return time.perf_counter() - started


def measure_drawings(window, rows: np.ndarray, rounds: int, rng: np.random.Generator) -> list[dict[str, list[float]]]:
    """For each round, each stage's seconds over all drawings."""
    draw_tab = window.draw_tab
    window.tabs.setCurrentWidget(draw_tab)
    canvas, network, data = draw_tab.canvas, draw_tab.reader().network, window.state.data
    size = (canvas.width(), canvas.height())
    timings = [{stage: [] for stage in STAGES} for _ in range(rounds)]
    for row in rows:
        strokes = drawing_strokes(column_major_to_image(data.pixels[row]))
        canvas.clear()
        replay(canvas, place(strokes, size, rng.uniform(*HEIGHT_RANGE), rng))
        QApplication.processEvents()  # the canvas's repaint, as between mouse events in the app
        for round_timings in timings:
            for stage, seconds in time_path(canvas, network).items():
                round_timings[stage].append(seconds)
            round_timings["tab predict()"].append(time_tab_predict(draw_tab))
    return timings


def benchmark_rows(labels: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """As many of each class as the range holds up to count/10, topped up with other rows to `count`."""
    rows = balanced_rows(labels, count, rng)
    others = np.setdiff1d(np.arange(*BENCHMARK_ROWS), rows)
    return np.concatenate([rows, rng.choice(others, count - len(rows), replace=False)])


def percentile_ms(values: list[float], q: float) -> float:
    return 1000 * float(np.percentile(values, q))


def median_over_rounds(timings, stage: str, q: float) -> float:
    return statistics.median(percentile_ms(round_timings[stage], q) for round_timings in timings)


def measure_startup(starts: int) -> tuple[list[float], list[float]]:
    """Seconds to the first paint as the app reports it, and as the launching process sees the line."""
    reported, outside = [], []
    with tempfile.TemporaryDirectory() as settings_home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TRAZO_REPORT_FIRST_PAINT="1",
                   XDG_CONFIG_HOME=settings_home)
        for _ in range(starts):
            started = time.perf_counter()
            process = subprocess.Popen([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            line = process.stdout.readline()
            seen = time.perf_counter() - started
            process.wait(timeout=60)
            match = FIRST_PAINT.search(line)
            if match is None:
                raise RuntimeError(f"main.py printed no first-paint line: {line!r}")
            reported.append(float(match.group(1)))
            outside.append(seen)
    return reported, outside


def print_drawing_table(timings, count: int) -> None:
    print(f"canvas -> prediction over {count} drawings, {len(timings)} rounds (median over rounds), ms:")
    print(f"{'stage':>16}{'p50':>8}{'p99':>8}{'max':>8}")
    for stage in STAGES:
        print(f"{stage:>16}" + "".join(f"{median_over_rounds(timings, stage, q):8.3f}" for q in (50, 99, 100)))
    print("  path = ink + hint + reduce + predict; tab predict() also shows the answer (preview, bars, label)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="drawings, as many of each class (default 1000)")
    parser.add_argument("--rounds", type=int, default=3, help="timings of each drawing (default 3)")
    parser.add_argument("--starts", type=int, default=7, help="runs of python main.py (default 7)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reader", type=Path, help="the model file that reads the drawings (default: the shipped "
                                                    "drawing reader)")
    args = parser.parse_args(argv)

    from gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(draw_model_path=args.reader, taught_reader=False) if args.reader else MainWindow(
        taught_reader=False)
    print(f"reader: {window.state.draw_model.architecture}")
    window.show()
    while window.state.data is None:  # the data file loads off the GUI thread
        app.processEvents()
    rng = np.random.default_rng(args.seed)
    rows = benchmark_rows(window.state.data.labels, args.count, rng)
    measure_drawings(window, rows[:20], 1, rng)  # warm-up: first calls, caches
    started = time.perf_counter()
    timings = measure_drawings(window, rows, args.rounds, rng)
    print(f"(drawn and timed in {time.perf_counter() - started:.0f} s; 2-core machine shared with other work)")
    print_drawing_table(timings, len(rows))
    window.close()
    app.processEvents()

    reported, outside = measure_startup(args.starts)
    startup = statistics.median(reported)
    print(f"python main.py -> first painted frame, {args.starts} runs: median {startup:.3f} s "
          f"(min {min(reported):.3f}, max {max(reported):.3f}); seen from the launcher: "
          f"median {statistics.median(outside):.3f} s")

    p50, p99 = median_over_rounds(timings, "path", 50), median_over_rounds(timings, "path", 99)
    print(f"{'':>22}{'measured':>10}{'target':>10}")
    print(f"{'canvas p99 (ms)':>22}{p99:10.2f}{TARGET_P99_MS:10.2f}  {'met' if p99 <= TARGET_P99_MS else 'MISSED'}")
    print(f"{'startup (s)':>22}{startup:10.2f}{TARGET_STARTUP_S:10.2f}  "
          f"{'met' if startup <= TARGET_STARTUP_S else 'MISSED'}")
    print(f"latency p50_ms={p50:.2f} p99_ms={p99:.2f} startup_s={startup:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
