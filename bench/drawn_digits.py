"""How well the Draw tab reads mouse drawings: real handwriting replayed as mouse strokes.

Digits from rows 4000-4999 of resources/mnist.txt (never trained on by the shipped models) are thinned
to skeletons and traced into pen strokes (bench/strokes.py), scaled to 40-85% of the canvas height and
put at a random place where they fit, then replayed as mouse press / move / release events on the Draw
tab's `drawCanvas` in a real MainWindow (offscreen), drawn with the canvas's own pen. The prediction
is read from `predictedDigit` after the last release.

    python bench/drawn_digits.py [--reader drawing|current] [--count 800] [--seed 0] [--sheet docs/drawn-digits.png]

By default the drawings are read as the Draw tab reads them out of the box, by the drawing model
(resources/draw-model.npz); `--reader current` measures the assignment model (resources/model.npz).
A model that was trained on any of the benchmark's rows is refused.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.strokes import drawing_strokes, place  # noqa: E402
from core.data import column_major_to_image  # noqa: E402

BENCHMARK_ROWS = (4000, 5000)
HEIGHT_RANGE = (0.40, 0.85)


@dataclass
class Drawing:
    row: int
    label: int
    predicted: int | None
    ink: np.ndarray = field(repr=False)


def replay(canvas, strokes: list[np.ndarray]) -> None:
    """Each stroke as a left-button press, moves through its points, and a release."""
    for stroke in strokes:
        points = [QPoint(int(round(x)), int(round(y))) for x, y in stroke]
        QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
        for point in points[1:]:
            QTest.mouseMove(canvas, point)
        QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])


def balanced_rows(labels: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """`count` rows of the benchmark range, as many of each class as possible, in random order."""
    start, end = BENCHMARK_ROWS
    per_class = count // 10
    rows = [start + rng.permutation(np.flatnonzero(labels[start:end] == digit))[:per_class] for digit in range(10)]
    return rng.permutation(np.concatenate(rows))


def trained_on_benchmark_rows(model) -> bool:
    from core.data import ranges_overlap

    return ranges_overlap(model.settings.train_rows, (BENCHMARK_ROWS,)) is not None


def draw_digits(window, rows: np.ndarray, rng: np.random.Generator) -> list[Drawing]:
    """Draw each row's digit on the window's canvas and read the prediction."""
    draw_tab = window.findChild(type(window.draw_tab), "drawTab")
    window.tabs.setCurrentWidget(draw_tab)
    canvas = window.findChild(type(draw_tab.canvas), "drawCanvas")
    label = window.findChild(QLabel, "predictedDigit")
    size = (canvas.width(), canvas.height())
    data = window.state.data
    drawings = []
    for row in rows:
        strokes = drawing_strokes(column_major_to_image(data.pixels[row]))
        placed = place(strokes, size, rng.uniform(*HEIGHT_RANGE), rng)
        canvas.clear()
        replay(canvas, placed)
        text = label.text()
        drawings.append(Drawing(int(row), int(data.labels[row]), int(text) if text else None, canvas.ink()))
    return drawings


def accuracy(drawings: list[Drawing]) -> float:
    return float(np.mean([d.predicted == d.label for d in drawings]))


def print_results(drawings: list[Drawing], seconds: float) -> None:
    print(f"{len(drawings)} drawings in {seconds:.1f} s: accuracy {100 * accuracy(drawings):.1f}%")
    for digit in range(10):
        of_class = [d for d in drawings if d.label == digit]
        print(f"  digit {digit}: {100 * accuracy(of_class):5.1f}% of {len(of_class)}")
    mistakes: dict[tuple[int, int | None], int] = {}
    for d in drawings:
        if d.predicted != d.label:
            mistakes[(d.label, d.predicted)] = mistakes.get((d.label, d.predicted), 0) + 1
    common = sorted(mistakes.items(), key=lambda item: -item[1])[:8]
    print("most common confusions: " + ", ".join(f"{t}->{p} x{n}" for (t, p), n in common))


def save_sheet(drawings: list[Drawing], path: Path, columns: int = 10, rows: int = 6) -> None:
    """A contact sheet of the first drawings, each with its label and the prediction under it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sample = drawings[: columns * rows]
    figure, axes = plt.subplots(rows, columns, figsize=(columns * 1.3, rows * 1.5), dpi=100)
    for axis, drawing in zip(axes.flat, sample):
        axis.imshow(drawing.ink, cmap="gray_r", vmin=0, vmax=1)
        right = drawing.predicted == drawing.label
        axis.set_title(f"{drawing.label} -> {drawing.predicted}", fontsize=9,
                       color="black" if right else "red")
        axis.set_xticks([])
        axis.set_yticks([])
    for axis in list(axes.flat)[len(sample):]:
        axis.axis("off")
    figure.suptitle("Drawn digits: label -> prediction (red: wrong)")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=800, help="drawings, as many of each class (default 800)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reader", choices=["drawing", "current"], default="drawing",
                        help="the Draw tab's model that reads: the drawing model (default) or the current model")
    parser.add_argument("--model", type=Path, help="current model file (default: resources/model.npz)")
    parser.add_argument("--draw-model", type=Path, help="drawing model file (default: resources/draw-model.npz)")
    parser.add_argument("--sheet", type=Path, default=ROOT / "docs" / "drawn-digits.png", help="contact sheet PNG")
    args = parser.parse_args(argv)

    from gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    files = {"model_path": args.model, "draw_model_path": args.draw_model}
    window = MainWindow(**{name: path for name, path in files.items() if path})
    window.show()
    draw_tab = window.draw_tab
    draw_tab.reader_combo.setCurrentIndex(0 if args.reader == "drawing" else 1)
    model = draw_tab.reader()
    if model is None or (args.reader == "drawing" and model is not window.state.draw_model):
        print(f"error: no {args.reader} model could be opened", file=sys.stderr)
        return 2
    if trained_on_benchmark_rows(model):
        print("error: the model was trained on some of the benchmark's rows 4000-4999", file=sys.stderr)
        return 2
    print(f"reader: {draw_tab.reader_combo.currentText()}: {model.summary()}")
    rng = np.random.default_rng(args.seed)
    rows = balanced_rows(window.state.data.labels, args.count, rng)
    started = time.perf_counter()
    drawings = draw_digits(window, rows, rng)
    print_results(drawings, time.perf_counter() - started)
    save_sheet(drawings, args.sheet)
    print(f"contact sheet: {args.sheet}")
    window.train_tab.shutdown()
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
