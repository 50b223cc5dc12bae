"""Screenshots of the app's three tabs for docs/, taken the way a user would use it.

Opens a real MainWindow (offscreen unless QT_QPA_PLATFORM says otherwise), runs the Test tab and
clicks a mistake, draws a 2 on the canvas with real mouse events, trains a short run, and saves
docs/screenshot-train.png, docs/screenshot-test.png and docs/screenshot-draw.png.

    python tools/screenshots.py [--epochs 30] [--out docs]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, QPointF, QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

WINDOW_SIZE = (1180, 760)
# a handwritten 2 on the 280x280 canvas: the top arc, the diagonal, the base
TWO = [(86, 96), (98, 70), (122, 52), (152, 48), (180, 60), (194, 86), (190, 114), (172, 142), (140, 174),
       (108, 206), (92, 224), (124, 222), (160, 221), (198, 224)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30, help="epochs of the short training run (default: 30)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNG files (default: docs)")
    args = parser.parse_args(argv)
    application = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as settings_folder:
        # a private settings file: screenshots show the shipped recipe, and the user's settings stay untouched
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_folder)
        from gui.main_window import MainWindow

        window = MainWindow()
        window.ask_unsaved = lambda doing: "discard"
        window.resize(*WINDOW_SIZE)
        window.show()
        wait(application, lambda: window.isVisible() and window.state.data is not None)
        args.out.mkdir(parents=True, exist_ok=True)
        shoot_test_tab(application, window, args.out / "screenshot-test.png")
        shoot_draw_tab(application, window, args.out / "screenshot-draw.png")
        shoot_train_tab(application, window, args.epochs, args.out / "screenshot-train.png")
        window.close()
    return 0


def shoot_test_tab(application: QApplication, window, path: Path) -> None:
    tab = window.test_tab
    window.tabs.setCurrentWidget(tab)
    wait(application, lambda: tab.evaluation is not None)
    if tab.grid.count():
        click(tab.grid.viewport(), tab.grid.visualItemRect(tab.grid.item(0)).center())
    save(application, window, path)
    print(f"Test tab: {tab.accuracy_label.text()} ({tab.evaluation.correct} / {tab.evaluation.total}), "
          f"{tab.grid.count()} tiles: {path}")


def shoot_draw_tab(application: QApplication, window, path: Path) -> None:
    tab = window.draw_tab
    window.tabs.setCurrentWidget(tab)
    application.processEvents()
    canvas = tab.canvas
    points = smooth(TWO, steps=6)
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for point in points[1:]:
        QTest.mouseMove(canvas, point)
    started = time.perf_counter()
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])
    latency = time.perf_counter() - started
    save(application, window, path)
    print(f"Draw tab: a drawn 2 reads as {tab.predicted_digit.text()!r} ({tab.confidence.text()}); "
          f"release -> prediction {1000 * latency:.1f} ms: {path}")


def shoot_train_tab(application: QApplication, window, epochs: int, path: Path) -> None:
    tab = window.train_tab
    window.tabs.setCurrentWidget(tab)
    tab.epochs_spin.setValue(epochs)
    click(tab.train_button, tab.train_button.rect().center())
    wait(application, lambda: not tab.is_training(), timeout=300)
    save(application, window, path)
    print(f"Train tab: {tab.epoch_figures.text()}: {path}")


def smooth(corners: list[tuple[int, int]], steps: int) -> list[QPoint]:
    """Mouse positions along the polyline, `steps` per segment, as a hand moving the mouse gives them."""
    points = [QPointF(*corners[0])]
    for start, end in zip(corners[:-1], corners[1:]):
        for step in range(1, steps + 1):
            points.append(QPointF(*start) + (QPointF(*end) - QPointF(*start)) * (step / steps))
    return [point.toPoint() for point in points]


def click(widget: QWidget, position: QPoint) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, position)


def wait(application: QApplication, condition, timeout: float = 30) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        application.processEvents()
        time.sleep(0.01)


def save(application: QApplication, window, path: Path) -> None:
    for _ in range(5):  # let layouts settle and pending paints happen
        application.processEvents()
    if not window.grab().save(str(path)):
        raise OSError(f"{path}: could not write the PNG")


if __name__ == "__main__":
    sys.exit(main())
