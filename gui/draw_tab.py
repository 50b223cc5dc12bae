"""The Draw tab: draw a digit with the mouse and watch the network read it, live and on release; or a number,
on a wider canvas or in a photo (gui/number_reading.py), read digit by digit."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

import numpy as np

from core.base.i18n import N_, _, ngettext
from core.handwriting.drawing import drawing_problem, read_drawings, reduce_drawing
from core.learning.data import IMAGE_SIDE, column_major_to_image
from core.learning.model import Model
from gui.app_state import AppState, shown_path
from gui.digit_image import digit_pixmap
from gui.number_reading import NumberReading
from gui.probability_bars import ProbabilityBars
from gui.teach_panel import CURRENT_MODEL, DRAWING_MODEL, TeachPanel
from gui.translation import Texts

LIVE_INTERVAL_MS = 40       # predictions while drawing: at most ~25 a second, the rest are coalesced
# A top probability under this is shown as "not sure". Chosen with tools/sureness.py on the drawing
# benchmarks' seeds 1-2 for an earlier reader. With the shipped reader in nine positions, on seed 0
# (docs/results.md, "How the Draw tab reads"): 0.6 would show 2.0% of all drawings wrong but sure, 0.9 shows
# 0.4%, and calls 3.5% of the right answers "not sure".
UNSURE_BELOW = 0.9
HINTS = {
    "small": N_("The digit is small: draw it bigger for a surer reading."),
    "faint": N_("The ink is faint: draw with stronger strokes."),
}
PREVIEW_SCALE = 5


class DrawTab(QWidget):
    """A canvas, the prediction in large type, the ten probabilities and what the network sees."""

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("drawTab")
        self.state = state
        self.network_input: np.ndarray | None = None
        self.probabilities: np.ndarray | None = None
        self._rng = np.random.default_rng()
        self._test_row: int | None = None
        self.texts = Texts()
        self._live_timer = QTimer(self, singleShot=True, interval=LIVE_INTERVAL_MS)
        self._live_timer.timeout.connect(self.predict)
        self._build()
        self.canvas.inkChanged.connect(self._ink_changed)
        self.canvas.strokeFinished.connect(self.predict)
        self.canvas.cleared.connect(self._canvas_cleared)
        self.canvas.digitPressed.connect(self.teach_panel.add)
        self.teach_panel.added.connect(self.reading.digit_added)
        self.reading.digitShown.connect(self._show)
        self.reading.accept_images(self)    # images dropped on the tab or pasted (Ctrl+V) are read
        self.state.modelChanged.connect(self._model_changed)
        self.state.drawModelChanged.connect(self._draw_model_changed)
        self.reader_combo.currentIndexChanged.connect(self._models_changed)
        self.state.dataChanged.connect(self._update_buttons)
        self.state.testRowsChanged.connect(self._update_buttons)
        for key in (QKeySequence.StandardKey.Delete, QKeySequence(Qt.Key.Key_Escape)):
            shortcut = QShortcut(key, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.canvas.clear)
        self._update_buttons()
        self._models_changed()
        self.retranslate()

    def retranslate(self) -> None:
        self.texts.retranslate()
        self.reading.retranslate()
        self.teach_panel.retranslate()
        self._models_changed()
        self._show_test_row()
        self._update_buttons()

    def _build(self) -> None:
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.reading = NumberReading(self.reader)
        self.canvas = self.reading.canvas
        self.texts.set(self.canvas.setToolTip, N_("Draw a digit with the left mouse button; right-click, Delete or "
                                                  "Escape clears"))
        left.addWidget(self.reading, 0, Qt.AlignmentFlag.AlignHCenter)
        hint = QLabel()
        self.texts.set(hint.setText, N_("Draw one digit with the left mouse button.\nRight-click, Delete or Escape "
                                        "clears."))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        left.addWidget(self.reading.with_hint(hint))   # the hint, or in its place a number read
        buttons = QHBoxLayout()
        self.clear_button = QPushButton(objectName="clearButton")
        self.texts.set(self.clear_button.setText, N_("Clear"))
        self.texts.set(self.clear_button.setToolTip, N_("Clear the canvas, or close the photo (Delete, Escape)"))
        self.clear_button.clicked.connect(self.canvas.clear)
        self.test_digit_button = QPushButton(objectName="testDigitButton")
        self.texts.set(self.test_digit_button.setText, N_("Test digit"))
        self.test_digit_button.clicked.connect(lambda: self.put_test_digit())
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.test_digit_button)
        buttons.addWidget(self.reading.number_box)
        left.addLayout(buttons)
        self.hint = QLabel("", objectName="drawingHint", wordWrap=True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet("color: #a04000;")
        left.addWidget(self.hint)
        self.test_digit_info = QLabel("", objectName="testDigitInfo")
        self.test_digit_info.setAlignment(Qt.AlignmentFlag.AlignCenter)
        left.addWidget(self.test_digit_info)
        self.teach_panel = TeachPanel(self.state, lambda: self.network_input, self._reading_with)
        self.teach_panel.setMaximumWidth(self.reading.stack.minimumWidth())
        left.addWidget(self.teach_panel)
        left.addStretch(1)
        layout.addLayout(left)
        layout.addWidget(self._build_results(), 2)
        layout.addWidget(self.teach_panel.collection_view, 1)   # a column of its own: nothing drawn over it

    def _build_results(self) -> QGroupBox:
        box = QGroupBox()
        self.texts.set(box.setTitle, N_("What the network reads"))
        grid = QGridLayout(box)
        self.reader_combo = QComboBox(objectName="readerCombo")
        self.texts.set(self.reader_combo.setToolTip, N_("The model that reads your drawings"))
        self.reader_combo.addItem("", DRAWING_MODEL)
        self.reader_combo.addItem("", CURRENT_MODEL)
        self.texts.set(lambda text: self.reader_combo.setItemText(0, text), N_("Drawing model"))
        self.reader_info = QLabel("", objectName="readerInfo", wordWrap=True)
        self.reader_info.setStyleSheet("color: #505050;")
        reader = QHBoxLayout()
        read_with = QLabel()
        self.texts.set(read_with.setText, N_("Read with:"))
        reader.addWidget(read_with)
        reader.addWidget(self.reader_combo, 1)
        grid.addLayout(reader, 0, 0, 1, 2)
        grid.addWidget(self.reader_info, 1, 0, 1, 2)
        self.predicted_digit = QLabel("", objectName="predictedDigit")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 8)
        font.setBold(True)
        self.predicted_digit.setFont(font)
        self.predicted_digit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.predicted_digit.setMinimumWidth(self.predicted_digit.fontMetrics().horizontalAdvance("00"))
        self.confidence = QLabel("", objectName="confidenceLabel")
        self.confidence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview = QLabel(objectName="networkPreview")
        side = IMAGE_SIDE * PREVIEW_SCALE
        self.preview.setFixedSize(side + 2, side + 2)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("border: 1px solid #b0b0b0; background: white;")
        self.texts.set(self.preview.setToolTip, N_("The drawing reduced to 28x28 the way MNIST's digits were made"))
        self.bars = ProbabilityBars()
        self.bars.setMinimumHeight(170)
        self.bars.setMaximumHeight(320)
        grid.addWidget(self.predicted_digit, 2, 0)
        grid.addWidget(self.confidence, 3, 0)
        grid.addWidget(self.preview, 2, 1, Qt.AlignmentFlag.AlignCenter)
        input_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.texts.set(input_label.setText, N_("28x28 input"))
        grid.addWidget(input_label, 3, 1)
        bars_label = QLabel()
        self.texts.set(bars_label.setText, N_("Probability of each digit:"))
        grid.addWidget(bars_label, 4, 0, 1, 2)
        grid.addWidget(self.bars, 5, 0, 1, 2)
        grid.setRowStretch(6, 1)    # room left over goes below the bars
        return box

    def reader(self) -> Model | None:
        """The model that reads the drawings: the drawing model when there is one and it is chosen."""
        if self.reader_combo.currentData() == DRAWING_MODEL and self.state.draw_model is not None:
            return self.state.draw_model
        return self.state.model

    def _reading_with(self) -> str | None:
        """The reader Teach teaches: the one chosen (None while the tab is being built, before its combo)."""
        if not hasattr(self, "reader_combo"):
            return None
        return DRAWING_MODEL if self.reader() is not None and self.reader() is self.state.draw_model else CURRENT_MODEL

    def _draw_model_changed(self) -> None:
        """A drawing model that arrives is the one that reads."""
        self._read_with(0 if self.state.draw_model is not None else self.reader_combo.currentIndex())

    def _model_changed(self) -> None:
        """A model the user just trained or opened is the one that reads (the drawing model stays a choice)."""
        self._read_with(1 if self.state.model is not None else self.reader_combo.currentIndex())

    def _read_with(self, index: int) -> None:
        """Select a reader; the combo's change signal updates the tab, or this does when nothing changed."""
        if index != self.reader_combo.currentIndex():
            self.reader_combo.setCurrentIndex(index)
        else:
            self._models_changed()

    def _models_changed(self) -> None:
        has_drawing_model = self.state.draw_model is not None
        self.reader_combo.model().item(0).setEnabled(has_drawing_model)
        if not has_drawing_model and self.reader_combo.currentData() == DRAWING_MODEL:
            self.reader_combo.setCurrentIndex(1)    # calls back here once more
            return
        self.reader_combo.setItemText(1, _("Current model ({name})").format(name=self.state.model_name))
        text = self._reader_text()
        if self.reader() is not None:
            text += " " + _("It reads each drawing in nine positions, in place and moved one pixel each way, and "
                            "shows the mean of the nine readings.")
        self.reader_info.setText(text)
        self.teach_panel._update_buttons()   # Teach teaches the reader chosen
        self.predict()

    def _reader_text(self) -> str:
        if self.reader() is None:
            return _("No model: open one with File > Open model...")
        if self.reader() is self.state.model:
            return _("The model of the Train and Test tabs, trained on the assignment's rows unless you chose others.")
        settings = self.state.draw_model.settings
        if settings is None:
            return _("{path}: a model for mouse drawings.").format(path=shown_path(self.state.draw_model_path))
        rows = ", ".join(f"{start}-{end - 1}" for start, end in settings.train_rows)
        text = ngettext("{path}: learned from {count} digit (rows {rows}) instead of the assignment's 900, to read "
                        "mouse drawings. It never saw the test rows {first}-{last}.",
                        "{path}: learned from {count} digits (rows {rows}) instead of the assignment's 900, to read "
                        "mouse drawings. It never saw the test rows {first}-{last}.", settings.train_count).format(
            path=shown_path(self.state.draw_model_path), count=settings.train_count, rows=rows,
            first=settings.test_rows[0], last=settings.test_rows[1] - 1)
        if settings.styles:
            text += " " + ngettext(
                "Each epoch it also saw {count} synthetic digit in handwriting styles MNIST lacks (flagged 1s, "
                "crossed 7s, open 4s, straight 9s, looped 2s).", "Each epoch it also saw {count} synthetic digits in "
                "handwriting styles MNIST lacks (flagged 1s, crossed 7s, open 4s, straight 9s, looped 2s).",
                settings.styles).format(count=settings.styles)
        if settings.repen:
            text += " " + ngettext("Each epoch it also saw {count} of its training digits redrawn with this canvas's "
                                   "pen.", "Each epoch it also saw {count} of its training digits redrawn with this "
                                   "canvas's pen.", settings.repen).format(count=settings.repen)
        taught = self.state.draw_model.provenance.taught_digits
        if taught:
            text += " " + ngettext("Then taught {count} digit of yours.", "Then taught {count} digits of yours.",
                                   taught).format(count=taught)
        return text

    def predict(self) -> None:
        """Reduce the drawing, classify it and show the answer; a blank canvas shows none."""
        self._live_timer.stop()
        if self.reading.reads_numbers():
            self.hint.setText("")
            self.reading.read()
            return
        ink = self.canvas.ink()
        problem = drawing_problem(ink)
        self.hint.setText(_(HINTS[problem]) if problem else "")
        network_input = reduce_drawing(ink)
        model = self.reader()
        if network_input is None or model is None:
            self._show(network_input, None)
            return
        probabilities = read_drawings(model.network, network_input[None, :])[0]
        self._show(network_input, probabilities)

    def put_test_digit(self, row: int | None = None) -> int | None:
        """Draw a digit of the test rows (a random one by default) on the canvas and classify it."""
        data = self.state.data
        if data is None:
            return None
        start, end = self.state.test_rows
        end = min(end, len(data))
        if row is None and start >= end:    # the data file stops before the test rows (the button is disabled)
            return None
        row = int(self._rng.integers(start, end)) if row is None else row
        self.reading.show_canvas()
        self.canvas.set_ink(column_major_to_image(data.pixels[row]))
        self._test_row = row
        self._show_test_row()
        self.predict()
        return row

    def _ink_changed(self) -> None:
        if not self._live_timer.isActive() and not self.reading.reads_numbers():   # a number: when a stroke ends
            self._live_timer.start()

    def _canvas_cleared(self) -> None:
        self._test_row = None
        self._show_test_row()
        self.predict()

    def _show_test_row(self) -> None:
        row, data = self._test_row, self.state.data
        self.test_digit_info.setText("" if row is None or data is None else _(
            "Test row {row}, labelled {label}").format(row=row, label=data.labels[row]))

    def _show(self, network_input: np.ndarray | None, probabilities: np.ndarray | None) -> None:
        self.network_input, self.probabilities = network_input, probabilities
        if network_input is None:
            self.preview.clear()
        else:
            self.preview.setPixmap(digit_pixmap(network_input, PREVIEW_SCALE))
        self.bars.set_probabilities(probabilities)
        if probabilities is None:
            self.predicted_digit.setText("")
            self.confidence.setText(_("Draw a digit") if self.reader() is not None else _("No model loaded"))
            return
        digit = int(probabilities.argmax())
        self.predicted_digit.setText(str(digit))
        confidence = 100 * probabilities[digit]
        sure = probabilities[digit] >= UNSURE_BELOW
        self.confidence.setText((_("{percent:.1f}% sure") if sure else _("not sure: {percent:.1f}%")).format(
            percent=confidence))

    def _update_buttons(self) -> None:
        """Test digit needs a data file that reaches the test rows; its tooltip says why when it does not."""
        data, start = self.state.data, self.state.test_rows[0]
        if data is None:
            tip = _("Open a data file first (File > Open data...)")
        elif start >= len(data):
            tip = ngettext("The data file has {count} row, and the test rows start at row {start}: choose test rows "
                           "it has in the Test tab", "The data file has {count} rows, and the test rows start at row "
                           "{start}: choose test rows it has in the Test tab", len(data)).format(
                count=len(data), start=start)
        else:
            tip = ""
        self.test_digit_button.setEnabled(not tip)
        self.test_digit_button.setToolTip(tip or _("Put a random digit from the test rows on the canvas"))
