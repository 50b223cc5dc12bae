"""Loading a data file off the GUI thread: a progress bar and a Cancel button in the status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from core.base.i18n import _
from gui.workers import DataLoader

PROGRESS_STEPS = 1000


class DataLoading(QWidget):
    """Runs one DataLoader at a time; hidden while idle. A new load cancels the one under way."""

    loaded = Signal(object, object)     # Dataset, Path
    failed = Signal(str, object)        # message, Path
    cancelled = Signal(object)          # Path

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dataLoading")
        self.loader: DataLoader | None = None
        self.thread: QThread | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(objectName="dataLoadingLabel")
        self.progress = QProgressBar(objectName="dataProgress", maximum=PROGRESS_STEPS, textVisible=False)
        self.progress.setMaximumWidth(160)
        self.cancel_button = QPushButton(objectName="cancelLoadButton")
        self.cancel_button.clicked.connect(self.cancel)
        for widget in (self.label, self.progress, self.cancel_button):
            layout.addWidget(widget)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setToolTip(_("Stop loading; the app keeps the data it had"))
        if self.loader is not None:
            self.label.setText(_("Loading {name}...").format(name=self.loader.path.name))

    def is_loading(self) -> bool:
        return self.thread is not None

    def load(self, path: str | Path) -> None:
        """Start loading `path`; the answer comes as one of the signals."""
        self.shutdown()
        self.loader = DataLoader(Path(path))
        queued = Qt.ConnectionType.QueuedConnection  # widgets are touched only on the GUI thread
        self.loader.progressed.connect(self._progressed, queued)
        self.loader.loaded.connect(self.loaded, queued)
        self.loader.failed.connect(self.failed, queued)
        self.loader.cancelled.connect(self.cancelled, queued)
        self.progress.setValue(0)
        self.retranslate()
        self.show()
        thread = self.thread = self.loader.start()
        thread.finished.connect(lambda: self._finished(thread))

    def cancel(self) -> None:
        if self.loader is not None:
            self.loader.cancel()

    def shutdown(self) -> None:
        """Cancel a load under way and join its thread; its answer is dropped."""
        if self.thread is None:
            return
        for signal in (self.loader.progressed, self.loader.loaded, self.loader.failed, self.loader.cancelled):
            signal.disconnect()
        self.loader.cancel()
        self.thread.quit()
        self.thread.wait()
        self._finished(self.thread)

    def _progressed(self, fraction: float) -> None:
        self.progress.setValue(round(fraction * PROGRESS_STEPS))

    def _finished(self, thread: QThread) -> None:
        """Forget the thread that finished, unless a newer load has taken its place already."""
        if thread is not self.thread:
            return
        self.thread.deleteLater()
        self.loader.deleteLater()
        self.thread = self.loader = None
        self.hide()
