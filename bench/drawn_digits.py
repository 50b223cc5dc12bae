"""How well the Draw tab reads mouse drawings: real handwriting replayed as mouse strokes.

Digits from rows 4000-4999 of resources/mnist.txt (never trained on by the shipped models) are thinned
to skeletons and traced into pen strokes (bench/strokes.py), scaled to 40-85% of the canvas height and
put at a random place where they fit, then replayed as mouse press / move / release events on the Draw
tab's `drawCanvas` in a real MainWindow (offscreen), drawn with the canvas's own pen (bench/canvas_replay.py).
The prediction is read from `predictedDigit` after the last release; a wrong one counts as shown sure
when the tab did not say "not sure".

    python -m bench.drawn_digits [--reader drawing|current] [--count 800] [--seed 0] [--sheet docs/drawn-digits.png]
                                 [--probabilities PATH.npz]

By default the drawings are read as the Draw tab reads them out of the box, by the drawing model
(resources/draw-model.npz); `--reader current` measures the assignment model (resources/model.npz).
A model that was trained on any of the benchmark's rows is refused.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from bench.canvas_replay import (
    BenchError,
    Drawing,
    accuracy,
    close_window,
    draw_and_read,
    finish,
    open_window,
    print_confusions,
    print_sureness,
    reader_summary,
    save_sheet,
)
from bench.strokes import drawing_strokes, place
from core.learning.data import column_major_to_image

ROOT = Path(__file__).resolve().parent.parent

BENCHMARK_ROWS = (4000, 5000)
HEIGHT_RANGE = (0.40, 0.85)


def balanced_rows(labels: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """`count` rows of the benchmark range, as many of each class as possible, in random order."""
    start, end = BENCHMARK_ROWS
    per_class = count // 10
    rows = [start + rng.permutation(np.flatnonzero(labels[start:end] == digit))[:per_class] for digit in range(10)]
    return rng.permutation(np.concatenate(rows))


def trained_on_benchmark_rows(model) -> bool:
    from core.learning.data import ranges_overlap

    return ranges_overlap(model.settings.train_rows, (BENCHMARK_ROWS,)) is not None


def draw_digits(window, rows: np.ndarray, rng: np.random.Generator) -> list[Drawing]:
    """Draw each row's digit on the window's canvas and read the prediction."""
    canvas = window.draw_tab.canvas
    size = (canvas.width(), canvas.height())
    data = window.state.data
    drawings = []
    for row in rows:
        strokes = drawing_strokes(column_major_to_image(data.pixels[row]))
        placed = place(strokes, size, rng.uniform(*HEIGHT_RANGE), rng)
        drawings.append(draw_and_read(window, placed, int(row), int(data.labels[row])))
    return drawings


def print_results(drawings: list[Drawing], seconds: float) -> None:
    print(f"{len(drawings)} drawings in {seconds:.1f} s: accuracy {100 * accuracy(drawings):.1f}%")
    for digit in range(10):
        of_class = [d for d in drawings if d.label == digit]
        print(f"  digit {digit}: {100 * accuracy(of_class):5.1f}% of {len(of_class)}")
    print_confusions(drawings)
    print_sureness(drawings)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=800, help="drawings, as many of each class (default 800)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reader", choices=["drawing", "current"], default="drawing",
                        help="the Draw tab's model that reads: the drawing model (default) or the current model")
    parser.add_argument("--model", type=Path, help="current model file (default: resources/model.npz)")
    parser.add_argument("--draw-model", type=Path, help="drawing model file (default: resources/draw-model.npz)")
    parser.add_argument("--sheet", type=Path, default=ROOT / "docs" / "drawn-digits.png", help="contact sheet PNG")
    parser.add_argument("--probabilities", type=Path, help="also save every drawing's probabilities (.npz)")
    args = parser.parse_args(argv)

    try:
        window = open_window(args.reader, args.model, args.draw_model)
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if trained_on_benchmark_rows(window.draw_tab.reader()):
        print("error: the model was trained on some of the benchmark's rows 4000-4999", file=sys.stderr)
        close_window(window)
        return 2
    print(f"reader: {reader_summary(window)}")
    rng = np.random.default_rng(args.seed)
    rows = balanced_rows(window.state.data.labels, args.count, rng)
    started = time.perf_counter()
    drawings = draw_digits(window, rows, rng)
    print_results(drawings, time.perf_counter() - started)
    save_sheet(drawings, args.sheet, "Drawn digits: label -> prediction (red: wrong)")
    print(f"contact sheet: {args.sheet}")
    return finish(window, drawings, args.probabilities)


if __name__ == "__main__":
    sys.exit(main())
