"""The training settings as a form, made from their declarations in core/learning/settings.py.

Each setting gets the widget its kind asks for: a list for choices, a box for yes/no, and a text
field for numbers, layer sizes and rows. A text field shows what the user typed until it is changed:
a value that cannot be read is marked, with the reason in its tooltip, and `problems()` says why, so
the tab can refuse to train. Numbers take `.` or `,` as the decimal separator under every locale.
A field the other settings make irrelevant (momentum without the momentum optimiser) is disabled, and
its tooltip says why.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from core.base.errors import SettingsError
from core.base.i18n import _
from core.learning.settings import (
    BY_NAME,
    SETTINGS,
    Choice,
    Decimal,
    Integer,
    Setting,
    Switch,
    TrainingSettings,
    parse_setting,
)
from gui import dialogs

INVALID_STYLE = "QLineEdit[invalid=\"true\"] { border: 1px solid #c0392b; background: #fdecea; }"


def object_name(declared: Setting, suffix: str = "Field") -> str:
    """'learning_rate' -> 'learningRateField': the objectName tests and tools find a widget by."""
    first, *rest = declared.name.split("_")
    return first + "".join(word.capitalize() for word in rest) + suffix


class NumberField(QLineEdit):
    """A number typed as text; Up and Down step it by the setting's step, within its range."""

    def __init__(self, declared: Setting):
        super().__init__(objectName=object_name(declared))
        self.declared = declared

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1}.get(event.key())
        if steps is None:
            super().keyPressEvent(event)
            return
        try:
            value = self.declared.kind.parse(self.text())
        except ValueError:
            return
        kind = self.declared.kind
        step = kind.step if isinstance(kind, Decimal) else 1
        stepped = value + steps * step
        if isinstance(kind, Decimal):
            stepped = round(stepped, 12)
        if kind.check(stepped):
            self.setText(kind.format(stepped))


class SettingsForm(QWidget):
    """One row per training setting; `settings()` reads them, `set_settings()` shows them."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("settingsForm")
        self.setStyleSheet(INVALID_STYLE)
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.typed: set[str] = set()    # fields the user typed in since the settings were last set
        self._basis: TrainingSettings | None = None     # the values the followers last followed
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)   # a long label puts its field below
        for declared in SETTINGS:
            widget = self._make_widget(declared)
            label = QLabel(objectName=object_name(declared, "Label"))
            label.setBuddy(widget)
            self.widgets[declared.name], self.labels[declared.name] = widget, label
            layout.addRow(label, widget)
        self.retranslate()
        self.set_settings(TrainingSettings())

    def _make_widget(self, declared: Setting) -> QWidget:
        kind = declared.kind
        if isinstance(kind, Choice):
            widget = QComboBox(objectName=object_name(declared))
            # asks for the longest choice's width, but its minimum stays at 8 characters: the form never
            # overflows its column, and shows every choice whole where the window has room
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            widget.setMinimumContentsLength(8)
            for value in kind.options:
                widget.addItem(value, value)
            widget.currentIndexChanged.connect(self._changed)
        elif isinstance(kind, Switch):
            widget = QCheckBox(objectName=object_name(declared))
            widget.toggled.connect(self._changed)
        else:
            widget = NumberField(declared) if isinstance(kind, (Integer, Decimal)) else QLineEdit(
                objectName=object_name(declared))
            widget.textChanged.connect(self._changed)
            widget.textEdited.connect(lambda _text, name=declared.name: self.typed.add(name))
        return widget

    def retranslate(self) -> None:
        for declared in SETTINGS:
            self.labels[declared.name].setText(_(declared.label) + ":")
            widget = self.widgets[declared.name]
            if isinstance(declared.kind, Choice):
                for index, value in enumerate(declared.kind.options):
                    widget.setItemText(index, declared.kind.describe(value))
            elif isinstance(declared.kind, Switch):
                widget.setText(declared.kind.describe(True))
        self._fit_choices()
        self._mark()

    def _fit_choices(self) -> None:
        """Each combo as wide as its longest choice, never cut, in the language and the zoom of the moment."""
        for declared in SETTINGS:
            if isinstance(declared.kind, Choice):
                widget = self.widgets[declared.name]
                widget.setMinimumWidth(0)
                widget.setMinimumWidth(widget.sizeHint().width())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:     # View > Zoom
            self._fit_choices()

    # --- values ----------------------------------------------------------------------------------

    def set_settings(self, settings: TrainingSettings) -> None:
        for declared in SETTINGS:
            self.set_value(declared.name, getattr(settings, declared.name))
        self.typed.clear()
        self._basis = None
        self._changed()

    def set_value(self, name: str, value) -> None:
        declared, widget = BY_NAME[name], self.widgets[name]
        widget.blockSignals(True)
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(widget.findData(value))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(value)
        else:
            widget.setText(declared.kind.format(value))
        widget.blockSignals(False)

    def value(self, name: str):
        """The value of one field, or a SettingsError naming the setting."""
        widget = self.widgets[name]
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        return parse_setting(BY_NAME[name], widget.text())

    def problems(self) -> dict[str, str]:
        """{setting name: why its text cannot be read}, for every field that cannot."""
        problems = {}
        for declared in SETTINGS:
            try:
                self.value(declared.name)
            except SettingsError as error:
                problems[declared.name] = str(error)
        return problems

    def settings(self) -> TrainingSettings:
        """The form's settings, or a SettingsError naming the first field that is wrong."""
        problems = self.problems()
        if problems:
            raise SettingsError(next(iter(problems.values())), next(iter(problems)))
        return TrainingSettings(**{declared.name: self.value(declared.name) for declared in SETTINGS}).validate()

    # --- state -----------------------------------------------------------------------------------

    def _changed(self) -> None:
        self._follow()
        self._mark()
        self.changed.emit()

    def _follow(self) -> None:
        """A field whose default follows the others (the learning rate, the optimiser) takes its new
        default when they change, unless the user has typed a value of their own."""
        shown, basis = self._values_or_defaults(), self._basis
        self._basis = shown
        if basis is None:
            return
        for declared in SETTINGS:
            if declared.follows is not None and declared.name not in self.typed:
                value = declared.default_for(shown)
                if value is not None and value != declared.default_for(basis):
                    self.set_value(declared.name, value)

    def _mark(self) -> None:
        """Mark fields that cannot be read; disable those the other settings make irrelevant."""
        problems = self.problems()
        shown = self._values_or_defaults()
        for declared in SETTINGS:
            widget = self.widgets[declared.name]
            applies = declared.applies_to(shown)
            widget.setEnabled(applies)
            self.labels[declared.name].setEnabled(applies)
            invalid = declared.name in problems
            if isinstance(widget, QLineEdit) and widget.property("invalid") != invalid:
                widget.setProperty("invalid", invalid)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
            tip = problems.get(declared.name) or (_(declared.help) if applies else _(declared.ignored))
            widget.setToolTip(dialogs.plain_tooltip(tip))

    def _values_or_defaults(self) -> TrainingSettings:
        values = {}
        for declared in SETTINGS:
            try:
                values[declared.name] = self.value(declared.name)
            except SettingsError:
                values[declared.name] = declared.default
        return TrainingSettings(**values)
