"""Screenshots of the Inside tab with a network of layers: its filters, a digit's maps, the gradient check.

Opens a real MainWindow (offscreen) in the chosen language on MODEL (a model file with a list of layers, such
as `python main.py train --recipe convolutional` writes), follows a test row through the layers, runs the
gradient check by its button, and saves docs/screenshot-inside-convolutional[-es].png.

    python tools/screenshot_layers.py MODEL [--lang en|es] [--row 907] [--out docs]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.screenshots import WINDOW_SIZE, choose_platform, wait  # noqa: E402  (after the checkout is on the path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path, help="a model file of a network of layers")
    parser.add_argument("--lang", choices=["en", "es"], default="en", help="the interface language (default: en)")
    parser.add_argument("--row", type=int, default=907, help="the data row followed through the layers")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNG file (default: docs)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        choose_platform("1366x768", Path(scratch))     # a laptop's screen, which the window fits
        os.environ["HOME"] = scratch
        os.environ.pop("XDG_DATA_HOME", None)
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        application = QApplication.instance() or QApplication(sys.argv[:1])
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, scratch)
        from gui.main_window import MainWindow

        window = MainWindow(model_path=args.model, taught_reader=False)
        window.set_language(args.lang)
        window.resize(*WINDOW_SIZE)
        window.show()
        wait(application, lambda: window.isVisible() and window.state.data is not None)
        inside = window.inside_tab
        window.tabs.setCurrentWidget(inside)
        inside.show_row(args.row)
        inside.gradients.check_button.click()
        wait(application, lambda: not inside.checking() and inside.gradients.check is not None)
        wait(application, lambda: not inside.drawing_in_turns())
        args.out.mkdir(parents=True, exist_ok=True)
        suffix = "" if args.lang == "en" else f"-{args.lang}"
        path = args.out / f"screenshot-inside-convolutional{suffix}.png"
        if not window.grab().save(str(path)):
            raise OSError(f"{path}: could not write the PNG")
        print(path)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
