"""Starting the desktop app: a check for a display first, so a missing one is a message, not a Qt abort."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from core.base.i18n import _
from core.base.resources import DRAW_MODEL_FILE

ORGANISATION = "Trazo"
APPLICATION = "Trazo"
EXIT_NO_DISPLAY = 1
# Set to 1, the app prints the seconds from its process start to its window's first painted frame, then
# quits (bench/latency.py measures startup with it).
REPORT_FIRST_PAINT = "TRAZO_REPORT_FIRST_PAINT"


def missing_display_message() -> str | None:
    """What to do instead, when Qt would find no display to open a window on; None when there is one."""
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return _(
        "error: no display to open the Trazo window on (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
        "  - On a desktop, run `python main.py` from a terminal inside the graphical session.\n"
        "  - Without a screen, run the app offscreen: QT_QPA_PLATFORM=offscreen python main.py\n"
        "    (or python tools/screenshots.py to see it as PNG files in docs/).\n"
        "  - Or use the command line: python main.py test | train | report --out report.pdf"
    )


def run(data_path: Path, model_path: Path, draw_model_path: Path | None) -> int:
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
    application.setDesktopFileName("trazo")   # the desktop matches the window to trazo.desktop and its icon
    application.setWindowIcon(app_icon())
    window = MainWindow(data_path, model_path, draw_model_path or DRAW_MODEL_FILE,
                        taught_reader=draw_model_path is None)
    if os.environ.get(REPORT_FIRST_PAINT) == "1":
        report_first_paint(window)
    window.show()
    return application.exec()


def app_icon():
    """Trazo's icon in every size it ships (the window's title bar and the taskbar pick theirs)."""
    from PySide6.QtGui import QIcon

    from core.base.resources import ICONS_FOLDER

    icon = QIcon()
    for path in sorted(ICONS_FOLDER.glob("trazo-*.png")):
        icon.addFile(str(path))
    return icon


def report_first_paint(window) -> None:
    """When the window's first paint ends, print the seconds since the process started, and quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                QTimer.singleShot(0, report)  # runs once the whole frame, children too, is painted
            return False

    def report() -> None:
        print(f"first paint {seconds_since_process_start():.3f} s after the process started", flush=True)
        QApplication.quit()

    window.installEventFilter(FirstPaint(window))


def seconds_since_process_start() -> float:
    """Wall time since this process began (Linux: from /proc, in 10 ms ticks; elsewhere: since Python's clock began)."""
    try:
        start_ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return time.perf_counter()
    return time.clock_gettime(time.CLOCK_BOOTTIME) - start_ticks / os.sysconf("SC_CLK_TCK")
