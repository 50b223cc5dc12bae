"""Run as a script under an offscreen screen of a given size: prints how the first window fits it.

    QT_QPA_PLATFORM=offscreen:configfile=screen.json python -m tests.gui.first_window
"""

import json
import sys
import tempfile

from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

application = QApplication(sys.argv[:1])
with tempfile.TemporaryDirectory() as settings_folder:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_folder)
    from gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    while window.state.data is None:
        application.processEvents()
    application.processEvents()
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    inside = {}
    for name in ("trainButton", "stopButton", "saveModelButton", "trainProgress", "costPlot", "settingsForm",
                 "epochFigures"):
        widget = window.findChild(QWidget, name)
        rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        # a scroll area's viewport covers it
        shown = not widget.visibleRegion().isEmpty() or isinstance(widget, QAbstractScrollArea)
        inside[name] = widget.isVisible() and window.rect().contains(rect) and shown
    status = window.statusBar()
    inside["statusBar"] = status.isVisible() and window.rect().contains(status.geometry())
    window.statusBar().showMessage("x" * 400)
    window.train_tab.epoch_figures.setText("A very long status line " * 40)
    application.processEvents()
    print(json.dumps({"screen": [screen.width(), screen.height()], "window": [frame.width(), frame.height()],
                      "on_screen": screen.contains(frame), "inside": inside,
                      "minimum_width": window.minimumSizeHint().width()}))
    window.state.mark_saved(None)
    window.close()
