"""The Draw tab's box of the user's own digits: a grid of tiles, and Delete, Relabel as and Export... for them
(the Teach panel, gui/teach_panel.py, does what the buttons ask)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QPushButton, QVBoxLayout, QWidget

from core.base.i18n import N_
from gui.digit_grid import DigitGrid
from gui.translation import Texts


class MyDigitsBox(QGroupBox):
    """The tiles and their buttons; the title, the tiles and the buttons' states are set by the Teach panel."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="myDigitsBox")
        self.texts = Texts()
        layout = QVBoxLayout(self)
        self.grid = DigitGrid()
        self.grid.setObjectName("myDigitsView")
        self.grid.setMinimumHeight(96)
        layout.addWidget(self.grid, 1)
        buttons = QGridLayout()     # two rows: the box is a narrow column of the Draw tab
        self.delete_button = QPushButton(objectName="deleteDigitButton")
        self.texts.set(self.delete_button.setText, N_("Delete"))
        self.relabel_box = QComboBox(objectName="relabelBox")
        self.relabel_box.addItems([str(digit) for digit in range(10)])
        self.relabel_button = QPushButton(objectName="relabelButton")
        self.texts.set(self.relabel_button.setText, N_("Relabel as"))
        self.export_button = QPushButton(objectName="exportDigitsButton")
        self.texts.set(self.export_button.setText, N_("Export..."))
        self.texts.set(self.export_button.setToolTip, N_("Save your digits as a data file that --data reads"))
        buttons.addWidget(self.delete_button, 0, 0)
        buttons.addWidget(self.export_button, 0, 1)
        buttons.addWidget(self.relabel_button, 1, 0)
        buttons.addWidget(self.relabel_box, 1, 1)
        layout.addLayout(buttons)

    def retranslate(self) -> None:
        self.texts.retranslate()
