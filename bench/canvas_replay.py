"""What the drawing benchmarks share: a real MainWindow (offscreen) whose Draw tab reads pen strokes
replayed as mouse events on its `drawCanvas`, the figures of what it read, and a contact sheet.

Import this module before a QApplication is made: it asks for the offscreen platform unless told otherwise.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

READERS = ("drawing", "current")
DATA_TIMEOUT = 120.0        # seconds to wait for the data file, which the window loads off the GUI thread


class BenchError(Exception):
    """The benchmark cannot run as asked (no model, a model that saw the benchmark's digits)."""


@dataclass
class Drawing:
    """One drawing on the canvas: its true label, what the Draw tab showed, and the canvas's ink."""

    source: int | str           # where it came from: a data row, or a style's name
    label: int
    predicted: int | None
    probabilities: np.ndarray | None = field(repr=False)
    shown_sure: bool            # the tab showed "% sure", not "not sure"
    ink: np.ndarray = field(repr=False)

    @property
    def right(self) -> bool:
        return self.predicted == self.label

    @property
    def wrong_and_sure(self) -> bool:
        return not self.right and self.shown_sure


def replay(canvas, strokes: list[np.ndarray]) -> None:
    """Each stroke of (x, y) canvas points as a left-button press, moves through its points, and a release."""
    for stroke in strokes:
        points = [QPoint(int(round(x)), int(round(y))) for x, y in stroke]
        QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
        for point in points[1:]:
            QTest.mouseMove(canvas, point)
        QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])


def open_window(reader: str, model_path: Path | None = None, draw_model_path: Path | None = None):
    """A shown MainWindow on the shipped files (or the given models) whose Draw tab reads with `reader`."""
    from gui.main_window import MainWindow

    QApplication.instance() or QApplication([])
    files = {"model_path": model_path, "draw_model_path": draw_model_path}
    window = MainWindow(**{name: path for name, path in files.items() if path}, taught_reader=False)
    window.show()
    draw_tab = window.draw_tab
    window.tabs.setCurrentWidget(draw_tab)
    draw_tab.reader_combo.setCurrentIndex(READERS.index(reader))
    model = draw_tab.reader()
    if model is None or (reader == "drawing" and model is not window.state.draw_model):
        close_window(window)
        raise BenchError(f"no {reader} model could be opened")
    wait_for_data(window)
    return window


def wait_until(condition, timeout: float = 120) -> None:
    """Process events until `condition()` holds; TimeoutError after `timeout` seconds."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def wait_for_data(window) -> None:
    """Process events until the window's data file is loaded (drawn_digits draws its rows)."""
    deadline = time.monotonic() + DATA_TIMEOUT
    while window.state.data is None:
        if not window.data_loading.is_loading() or time.monotonic() > deadline:
            close_window(window)
            raise BenchError("the data file could not be loaded")
        QApplication.processEvents()
        time.sleep(0.01)


def close_window(window) -> None:
    window.train_tab.shutdown()
    window.close()
    QApplication.processEvents()


def reader_summary(window) -> str:
    draw_tab = window.draw_tab
    return f"{draw_tab.reader_combo.currentText()}: {draw_tab.reader().summary()}"


def draw_and_read(window, strokes: list[np.ndarray], source: int | str, label: int,
                  pen_width: float | None = None) -> Drawing:
    """Clear the canvas, draw the strokes with the mouse (with a wider pen if asked) and read the tab."""
    draw_tab = window.draw_tab
    canvas = window.findChild(type(draw_tab.canvas), "drawCanvas")
    shown = window.findChild(QLabel, "predictedDigit")
    confidence = window.findChild(QLabel, "confidenceLabel")
    usual_pen = canvas.pen_width
    canvas.pen_width = pen_width or usual_pen
    try:
        canvas.clear()
        replay(canvas, strokes)
    finally:
        canvas.pen_width = usual_pen
    text = shown.text()
    probabilities = None if draw_tab.probabilities is None else draw_tab.probabilities.copy()
    return Drawing(source, label, int(text) if text else None, probabilities,
                   bool(text) and not confidence.text().startswith("not sure"), canvas.ink())


def accuracy(drawings: list[Drawing]) -> float:
    return float(np.mean([d.right for d in drawings]))


def wrong_and_sure_rate(drawings: list[Drawing]) -> float:
    """The part of all drawings that were read wrong and shown as sure."""
    return float(np.mean([d.wrong_and_sure for d in drawings]))


def print_confusions(drawings: list[Drawing], count: int = 8) -> None:
    mistakes: dict[tuple[int, int | None], int] = {}
    for d in drawings:
        if not d.right:
            mistakes[(d.label, d.predicted)] = mistakes.get((d.label, d.predicted), 0) + 1
    common = sorted(mistakes.items(), key=lambda item: -item[1])[:count]
    print("most common confusions: " + ", ".join(f"{t}->{p} x{n}" for (t, p), n in common))


def print_sureness(drawings: list[Drawing]) -> None:
    from gui.draw_tab import UNSURE_BELOW

    wrong = [d for d in drawings if not d.right]
    sure = sum(d.wrong_and_sure for d in wrong)
    print(f"wrong and shown as sure (top probability >= {UNSURE_BELOW:g}): {sure} of {len(drawings)} drawings "
          f"({100 * wrong_and_sure_rate(drawings):.1f}%), {sure} of the {len(wrong)} wrong ones")


def save_probabilities(drawings: list[Drawing], path: Path) -> None:
    """The tab's probabilities of every drawing with its label and source, for calibration studies."""
    np.savez_compressed(path, labels=np.array([d.label for d in drawings]),
                        sources=np.array([str(d.source) for d in drawings]),
                        probabilities=np.array([d.probabilities for d in drawings], dtype=np.float32))


def finish(window, drawings: list[Drawing], probabilities: Path | None) -> int:
    """A benchmark's end: the probabilities saved when asked, the window closed; exit status 0."""
    if probabilities:
        save_probabilities(drawings, probabilities)
    close_window(window)
    return 0


def save_sheet(drawings: list[Drawing], path: Path, title: str, columns: int = 10, rows: int = 6,
               row_names: list[str] | None = None) -> None:
    """A contact sheet of the drawings, row by row, each with its label and the prediction above it (red:
    wrong); `row_names` label the rows at the left."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sample = drawings[: columns * rows]
    figure, axes = plt.subplots(rows, columns, figsize=(columns * 1.3, rows * 1.5), dpi=100)
    for axis, drawing in zip(axes.flat, sample, strict=False):
        axis.imshow(drawing.ink, cmap="gray_r", vmin=0, vmax=1)
        axis.set_title(f"{drawing.label} -> {drawing.predicted}", fontsize=9,
                       color="black" if drawing.right else "red")
        axis.set_xticks([])
        axis.set_yticks([])
    for axis in list(axes.flat)[len(sample):]:
        axis.axis("off")
    for axis, name in zip(axes[:, 0], row_names or [], strict=False):
        axis.set_ylabel(name, fontsize=8)
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
