"""Starting the desktop app: a check for a display first, so a missing one is a message, not a Qt abort."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ORGANISATION = "Trazo"
APPLICATION = "Trazo"
EXIT_NO_DISPLAY = 1


def missing_display_message() -> str | None:
    """What to do instead, when Qt would find no display to open a window on; None when there is one."""
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "error: no display to open the Trazo window on (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
        "  - On a desktop, run `python main.py` from a terminal inside the graphical session.\n"
        "  - Without a screen, run the app offscreen: QT_QPA_PLATFORM=offscreen python main.py\n"
        "    (or python tools/screenshots.py to see it as PNG files in docs/).\n"
        "  - Or use the command line: python main.py test | train | report --out report.pdf"
    )


def run(data_path: Path, model_path: Path) -> int:
    """Open the main window on the given files and run Qt's event loop until it closes."""
    message = missing_display_message()
    if message:
        print(message, file=sys.stderr)
        return EXIT_NO_DISPLAY
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow

    application = QApplication.instance() or QApplication(sys.argv[:1])
    application.setOrganizationName(ORGANISATION)
    application.setApplicationName(APPLICATION)
    window = MainWindow(data_path, model_path)
    window.show()
    return application.exec()
