"""The Train tab's pace controls, for narrating a run in class: Pause / Resume, Step (one epoch while paused)
and a pace (full speed, or a few epochs a second); the plots and the Inside tab follow each epoch."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from core.base.i18n import N_, _, ngettext
from core.services.pacing import FULL_SPEED, Pacing
from gui.translation import Texts

PACES = (FULL_SPEED, 1.0, 2.0, 5.0)        # epochs per second


class PaceControls(QWidget):
    """Acts on the run under way's `Pacing` (`attach` it as the run starts); the pace chosen stays for the next."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("paceControls")
        self._pacing: Pacing | None = None
        self.texts = Texts()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.pause_button = QPushButton(objectName="pauseButton", checkable=True)
        self.pause_button.toggled.connect(self._pause_toggled)
        self.step_button = QPushButton(objectName="stepButton")
        self.texts.set(self.step_button.setText, N_("Step"))
        self.texts.set(self.step_button.setToolTip, N_("Train one more epoch, then wait again (F7)"))
        self.step_button.clicked.connect(self.step)
        pace_label = QLabel()
        self.texts.set(pace_label.setText, N_("Pace:"))
        self.pace_choice = QComboBox(objectName="paceChoice")
        self.pace_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.texts.set(self.pace_choice.setToolTip, N_("Slow a run down to talk about each epoch as it comes"))
        for rate in PACES:
            self.pace_choice.addItem("", rate)
        self.pace_choice.currentIndexChanged.connect(self._apply_pace)
        self.paused_note = QLabel(objectName="pausedNote", wordWrap=True)
        for widget in (self.pause_button, self.step_button, pace_label, self.pace_choice):
            layout.addWidget(widget)
        layout.addWidget(self.paused_note, 1)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.texts.retranslate()
        for index, rate in enumerate(PACES):
            self.pace_choice.setItemText(index, pace_text(rate))
        self._fit_choice()
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:     # View > Zoom
            self._fit_choice()

    def _fit_choice(self) -> None:
        """The pace's combo as wide as its longest choice (Qt keeps the least width it found at the first font)."""
        self.pace_choice.setMinimumWidth(0)
        self.pace_choice.setMinimumWidth(self.pace_choice.sizeHint().width())

    # --- the run ----------------------------------------------------------------------------------

    def attach(self, pacing: Pacing) -> None:
        """The run that starts: at the pace chosen, not paused."""
        self._pacing = pacing
        self.pause_button.setChecked(False)
        self._apply_pace()
        self._update()

    def detach(self) -> None:
        """The run has ended."""
        self._pacing = None
        self.pause_button.setChecked(False)
        self._update()

    def is_paused(self) -> bool:
        return self._pacing is not None and self._pacing.is_paused()

    def toggle_pause(self) -> None:
        if self._pacing is not None:
            self.pause_button.toggle()

    def step(self) -> None:
        if self.is_paused():
            self._pacing.step()

    def _pause_toggled(self, paused: bool) -> None:
        if self._pacing is not None and paused:
            self._pacing.pause()
        elif self._pacing is not None:
            self._pacing.resume()
        self._update()

    def _apply_pace(self) -> None:
        if self._pacing is not None:
            self._pacing.set_epochs_per_second(self.pace_choice.currentData())

    def _update(self) -> None:
        running, paused = self._pacing is not None, self.is_paused()
        self.pause_button.setEnabled(running)
        self.step_button.setEnabled(paused)
        self.pause_button.setText(_("Resume") if paused else _("Pause"))
        self.pause_button.setToolTip(_("Go on training (F6)") if paused else _("Wait after this epoch (F6)"))
        self.paused_note.setText(_("Paused: Step trains one more epoch.") if paused else "")


def pace_text(rate: float) -> str:
    if rate == FULL_SPEED:
        return _("full speed")
    count = int(rate)
    return ngettext("{count} epoch per second", "{count} epochs per second", count).format(count=count)
