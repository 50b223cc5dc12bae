"""Screenshots of the app's tabs for docs/, taken the way a user would use it.

Opens a real MainWindow (offscreen unless QT_QPA_PLATFORM says otherwise) in the chosen language, runs
the Test tab and clicks a mistake, draws a 2 on the canvas with real mouse events, teaches the drawing
reader three flagged 1s it misread (docs/screenshot-teach-{misread,taught}.png; the user's digits go to a
scratch folder), looks inside the shipped model (the mistake layer by layer, a unit clicked, the gradient
check run by its button), trains a short run with the Train button, and saves
docs/screenshot-{train,test,draw,inside}.png (with -es for Spanish). With
--screen, the app starts on an offscreen screen of that size, as on a laptop, and the whole screen is
saved as docs/screenshot-WIDTHxHEIGHT.png after the training run. With --framed, on a real X server with a
window manager (Xvfb and openbox, say), the window keeps its first size and each tab is saved as the whole
screen, the window manager's frame included, as docs/screenshot-LANG-WIDTHxHEIGHT-TAB.png (ImageMagick's
`import`). --zoom 150 zooms the app as View > Zoom does, and --full-screen puts the window in full screen
(View > Full screen); with --framed, the files are then named ...-zoom150-TAB.png, ...-fullscreen-TAB.png.
With --photo, only docs/screenshot-photo.png (-es for Spanish): a made-up phone photo of a number
(bench/photos.py) opened in the Draw tab, its second digit clicked (with --screen, in the first window of
that screen).

    python tools/screenshots.py [--lang en|es] [--epochs 30] [--screen 1280x720] [--framed | --photo]
                                [--zoom 150] [--full-screen] [--out docs]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WINDOW_SIZE = (1180, 760)
FRAMED = False      # --framed: the whole screen is saved, the window manager's frame included
# a handwritten 2 on the 280x280 canvas: the top arc, the diagonal, the base
TWO = [(86, 96), (98, 70), (122, 52), (152, 48), (180, 60), (194, 86), (190, 114), (172, 142), (140, 174),
       (108, 206), (92, 224), (124, 222), (160, 221), (198, 224)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["en", "es"], default="en", help="the interface language (default: en)")
    parser.add_argument("--epochs", type=int, default=30, help="epochs of the short training run (default: 30)")
    parser.add_argument("--screen", help="start on an offscreen screen of this size, e.g. 1280x720")
    parser.add_argument("--framed", action="store_true",
                        help="under a window manager: the first window, each tab saved as the whole screen")
    parser.add_argument("--zoom", type=int, default=100, help="the zoom in percent, as View > Zoom (default: 100)")
    parser.add_argument("--full-screen", action="store_true", help="the window in full screen, as View > Full screen")
    parser.add_argument("--photo", action="store_true", help="only the Draw tab reading a photo of a number")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNG files (default: docs)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        choose_platform(args.screen, Path(scratch))
        # a scratch home: the taught digits go to its data folder, and the app shows that folder as a user's
        os.environ["HOME"] = scratch
        os.environ.pop("XDG_DATA_HOME", None)
        # a private settings file: screenshots show the shipped recipe, and the user's settings stay untouched
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        application = QApplication.instance() or QApplication(sys.argv[:1])
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
        from gui.app import APPLICATION, ORGANISATION
        from gui.main_window import MainWindow

        application.setOrganizationName(ORGANISATION)
        application.setApplicationName(APPLICATION)
        window = MainWindow(taught_reader=False)
        window.set_language(args.lang)
        window.menus.view.set_zoom(args.zoom)
        window.ask_unsaved = lambda doing: "discard"
        if not args.screen and not args.framed:
            window.resize(*WINDOW_SIZE)
        window.show()
        window.menus.view.set_full_screen(args.full_screen)
        wait(application, lambda: window.isVisible() and window.state.data is not None)
        args.out.mkdir(parents=True, exist_ok=True)
        suffix = "" if args.lang == "en" else f"-{args.lang}"
        if args.photo:
            shoot_photo(application, window, Path(scratch), args.out / f"screenshot-photo{suffix}.png")
        elif args.framed:
            shoot_framed(application, window, args)
        elif args.screen:
            shoot_train_tab(application, window, args.epochs, None)
            path = args.out / f"screenshot-{args.screen}.png"
            for _ in range(5):
                application.processEvents()
            screen_shot(window, path)
            print(f"screen {args.screen}, window {window.frameGeometry().width()}x{window.frameGeometry().height()}:"
                  f" {path}")
        else:
            shoot_test_tab(application, window, args.out / f"screenshot-test{suffix}.png")
            shoot_draw_tab(application, window, args.out / f"screenshot-draw{suffix}.png")
            shoot_teach_flow(application, window, args.out, suffix)
            shoot_inside_tab(application, window, args.out / f"screenshot-inside{suffix}.png")
            shoot_train_tab(application, window, args.epochs, args.out / f"screenshot-train{suffix}.png")
        window.state.mark_saved(None)
        window.close()
    return 0


def shoot_framed(application, window, args) -> None:
    """Each tab as the whole screen, frame included: the Test tab's first mistake clicked, a 2 drawn, the
    shipped model inside, the Train tab after a short run."""
    global FRAMED
    FRAMED = True
    settled = time.monotonic() + 1.0     # the window manager's frame arrives after the show
    while time.monotonic() < settled:
        application.processEvents()
        time.sleep(0.01)
    screen = window.screen().geometry()
    name = f"screenshot-{args.lang}-{screen.width()}x{screen.height()}"
    name += f"-zoom{args.zoom}" if args.zoom != 100 else ""
    name += "-fullscreen" if args.full_screen else ""
    shoot_test_tab(application, window, args.out / f"{name}-test.png")
    shoot_draw_tab(application, window, args.out / f"{name}-draw.png")
    shoot_inside_tab(application, window, args.out / f"{name}-inside.png")
    shoot_train_tab(application, window, args.epochs, args.out / f"{name}-train.png")
    frame = window.frameGeometry()
    print(f"screen {screen.width()}x{screen.height()}, frame {frame.width()}x{frame.height()}+{frame.x()}+{frame.y()}")


def screen_shot(window, path: Path) -> None:
    """The window where it stands on its screen, drawn on a plain desktop of the screen's size."""
    from PySide6.QtGui import QColor, QImage, QPainter

    screen = window.screen().geometry()
    image = QImage(screen.width(), screen.height(), QImage.Format.Format_RGB32)
    image.fill(QColor("#3c4a5a"))
    painter = QPainter(image)
    painter.drawPixmap(window.frameGeometry().topLeft() - screen.topLeft(), window.grab())
    painter.end()
    if not image.save(str(path)):
        raise OSError(f"{path}: could not write the PNG")


def choose_platform(screen: str | None, scratch: Path) -> None:
    """Offscreen unless QT_QPA_PLATFORM says otherwise; with `screen`, an offscreen screen of that size."""
    if not screen:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return
    width, height = (int(value) for value in screen.split("x"))
    config = scratch / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def shoot_test_tab(application, window, path: Path) -> None:
    tab = window.test_tab
    window.tabs.setCurrentWidget(tab)
    wait(application, lambda: tab.evaluation is not None)
    if tab.grid.count():
        click(tab.grid.viewport(), tab.grid.visualItemRect(tab.grid.item(0)).center())
    save(application, window, path)
    print(f"Test tab: {tab.accuracy_label.text()} ({tab.evaluation.correct} / {tab.evaluation.total}), "
          f"{tab.grid.count()} tiles: {path}")


def shoot_draw_tab(application, window, path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

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


def shoot_photo(application, window, scratch: Path, path: Path) -> None:
    """A phone photo of a number of rows 4000-4999 (bench/photos.py) opened in the Draw tab, its second digit
    clicked to show what the network sees."""
    import numpy as np

    from bench.photos import make_photo
    from core.learning.data import column_major_to_image

    data, tab = window.state.data, window.draw_tab
    rows = [4003, 4010, 4022, 4031]
    photo = make_photo([column_major_to_image(data.pixels[row]) for row in rows],
                       [int(data.labels[row]) for row in rows], rows, np.random.default_rng(5))
    file = scratch / "foto.jpg"
    file.write_bytes(photo.jpeg)
    window.files.open_image_file(file)
    wait(application, lambda: tab.reading.thread is None and tab.reading.showing_photo())
    if len(tab.reading.digits) > 1:
        click(tab.reading.view, tab.reading.view.centre_of(1).toPoint())
    save(application, window, path)
    print(f"Draw tab: a photo of {''.join(map(str, photo.labels))} ({photo.how}) reads as "
          f"{tab.reading.number_label.text()!r}: {path}")


def shoot_teach_flow(application, window, out: Path, suffix: str, count: int = 3) -> None:
    """Flagged 1s drawn with the mouse (bench/styles.py's strokes) until the reader has misread `count`; each
    gets its right digit from labelButton1; a shot of the last misreading, then Teach and a shot of its result."""
    from PySide6.QtWidgets import QPushButton

    import numpy as np

    from bench.teach import flagged_one

    tab = window.draw_tab
    window.tabs.setCurrentWidget(tab)
    rng = np.random.default_rng(3)
    misread = drawn = 0
    while misread < count:
        drawn += 1
        if drawn > 3000:
            raise TimeoutError("the reader read every flagged 1 right")
        drawing = flagged_one(window, rng)
        if drawing.right:
            continue
        misread += 1
        if misread == count:
            save(application, window, out / f"screenshot-teach-misread{suffix}.png")
        window.findChild(QPushButton, "labelButton1").click()
        last = drawing
    window.findChild(QPushButton, "teachButton").click()
    wait(application, lambda: not tab.teach_panel.is_teaching(), timeout=300)
    tab.canvas.set_ink(last.ink)      # the last misread drawing, read again by the taught reader
    tab.predict()
    path = out / f"screenshot-teach-taught{suffix}.png"
    save(application, window, path)
    print(f"Teach: {count} of {drawn} flagged 1s misread and labelled; {tab.teach_panel.message.text()}; the last "
          f"one now reads as {tab.predicted_digit.text()!r} ({tab.confidence.text()}): {path}")


def shoot_inside_tab(application, window, path: Path) -> None:
    """The shipped model inside: the Test tab's mistake layer by layer, the first-page unit it excites most
    clicked, the gradient check run."""
    tab = window.inside_tab
    window.tabs.setCurrentWidget(tab)
    application.processEvents()
    unit = max(tab.weights.tiles.units(), key=lambda index: tab.digit.activations.hidden[0][index])
    click(tab.weights.tiles, tab.weights.tiles.tile_rect(unit).center().toPoint())
    click(tab.gradients.check_button, tab.gradients.check_button.rect().center())
    wait(application, lambda: not tab.checking(), timeout=120)
    save(application, window, path)
    print(f"Inside tab: {tab.shown_network.text()}; {tab.digit.digit_caption.text()}; "
          f"max relative error {tab.gradients.check.max_relative_error:.1e}: {path}")


def shoot_train_tab(application, window, epochs: int, path: Path | None) -> None:
    tab = window.train_tab
    window.tabs.setCurrentWidget(tab)
    tab.form.widgets["epochs"].setText(str(epochs))
    click(tab.train_button, tab.train_button.rect().center())
    wait(application, lambda: not tab.is_training(), timeout=300)
    if path is not None:
        save(application, window, path)
    print(f"Train tab: {tab.epoch_figures.text()}: {path}")


def smooth(corners: list[tuple[int, int]], steps: int) -> list:
    """Mouse positions along the polyline, `steps` per segment, as a hand moving the mouse gives them."""
    from PySide6.QtCore import QPointF

    points = [QPointF(*corners[0])]
    for start, end in zip(corners[:-1], corners[1:], strict=True):
        for step in range(1, steps + 1):
            points.append(QPointF(*start) + (QPointF(*end) - QPointF(*start)) * (step / steps))
    return [point.toPoint() for point in points]


def click(widget, position) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, position)


def wait(application, condition, timeout: float = 30) -> None:
    from bench.canvas_replay import wait_until  # here: bench sets an offscreen platform unless one is chosen

    wait_until(condition, timeout)


def save(application, window, path: Path) -> None:
    for _ in range(5):  # let layouts settle and pending paints happen
        application.processEvents()
    if FRAMED:
        import subprocess

        time.sleep(0.3)
        application.processEvents()
        subprocess.run(["import", "-window", "root", str(path)], check=True)
        return
    if not window.grab().save(str(path)):
        raise OSError(f"{path}: could not write the PNG")


if __name__ == "__main__":
    sys.exit(main())
