"""The Draw tab: draw a digit with the mouse and watch the network read it, live and on release."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.data import IMAGE_SIDE, column_major_to_image
from core.drawing import drawing_problem, reduce_drawing
from gui.app_state import AppState
from gui.canvas import DrawingCanvas
from gui.digit_image import digit_pixmap
from gui.probability_bars import ProbabilityBars

LIVE_INTERVAL_MS = 40       # predictions while drawing: at most ~25 a second, the rest are coalesced
UNSURE_BELOW = 0.6          # a top probability under this is shown as "not sure"
HINTS = {
    "small": "The digit is small: draw it bigger for a surer reading.",
    "faint": "The ink is faint: draw with stronger strokes.",
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
        self._live_timer = QTimer(self, singleShot=True, interval=LIVE_INTERVAL_MS)
        self._live_timer.timeout.connect(self.predict)
        self._build()
        self.canvas.inkChanged.connect(self._ink_changed)
        self.canvas.strokeFinished.connect(self.predict)
        self.canvas.cleared.connect(self._canvas_cleared)
        self.state.modelChanged.connect(self.predict)
        self.state.dataChanged.connect(self._update_buttons)
        for key in (QKeySequence.StandardKey.Delete, QKeySequence(Qt.Key.Key_Escape)):
            shortcut = QShortcut(key, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.canvas.clear)
        self._update_buttons()
        self.predict()

    def _build(self) -> None:
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.canvas = DrawingCanvas()
        left.addWidget(self.canvas, 0, Qt.AlignmentFlag.AlignHCenter)
        hint = QLabel("Draw one digit with the left mouse button.\nRight-click, Delete or Escape clears.")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        left.addWidget(hint)
        buttons = QHBoxLayout()
        self.clear_button = QPushButton("Clear", objectName="clearButton", toolTip="Clear the canvas (Delete, Escape)")
        self.clear_button.clicked.connect(self.canvas.clear)
        self.test_digit_button = QPushButton("Test digit", objectName="testDigitButton",
                                             toolTip="Put a random digit from the test rows on the canvas")
        self.test_digit_button.clicked.connect(lambda: self.put_test_digit())
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.test_digit_button)
        left.addLayout(buttons)
        self.hint = QLabel("", objectName="drawingHint", wordWrap=True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet("color: #a04000;")
        left.addWidget(self.hint)
        self.test_digit_info = QLabel("", objectName="testDigitInfo")
        self.test_digit_info.setAlignment(Qt.AlignmentFlag.AlignCenter)
        left.addWidget(self.test_digit_info)
        left.addStretch(1)
        layout.addLayout(left)
        layout.addWidget(self._build_results(), 1)

    def _build_results(self) -> QGroupBox:
        box = QGroupBox("What the network reads")
        grid = QGridLayout(box)
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
        self.preview.setToolTip("The drawing reduced to 28x28 the way MNIST's digits were made")
        self.bars = ProbabilityBars()
        self.bars.setMinimumHeight(260)
        self.bars.setMaximumHeight(320)
        grid.addWidget(self.predicted_digit, 0, 0)
        grid.addWidget(self.confidence, 1, 0)
        grid.addWidget(self.preview, 0, 1, Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(QLabel("28x28 input", alignment=Qt.AlignmentFlag.AlignCenter), 1, 1)
        grid.addWidget(QLabel("Probability of each digit:"), 2, 0, 1, 2)
        grid.addWidget(self.bars, 3, 0, 1, 2)
        grid.setRowStretch(4, 1)
        return box

    def predict(self) -> None:
        """Reduce the drawing, classify it and show the answer; a blank canvas shows none."""
        self._live_timer.stop()
        ink = self.canvas.ink()
        self.hint.setText(HINTS.get(drawing_problem(ink), ""))
        network_input = reduce_drawing(ink)
        if network_input is None or self.state.model is None:
            self._show(network_input, None)
            return
        probabilities = self.state.model.network.probabilities(network_input[None, :])[0]
        self._show(network_input, probabilities)

    def put_test_digit(self, row: int | None = None) -> int | None:
        """Draw a digit of the test rows (a random one by default) on the canvas and classify it."""
        data = self.state.data
        if data is None:
            return None
        start, end = self.state.test_rows
        end = min(end, len(data))
        row = int(self._rng.integers(start, end)) if row is None else row
        self.canvas.set_ink(column_major_to_image(data.pixels[row]))
        self.test_digit_info.setText(f"Test row {row}, labelled {data.labels[row]}")
        self.predict()
        return row

    def _ink_changed(self) -> None:
        if not self._live_timer.isActive():
            self._live_timer.start()

    def _canvas_cleared(self) -> None:
        self.test_digit_info.setText("")
        self.predict()

    def _show(self, network_input: np.ndarray | None, probabilities: np.ndarray | None) -> None:
        self.network_input, self.probabilities = network_input, probabilities
        if network_input is None:
            self.preview.clear()
        else:
            self.preview.setPixmap(digit_pixmap(network_input, PREVIEW_SCALE))
        self.bars.set_probabilities(probabilities)
        if probabilities is None:
            self.predicted_digit.setText("")
            self.confidence.setText("Draw a digit" if self.state.model is not None else "No model loaded")
            return
        digit = int(probabilities.argmax())
        self.predicted_digit.setText(str(digit))
        confidence = 100 * probabilities[digit]
        self.confidence.setText(f"{confidence:.1f}% sure" if probabilities[digit] >= UNSURE_BELOW
                                else f"not sure: {confidence:.1f}%")

    def _update_buttons(self) -> None:
        self.test_digit_button.setEnabled(self.state.data is not None)
