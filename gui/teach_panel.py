"""Teach it your hand: the right digit for a misread drawing, the user's collection, Teach and Revert.

A drawing labelled with a button 0-9 (or a digit key on the canvas) joins the user's digits, kept in
their data folder in the assignment's data format. Teach fine-tunes the reader the Draw tab reads with on
them, in a worker thread (core/services/teach.py), and its figures are that reader's. The taught drawing reader is
saved beside the digits and reads from then on (Revert returns to the shipped one); a taught current model
becomes the app's unsaved model, as a run's does, for File > Save model as. Other Trazo windows share these
files (gui/user_files.py): each change applies to what the file holds at that moment. Where the folder cannot
be written, the changes are off and the panel says why.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.base.errors import TrazoError
from core.base.i18n import N_, _
from core.base.resources import DRAW_MODEL_FILE
from core.learning.model_io import load_model
from core.services.collection import Collection, save_collection
from core.services.teach import Taught
from gui import dialogs
from gui.app_state import AppState
from gui.my_digits_box import MyDigitsBox
from gui.teach_messages import CURRENT_MODEL, DRAWING_MODEL, panel_message
from gui.translation import Texts
from gui.user_files import TAUGHT_READER_NAME, MyDigits, Notice, remove_taught_reader, save_taught_reader
from gui.workers import TeachWorker


class TeachPanel(QWidget):
    """The right-digit buttons, Teach and Revert; `collection_view` shows the user's digits."""

    added = Signal()    # a drawing joined the collection (the tab clears the canvas for the next one)

    def __init__(self, state: AppState, current_input, reading_with, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("teachPanel")
        self.state = state
        self.current_input = current_input          # () -> the drawing as the network sees it, or None
        self.reading_with = reading_with            # () -> DRAWING_MODEL or CURRENT_MODEL: the reader taught
        self._teaching: str | None = None           # the reader being taught
        self._taught_from = None                    # its model as it was when Teach began
        self.my_digits = MyDigits()                 # its notices are the window's to show at start
        self.worker: TeachWorker | None = None
        self.thread: QThread | None = None
        self._message: tuple = ("",)
        self.texts = Texts()
        self._build()
        self.collection_view = self._build_collection_view()
        self._show_collection()
        if self.my_digits.problem:
            self._say("unusable")
        self.state.drawModelChanged.connect(self._update_buttons)
        self.state.dataChanged.connect(self._update_buttons)
        self.state.modelChanged.connect(self._update_buttons)
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
        self.texts.set(self.teach_button.setToolTip, N_("Teach your digits to the model you read with (a few "
                                                        "seconds)"))
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

    def _build_collection_view(self) -> MyDigitsBox:
        box = MyDigitsBox()
        self.grid = box.grid
        self.delete_button, self.relabel_button, self.export_button = (box.delete_button, box.relabel_button,
                                                                       box.export_button)
        self.delete_button.clicked.connect(self.delete_selected)
        self.relabel_button.clicked.connect(lambda: self.relabel_selected(box.relabel_box.currentIndex()))
        self.export_button.clicked.connect(self.export_dialog)
        self.grid.digitSelected.connect(lambda _: self._update_buttons())
        return box

    def retranslate(self) -> None:
        self.texts.retranslate()
        self.collection_view.retranslate()
        self._show_title()
        self._show_message()

    # --- the collection --------------------------------------------------------------------------

    @property
    def collection(self) -> Collection:
        return self.my_digits.collection

    def add(self, digit: int) -> None:
        """The drawing on the canvas, with its right digit, joins the user's digits."""
        drawing = self.current_input()
        if self.my_digits.problem:
            self._say("unusable")
        elif drawing is None:
            self._say("empty")
        elif self._change(lambda current: current.added(drawing, digit)):
            self._say("added", digit)
            self.added.emit()

    def delete_selected(self) -> None:
        index = self.grid.currentRow()
        if index >= 0:
            pixels, label = self.collection.digit(index)
            self._change(lambda current: current.without(pixels, label))

    def relabel_selected(self, digit: int) -> None:
        index = self.grid.currentRow()
        if index >= 0:
            pixels, label = self.collection.digit(index)
            if self._change(lambda current: current.relabelled_digit(pixels, label, digit)):
                self.grid.setCurrentRow(self.collection.index_of(pixels, digit))

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

    def _change(self, edit) -> bool:
        """Apply `edit` (a collection -> the changed one) to the digits as the file holds them now; False when
        it could not be, after a dialog saying why."""
        try:
            self.my_digits.change(edit)
        except TrazoError as error:
            self._show_notices()
            self._show_collection()
            dialogs.show_error(self, _("Your digits"), str(error), _("The change was not kept."))
            return False
        self._show_notices()
        self._show_collection()
        return True

    def refresh(self) -> None:
        """Show what other windows changed in the user's digits since."""
        try:
            changed = self.my_digits.refresh()
        except TrazoError as error:
            dialogs.show_error(self, _("Your digits"), str(error), _("The digits shown are those read before."))
            return
        self._show_notices()
        if changed:
            self._show_collection()

    def _show_notices(self, notices: list[Notice] | None = None) -> None:
        for title, problem, advice in notices if notices is not None else self.my_digits.take_notices():
            dialogs.show_error(self, title, problem, advice)

    def _show_collection(self) -> None:
        collection = self.collection
        self.grid.set_digits(collection.pixels, [str(label) for label in collection.labels])
        self._show_title()
        self._update_buttons()

    def _show_title(self) -> None:
        self.collection_view.setTitle(_("Your digits ({count})").format(count=len(self.collection)))

    def _reader(self, which: str | None):
        return {DRAWING_MODEL: self.state.draw_model, CURRENT_MODEL: self.state.model}.get(which)

    # --- teaching --------------------------------------------------------------------------------

    def is_teaching(self) -> bool:
        return self.thread is not None

    def start_teaching(self) -> None:
        if self.is_teaching() or self.my_digits.problem:
            return
        self.refresh()   # teach the digits the file holds now, those added in other windows too
        which = self.reading_with()
        reader, data = self._reader(which), self.state.data
        if reader is None or data is None or not len(self.collection):
            return
        self._teaching, self._taught_from = which, reader
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
        if self._reader(self._teaching) is not self._taught_from:   # a run or a file replaced it meanwhile
            self._failed(_("the model changed while it was being taught; the new one is kept as it is"))
            return
        if self._teaching == CURRENT_MODEL:
            self.state.set_model(taught.model, None, unsaved=True)   # as a run's model: unsaved until saved
            self._say("taught", taught, CURRENT_MODEL)
            return
        try:
            path, notices = save_taught_reader(self.my_digits.usable_folder(), taught.model)
        except TrazoError as error:
            self._failed(str(error))
            return
        self._show_notices(notices)
        self.state.set_draw_model(taught.model, path)
        self._say("taught", taught, DRAWING_MODEL)

    def _failed(self, message: str) -> None:
        self._say("failed")
        dialogs.show_error(self, _("Teach"), message, _("The drawing reader stays as it was.")
                           if self._teaching == DRAWING_MODEL else _("The current model stays as it was."))

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
            remove_taught_reader(self.my_digits.usable_folder())
        except TrazoError as error:
            dialogs.show_error(self, _("Revert"), str(error), _("The taught reader stays, and reads at the next "
                                                                 "start too."))
            return
        self.state.set_draw_model(shipped, DRAW_MODEL_FILE)
        self._say("reverted")

    # --- state -----------------------------------------------------------------------------------

    def is_taught(self) -> bool:
        folder, path = self.my_digits.folder, self.state.draw_model_path
        return folder is not None and path is not None and Path(path) == folder / TAUGHT_READER_NAME

    def _update_buttons(self) -> None:
        teaching, usable = self.is_teaching(), not self.my_digits.problem
        self.teach_button.setEnabled(usable and not teaching and len(self.collection) > 0
                                     and self._reader(self.reading_with()) is not None and self.state.data is not None)
        self.revert_button.setEnabled(usable and not teaching and self.is_taught())
        selected = self.grid.currentRow() >= 0
        for widget in (self.delete_button, self.relabel_button):
            widget.setEnabled(usable and selected)
        for button in self.label_buttons:
            button.setEnabled(usable)
        self.export_button.setEnabled(len(self.collection) > 0)

    def _say(self, *message) -> None:
        self._message = message
        self._show_message()

    def _show_message(self) -> None:
        kind, *values = self._message
        self.message.setText(panel_message(kind, values, len(self.collection), self.my_digits.problem))
