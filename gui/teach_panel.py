"""Teach it your hand: the right digit for a misread drawing, the user's collection, Teach and Revert.

A drawing labelled with a button 0-9 (or a digit key on the canvas) joins the user's digits, kept in
their data folder in the assignment's data format. Teach fine-tunes the drawing reader on them in a
worker thread (core/teach.py) and the taught reader, saved beside them, reads from then on; Revert
returns to the shipped reader.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFileDialog, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QProgressBar,
                               QPushButton, QVBoxLayout, QWidget)

from core.collection import Collection, load_collection, save_collection
from core.errors import TrazoError
from core.i18n import N_, _
from core.model_io import load_model, save_model
from core.resources import DRAW_MODEL_FILE
from core.teach import Taught
from gui import dialogs
from gui.app_state import AppState
from gui.digit_grid import DigitGrid
from gui.translation import Texts
from gui.user_files import collection_file, taught_reader_file
from gui.workers import TeachWorker


class TeachPanel(QWidget):
    """The right-digit buttons, Teach and Revert; `collection_view` shows the user's digits."""

    added = Signal()    # a drawing joined the collection (the tab clears the canvas for the next one)

    def __init__(self, state: AppState, current_input, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("teachPanel")
        self.state = state
        self.current_input = current_input          # () -> the drawing as the network sees it, or None
        self.collection = load_collection(collection_file())
        self.worker: TeachWorker | None = None
        self.thread: QThread | None = None
        self._message: tuple = ("",)
        self.texts = Texts()
        self._build()
        self.collection_view = self._build_collection_view()
        self._show_collection()
        self.state.drawModelChanged.connect(self._update_buttons)
        self.state.dataChanged.connect(self._update_buttons)
        self._update_buttons()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        question = QLabel(wordWrap=True)
        self.texts.set(question.setText, N_("Read wrong? Click the right digit, or press its key on the canvas:"))
        layout.addWidget(question)
        digits = QGridLayout()
        digits.setSpacing(2)
        self.label_buttons = []
        for digit in range(10):
            button = QPushButton(str(digit), objectName=f"labelButton{digit}")
            button.setMinimumWidth(24)
            self.texts.set(button.setToolTip, N_("This drawing is a {digit}: add it to your digits"), digit=digit)
            button.clicked.connect(lambda _=False, chosen=digit: self.add(chosen))
            digits.addWidget(button, digit // 5, digit % 5)
            self.label_buttons.append(button)
        layout.addLayout(digits)
        row = QHBoxLayout()
        self.teach_button = QPushButton(objectName="teachButton")
        self.texts.set(self.teach_button.setText, N_("Teach"))
        self.texts.set(self.teach_button.setToolTip, N_("Teach the drawing reader your digits (a few seconds)"))
        self.teach_button.clicked.connect(self.start_teaching)
        self.revert_button = QPushButton(objectName="revertReaderButton")
        self.texts.set(self.revert_button.setText, N_("Revert"))
        self.texts.set(self.revert_button.setToolTip, N_("Go back to the shipped drawing reader"))
        self.revert_button.clicked.connect(self.revert)
        row.addWidget(self.teach_button)
        row.addWidget(self.revert_button)
        layout.addLayout(row)
        self.progress = QProgressBar(objectName="teachProgress", textVisible=False)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.message = QLabel("", objectName="teachMessage", wordWrap=True)
        layout.addWidget(self.message)

    def _build_collection_view(self) -> QGroupBox:
        box = QGroupBox(objectName="myDigitsBox")
        layout = QVBoxLayout(box)
        self.grid = DigitGrid()
        self.grid.setObjectName("myDigitsView")
        self.grid.setMinimumHeight(96)
        layout.addWidget(self.grid, 1)
        buttons = QHBoxLayout()
        self.delete_button = QPushButton(objectName="deleteDigitButton")
        self.texts.set(self.delete_button.setText, N_("Delete"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.relabel_box = QComboBox(objectName="relabelBox")
        self.relabel_box.addItems([str(digit) for digit in range(10)])
        self.relabel_button = QPushButton(objectName="relabelButton")
        self.texts.set(self.relabel_button.setText, N_("Relabel as"))
        self.relabel_button.clicked.connect(lambda: self.relabel_selected(self.relabel_box.currentIndex()))
        self.export_button = QPushButton(objectName="exportDigitsButton")
        self.texts.set(self.export_button.setText, N_("Export..."))
        self.texts.set(self.export_button.setToolTip, N_("Save your digits as a data file that --data reads"))
        self.export_button.clicked.connect(self.export_dialog)
        for widget in (self.delete_button, self.relabel_button, self.relabel_box, self.export_button):
            buttons.addWidget(widget)
        layout.addLayout(buttons)
        self.grid.digitSelected.connect(lambda _: self._update_buttons())
        return box

    def retranslate(self) -> None:
        self.texts.retranslate()
        self._show_title()
        self._show_message()

    # --- the collection --------------------------------------------------------------------------

    def add(self, digit: int) -> None:
        """The drawing on the canvas, with its right digit, joins the user's digits."""
        drawing = self.current_input()
        if drawing is None:
            self._say("empty")
            return
        self._keep(self.collection.added(drawing, digit))
        self._say("added", digit)
        self.added.emit()

    def delete_selected(self) -> None:
        index = self.grid.currentRow()
        if index >= 0:
            self._keep(self.collection.removed(index))

    def relabel_selected(self, digit: int) -> None:
        index = self.grid.currentRow()
        if index >= 0:
            self._keep(self.collection.relabelled(index, digit))
            self.grid.setCurrentRow(index)

    def export_dialog(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Export your digits"), str(Path.home() / "my-digits.txt"),
                                                    _("Digit data (*.txt)"))
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> bool:
        try:
            save_collection(self.collection, path)
        except TrazoError as error:
            dialogs.show_error(self, _("Export your digits"), str(error), _("Choose another place."))
            return False
        self._say("exported", path.name)
        return True

    def _keep(self, collection: Collection) -> None:
        try:
            save_collection(collection, collection_file())
        except TrazoError as error:
            dialogs.show_error(self, _("Your digits"), str(error), _("The digit was not kept."))
            return
        self.collection = collection
        self._show_collection()

    def _show_collection(self) -> None:
        collection = self.collection
        self.grid.set_digits(collection.pixels, [str(label) for label in collection.labels])
        self._show_title()
        self._update_buttons()

    def _show_title(self) -> None:
        self.collection_view.setTitle(_("Your digits ({count})").format(count=len(self.collection)))

    # --- teaching --------------------------------------------------------------------------------

    def is_teaching(self) -> bool:
        return self.thread is not None

    def start_teaching(self) -> None:
        reader, data = self.state.draw_model, self.state.data
        if self.is_teaching() or reader is None or data is None or not len(self.collection):
            return
        self.worker = TeachWorker(reader, data, self.collection)
        queued = Qt.ConnectionType.QueuedConnection
        self.worker.progressed.connect(self._progressed, queued)
        self.worker.done.connect(self._taught, queued)
        self.worker.failed.connect(self._failed, queued)
        self.progress.setValue(0)
        self.progress.show()
        self._say("teaching")
        thread = self.thread = self.worker.start()
        thread.finished.connect(lambda: self._finished(thread))
        self._update_buttons()

    def shutdown(self) -> None:
        if self.thread is None:
            return
        for signal in (self.worker.progressed, self.worker.done, self.worker.failed):
            signal.disconnect()
        self.worker.request_stop()
        self.thread.quit()
        self.thread.wait()
        self._finished(self.thread)

    def _progressed(self, epoch: int, epochs: int) -> None:
        self.progress.setMaximum(epochs)
        self.progress.setValue(epoch)

    def _taught(self, taught: Taught | None) -> None:
        if taught is None:
            return
        try:
            path = save_model(taught.model, taught_reader_file())
        except TrazoError as error:
            self._failed(str(error))
            return
        self.state.set_draw_model(taught.model, path)
        self._say("taught", taught)

    def _failed(self, message: str) -> None:
        self._say("failed")
        dialogs.show_error(self, _("Teach"), message, _("The drawing reader stays as it was."))

    def _finished(self, thread: QThread) -> None:
        if thread is not self.thread:
            return
        self.thread.deleteLater()
        self.worker.deleteLater()
        self.thread = self.worker = None
        self.progress.hide()
        self._update_buttons()

    def revert(self) -> None:
        """Forget the taught reader: the shipped one reads again, exactly as before."""
        try:
            shipped = load_model(DRAW_MODEL_FILE)
        except TrazoError as error:
            dialogs.show_error(self, _("Revert"), str(error), _("The drawing reader stays as it was."))
            return
        taught_reader_file().unlink(missing_ok=True)
        self.state.set_draw_model(shipped, DRAW_MODEL_FILE)
        self._say("reverted")

    # --- state -----------------------------------------------------------------------------------

    def is_taught(self) -> bool:
        return self.state.draw_model_path is not None and Path(self.state.draw_model_path) == taught_reader_file()

    def _update_buttons(self) -> None:
        teaching = self.is_teaching()
        self.teach_button.setEnabled(not teaching and len(self.collection) > 0 and self.state.draw_model is not None
                                     and self.state.data is not None)
        self.revert_button.setEnabled(not teaching and self.is_taught())
        selected = self.grid.currentRow() >= 0
        for widget in (self.delete_button, self.relabel_button):
            widget.setEnabled(selected)
        self.export_button.setEnabled(len(self.collection) > 0)

    def _say(self, *message) -> None:
        self._message = message
        self._show_message()

    def _show_message(self) -> None:
        kind, *values = self._message
        text = ""
        if kind == "empty":
            text = _("Draw a digit first.")
        elif kind == "added":
            text = _("Added as a {digit}: {count} digits of yours. Press Teach when the reader should learn "
                     "them.").format(digit=values[0], count=len(self.collection))
        elif kind == "exported":
            text = _("Your digits are in {name}.").format(name=values[0])
        elif kind == "teaching":
            text = _("Teaching the reader your {count} digits...").format(count=len(self.collection))
        elif kind == "taught":
            taught, = values
            text = _("Your digits: {before} read right before, {after} now. Test rows 900-999: {test_before} before, "
                     "{test_after} now.").format(before=_percent(taught.yours_before), after=_percent(taught.yours_after),
                                                  test_before=_percent(taught.test_before),
                                                  test_after=_percent(taught.test_after))
        elif kind == "failed":
            text = _("Teaching failed; the reader stays as it was.")
        elif kind == "reverted":
            text = _("The shipped drawing reader reads again.")
        self.message.setText(text)


def _percent(fraction: float) -> str:
    return f"{100 * fraction:.0f}%"

