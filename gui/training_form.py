"""The Train tab's settings box: a recipe's buttons, the settings form (it scrolls on a short screen), what
is wrong with the form, and Train / Stop / Save."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from core.base.i18n import N_
from core.learning.settings import RECIPES
from gui import zoom
from gui.settings_form import SettingsForm
from gui.translation import Texts

MAXIMUM_WIDTH = 480     # room for the longest choice of a combo beside its label, in Spanish too (at the normal zoom)


class TrainingFormBox(QGroupBox):
    """The settings and the buttons that act on them; the tab connects the buttons."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.texts = Texts()
        self.texts.set(self.setTitle, N_("Training settings"))
        layout = QVBoxLayout(self)
        self.recipes = QGridLayout()
        self.recipes_label = QLabel()
        self.texts.set(self.recipes_label.setText, N_("Recipe:"))
        self.form = SettingsForm()
        self.recipe_buttons = {}
        for name, recipe in RECIPES.items():
            button = QPushButton(objectName=f"{name}RecipeButton")
            self.texts.set(button.setText, recipe.label)
            self.texts.set(button.setToolTip, recipe.help)
            button.clicked.connect(lambda _=False, chosen=recipe: self.form.set_settings(chosen.settings))
            self.recipe_buttons[name] = button
        layout.addLayout(self.recipes)
        self.settings_scroll = scroll = FormScroll(objectName="settingsScroll", widgetResizable=True,
                                                   frameShape=QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)   # on a short screen the form scrolls; Train stays in view
        layout.addWidget(scroll, 1)
        self.settings_problem = QLabel("", objectName="settingsProblem", wordWrap=True)
        self.settings_problem.setStyleSheet("color: #a93226;")
        layout.addWidget(self.settings_problem)
        self.buttons = QGridLayout()
        self.train_button = QPushButton(objectName="trainButton")
        self.stop_button = QPushButton(objectName="stopButton")
        self.save_button = QPushButton(objectName="saveModelButton")
        for button, text, tip in ((self.train_button, N_("Train"), N_("Train a new network (Ctrl+T)")),
                                  (self.stop_button, N_("Stop"), N_("Stop after the current mini-batch")),
                                  (self.save_button, N_("Save model..."), N_("Save the current model (Ctrl+S)"))):
            self.texts.set(button.setText, text)
            self.texts.set(button.setToolTip, tip)
        self._arrange_buttons()
        layout.addLayout(self.buttons)
        self.setMaximumWidth(MAXIMUM_WIDTH)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:     # View > Zoom
            self.setMaximumWidth(round(MAXIMUM_WIDTH * zoom.factor()))
            self._arrange_buttons()

    def _arrange_buttons(self) -> None:
        """The recipes' buttons beside their label, and Train / Stop / Save, each in one row; zoomed in, two to
        a row (a projector's screen is narrow for its text)."""
        recipes = [self.recipes_label, *self.recipe_buttons.values()]
        actions = [self.train_button, self.stop_button, self.save_button]
        for grid, widgets in ((self.recipes, recipes), (self.buttons, actions)):
            for widget in widgets:
                grid.removeWidget(widget)
        if zoom.factor() <= 1:
            for grid, widgets in ((self.recipes, recipes), (self.buttons, actions)):
                for column, widget in enumerate(widgets):
                    grid.addWidget(widget, 0, column)
            return
        self.recipes.addWidget(self.recipes_label, 0, 0, 1, 2)
        for index, button in enumerate(self.recipe_buttons.values()):
            self.recipes.addWidget(button, 1 + index // 2, index % 2)
        for index, button in enumerate(actions):
            self.buttons.addWidget(button, index // 2, index % 2)

    def retranslate(self) -> None:
        self.texts.retranslate()
        self.form.retranslate()


class FormScroll(QScrollArea):
    """A scroll area (vertical only) whose size hints follow its widget's as they change: QScrollArea keeps the
    first one it saw, so the form's column would stay as wide as the language the window started in; and it is
    never narrower than the form, whose fields would be cut."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # QScrollArea filters its widget's events already; a layout request there means its hint may change
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:
        widget = self.widget()
        if widget is None:
            return super().sizeHint()
        frame, line = 2 * self.frameWidth(), self.fontMetrics().height()
        return (widget.sizeHint() + QSize(frame, frame)).boundedTo(QSize(36 * line, 24 * line))   # Qt's bound

    def minimumSizeHint(self) -> QSize:
        widget = self.widget()
        if widget is None:
            return super().minimumSizeHint()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        frame, line = 2 * self.frameWidth(), self.fontMetrics().height()
        # the form's preferred width: each label beside its field, each combo as wide as its longest choice;
        # zoomed in, its least (a field under its label where the label is long)
        width = widget.sizeHint().width() if zoom.factor() <= 1 else widget.minimumSizeHint().width()
        return QSize(width + bar + frame, 4 * line)
