"""Which digit the Inside tab follows: a row of the data file, or the Draw tab's drawing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QWidget

import numpy as np

from core.base.i18n import N_, _
from gui.app_state import AppState
from gui.translation import Texts

DRAWING, TEST_ROW = "drawing", "row"


class DigitSource(QWidget):
    """A choice of source and a row; `digit()` gives the chosen digit's pixels and caption."""

    changed = Signal()

    def __init__(self, state: AppState, drawing: Callable[[], np.ndarray | None], name: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.drawing = drawing          # () -> the Draw tab's 28x28 input, or None
        self.texts = Texts()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.source_combo = QComboBox(objectName=f"{name}Source")
        self.source_combo.addItem("", TEST_ROW)
        self.source_combo.addItem("", DRAWING)
        self.texts.set(lambda text: self.source_combo.setItemText(0, text), N_("Data row"))
        self.texts.set(lambda text: self.source_combo.setItemText(1, text), N_("The Draw tab's drawing"))
        self.source_combo.currentIndexChanged.connect(self._changed)
        row.addWidget(self.source_combo, 1)
        self.row_box = QSpinBox(objectName=f"{name}Row")
        self.texts.set(self.row_box.setToolTip, N_("A row of the data file; clicking a mistake in the Test tab "
                                                   "brings it here"))
        self.row_box.valueChanged.connect(self._changed)
        row.addWidget(self.row_box)

    def retranslate(self) -> None:
        self.texts.retranslate()

    def _changed(self) -> None:
        self.row_box.setEnabled(self.source_combo.currentData() == TEST_ROW)
        self.changed.emit()

    def data_changed(self) -> None:
        data = self.state.data
        self.row_box.setRange(0, max(len(data) - 1 if data is not None else 0, 0))
        if data is not None and self.row_box.value() == 0:
            self.row_box.setValue(self.state.test_rows[0])

    def show_row(self, row: int) -> None:
        """Follow a row of the data file (a mistake clicked in the Test tab)."""
        with_signals = self.blockSignals(True)
        self.source_combo.setCurrentIndex(self.source_combo.findData(TEST_ROW))
        self.row_box.setValue(row)
        self.blockSignals(with_signals)
        self._changed()

    def show_drawing(self) -> None:
        with_signals = self.blockSignals(True)
        self.source_combo.setCurrentIndex(self.source_combo.findData(DRAWING))
        self.blockSignals(with_signals)
        self._changed()

    def digit(self) -> tuple[np.ndarray | None, str]:
        """The digit to follow and its caption, or None and why there is none."""
        data = self.state.data
        if self.source_combo.currentData() == DRAWING:
            pixels = self.drawing()
            if pixels is None:
                return None, _("The Draw tab's canvas is empty: draw a digit there.")
            return pixels, _("The drawing on the Draw tab, in place (the Draw tab shows the mean of nine positions)")
        if data is None:
            return None, _("No data")
        row = self.row_box.value()
        return data.pixels[row], _("Row {row}, labelled {label}").format(row=row, label=int(data.labels[row]))
