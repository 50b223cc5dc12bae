"""The Test tab: the current model's recognition rate on the test rows, its mistakes, its confusions, each
digit's accuracy, and what a confidence threshold does: answers below it count as "not sure"."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

import numpy as np
import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from core.base.errors import DataError
from core.base.i18n import N_, _, ngettext
from core.learning.data import format_row_range, parse_row_range
from core.learning.evaluation import Evaluation
from core.services.grading import Grade, explain, grade
from gui import dialogs
from gui.app_state import AppState, shown_path
from gui.confusion_map import ConfusionMap
from gui.digit_grid import DigitGrid
from gui.draw_tab import UNSURE_BELOW
from gui.plot_style import Plot
from gui.probability_bars import ProbabilityBars
from gui.translation import Texts

FLAGGED_COLOUR = "#a93226"


def mistake_caption(evaluation: Evaluation, index: int) -> str:
    """'4 → 9 (61%)': the label, the prediction and the network's confidence in it, short enough for a tile."""
    return _("{true} → {predicted} ({percent:.0f}%)").format(
        true=evaluation.labels[index], predicted=evaluation.predictions[index],
        percent=100 * evaluation.confidence(index))


class TestTab(QWidget):
    """Tests the current model on the test rows; runs by itself the first time it is shown."""

    __test__ = False  # not a pytest test class, despite the name
    loadModelRequested = Signal()
    digitPicked = Signal(int)   # the data file's row of a mistake the user clicked

    def __init__(self, state: AppState, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("testTab")
        self.state = state
        self.evaluation: Evaluation | None = None
        self.check: Grade | None = None     # whether the test rows look trained on (core/services/grading.py)
        self._selected: int | None = None
        self._shown_once = False
        self.texts = Texts()
        self._build()
        self.state.modelChanged.connect(self._model_or_data_changed)
        self.state.dataChanged.connect(self._model_or_data_changed)
        self.retranslate()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.model_file = QLabel(objectName="modelFileLabel", wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.model_summary = QLabel(objectName="modelSummary", wordWrap=True)
        self.model_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        about = QVBoxLayout()
        about.addWidget(self.model_file)
        about.addWidget(self.model_summary)
        header.addLayout(about, 1)
        load = QPushButton(objectName="loadModelButton")
        self.texts.set(load.setText, N_("Load model..."))
        load.clicked.connect(self.loadModelRequested)
        header.addWidget(load)
        rows_label = QLabel()
        self.texts.set(rows_label.setText, N_("Test rows:"))
        header.addWidget(rows_label)
        self.rows_edit = QLineEdit(format_row_range(self.state.test_rows), objectName="testTabRowsEdit")
        self.rows_edit.setMaximumWidth(90)
        self.rows_edit.returnPressed.connect(self.run_test)
        rows_label.setBuddy(self.rows_edit)
        header.addWidget(self.rows_edit)
        self.run_button = QPushButton(objectName="runTestButton")
        self.texts.set(self.run_button.setText, N_("Run test"))
        self.texts.set(self.run_button.setToolTip, N_("Test the model (F5)"))
        self.run_button.clicked.connect(self.run_test)
        header.addWidget(self.run_button)
        layout.addLayout(header)

        result = QHBoxLayout()
        self.accuracy_label = QLabel("", objectName="accuracyLabel")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 3)
        font.setBold(True)
        self.accuracy_label.setFont(font)
        self.correct_label = QLabel("", objectName="correctLabel", wordWrap=True)
        self.overlap_warning = QLabel("", objectName="testOverlapWarning", wordWrap=True)
        self.overlap_warning.setStyleSheet("color: #a04000;")
        self.overlap_warning.hide()
        figures = QVBoxLayout()
        figures.addStretch(1)
        figures.addWidget(self.correct_label)
        figures.addWidget(self.overlap_warning)
        result.addWidget(self.accuracy_label)
        result.addLayout(figures, 1)
        layout.addLayout(result)
        self.check_label = QLabel("", objectName="testRowsCheck", wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.check_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.check_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        mistakes = QGroupBox()
        self.texts.set(mistakes.setTitle, N_("Misclassified test digits"))
        mistakes_layout = QVBoxLayout(mistakes)
        self.grid = DigitGrid(largest_scale=4)     # mistakes large enough for a projector in a wide window
        self.grid.setObjectName("misclassifiedGrid")
        self.grid.digitSelected.connect(self._show_mistake)
        mistakes_layout.addWidget(self.grid, 1)
        self.selected_caption = QLabel("", objectName="selectedDigitCaption", wordWrap=True)
        mistakes_layout.addWidget(self.selected_caption)
        self.selected_bars = ProbabilityBars()
        self.selected_bars.setObjectName("mistakeProbabilities")
        self.selected_bars.setMinimumHeight(170)
        mistakes_layout.addWidget(self.selected_bars)
        splitter.addWidget(mistakes)
        confusion = QGroupBox()
        self.texts.set(confusion.setTitle, N_("Confusion matrix and accuracy per digit"))
        confusion_layout = QVBoxLayout(confusion)
        self.confusion_map = ConfusionMap()
        self.texts.set(self.confusion_map.setToolTip, N_(
            "Rows: the true digit; columns: the digit the network read. The last column is each digit's accuracy "
            "(its recall): the diagonal cell over its row's total."))
        confusion_layout.addWidget(self.confusion_map)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(confusion)
        right.addWidget(self._build_threshold())
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

    def _build_threshold(self) -> QGroupBox:
        box = QGroupBox()
        self.texts.set(box.setTitle, N_("Confidence threshold"))
        layout = QVBoxLayout(box)
        meaning = QLabel(objectName="thresholdMeaning", wordWrap=True)   # in the box, not its title: it wraps
        meaning.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.texts.set(meaning.setText, N_("Answers less sure than the threshold count as \"not sure\"."))
        layout.addWidget(meaning)
        row = QHBoxLayout()
        self.threshold_slider = QSlider(Qt.Orientation.Horizontal, objectName="thresholdSlider")
        self.threshold_slider.setRange(0, 99)
        self.threshold_slider.setValue(round(100 * UNSURE_BELOW))
        self.texts.set(self.threshold_slider.setToolTip, N_("The least probability an answer needs to count"))
        self.threshold_slider.valueChanged.connect(self._show_threshold)
        row.addWidget(self.threshold_slider, 1)
        self.threshold_value = QLabel(objectName="thresholdValue")
        self.threshold_value.setMinimumWidth(self.fontMetrics().horizontalAdvance("100%") + 4)
        row.addWidget(self.threshold_value)
        layout.addLayout(row)
        self.threshold_figures = QLabel(objectName="thresholdFigures", wordWrap=True)
        self.threshold_figures.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.threshold_figures)
        self.threshold_plot = Plot()
        self.threshold_plot.setObjectName("thresholdPlot")
        self.threshold_plot.set_least_height(110)
        item = self.threshold_plot.getPlotItem()
        legend = item.addLegend(offset=(-5, -5))
        self.coverage_curve = item.plot([], [], pen=pg.mkPen("#1f5fa8", width=2), name=" ")
        self.answered_accuracy_curve = item.plot([], [], pen=pg.mkPen("#2e8b3a", width=2), name=" ")
        for (_sample, label), name in zip(legend.items, (N_("coverage"), N_("accuracy of the answers"))):
            self.texts.set(label.setText, name)
        self.threshold_plot.restyle()
        self.threshold_line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#a93226", width=1))
        item.addItem(self.threshold_line)
        item.setXRange(0, 100, padding=0.02)
        item.setYRange(0, 100, padding=0.05)
        self.texts.set(lambda text: item.setLabel("bottom", text), N_("threshold (%)"))
        item.setLabel("left", "%")
        layout.addWidget(self.threshold_plot, 1)
        return box

    def threshold(self) -> float:
        return self.threshold_slider.value() / 100

    def _show_threshold(self) -> None:
        """The coverage and accuracy at the slider's threshold; the curves over every threshold."""
        evaluation = self.evaluation
        self.threshold_value.setText(f"{self.threshold_slider.value()}%")
        self.threshold_line.setValue(self.threshold_slider.value())
        if evaluation is None:
            self.threshold_figures.setText("")
            return
        coverage, accuracy = evaluation.at_threshold(self.threshold())
        answered = round(coverage * evaluation.total)
        if answered:
            self.threshold_figures.setText(ngettext(
                "Answered {answered} of {total} digit (coverage {coverage:.1f}%), {accuracy:.1f}% of them right; "
                "{unsure} not sure.",
                "Answered {answered} of {total} digits (coverage {coverage:.1f}%), {accuracy:.1f}% of them right; "
                "{unsure} not sure.", evaluation.total).format(
                answered=answered, total=evaluation.total, coverage=100 * coverage, accuracy=100 * accuracy,
                unsure=evaluation.total - answered))
        else:
            self.threshold_figures.setText(ngettext(
                "No answer is that sure: the {total} digit is \"not sure\".",
                "No answer is that sure: all {total} digits are \"not sure\".", evaluation.total).format(
                total=evaluation.total))

    def _show_threshold_curves(self, evaluation: Evaluation) -> None:
        thresholds = np.arange(100) / 100
        coverage, accuracy = evaluation.threshold_curve(thresholds)
        self.coverage_curve.setData(100 * thresholds, 100 * coverage)
        answered = ~np.isnan(accuracy)
        self.answered_accuracy_curve.setData(100 * thresholds[answered], 100 * accuracy[answered])

    def retranslate(self) -> None:
        self.texts.retranslate()
        self.confusion_map.retranslate()
        self._show_model()
        self._show_threshold()
        if self.evaluation is not None:
            self._show_texts(self.evaluation)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self.run_test)  # after the tab is on screen

    def run_test(self) -> None:
        """Test the current model on the rows in the box; a bad range is a dialog, and the old result stays."""
        self._shown_once = True
        if self.state.model is None or self.state.data is None:
            return
        try:
            rows = parse_row_range(self.rows_edit.text().strip())
            self.state.data.rows(rows)    # rows beyond the file: a dialog, before anything changes
        except DataError as error:
            dialogs.show_error(self, _("Test rows"), str(error), _("Enter rows the data file has, for example "
                                                                    "900:1000."))
            return
        self.state.set_test_rows(rows)
        self.check = grade(self.state.model, self.state.data, rows)
        self.show_evaluation(self.check.test)

    def show_evaluation(self, evaluation: Evaluation) -> None:
        self.evaluation, self._selected = evaluation, None
        mistakes = evaluation.misclassified
        self.grid.set_digits(self.state.data.pixels[evaluation.first_row + mistakes],
                             [mistake_caption(evaluation, index) for index in mistakes],
                             [self._mistake_tooltip(evaluation, index) for index in mistakes])
        self.selected_bars.set_probabilities(None)
        self.confusion_map.set_matrix(evaluation.confusion, evaluation.recall)
        self._show_threshold_curves(evaluation)
        self._show_texts(evaluation)

    def _show_texts(self, evaluation: Evaluation) -> None:
        self.accuracy_label.setText(f"{100 * evaluation.rate:.2f}%")
        check = self.check if self.check is not None and self.check.test is evaluation else None
        self.check_label.setText(explain(check) if check is not None else "")
        self.check_label.setStyleSheet(f"color: {FLAGGED_COLOUR};" if check is not None and check.flagged else "")
        self.correct_label.setText(ngettext("{correct} / {total} test digit recognised (rows {first}-{last})",
                                            "{correct} / {total} test digits recognised (rows {first}-{last})",
                                            evaluation.total).format(
            correct=evaluation.correct, total=evaluation.total, first=evaluation.first_row,
            last=evaluation.first_row + evaluation.total - 1))
        self._show_overlap(evaluation)
        for tile, index in enumerate(evaluation.misclassified):
            self.grid.item(tile).setText(mistake_caption(evaluation, index))
            self.grid.item(tile).setToolTip(self._mistake_tooltip(evaluation, index))
        self._show_threshold()
        if self._selected is not None:
            self._show_mistake(self._selected, picked=False)
        elif len(evaluation.misclassified):
            self.selected_caption.setText(_("Click a digit to see its ten probabilities."))
        else:
            self.selected_caption.setText("")

    def _show_overlap(self, evaluation: Evaluation) -> None:
        """A warning when the tested rows are rows the model learned from (as `test` and the report warn)."""
        model, data = self.state.model, self.state.data
        rows = (evaluation.first_row, evaluation.first_row + evaluation.total)
        warning = model.overlap_warning(data.name, rows) if model is not None and data is not None else ""
        self.overlap_warning.setText(_("Warning: {message}.").format(message=warning) if warning else "")
        self.overlap_warning.setVisible(bool(warning))

    @staticmethod
    def _mistake_tooltip(evaluation: Evaluation, index: int) -> str:
        return _("Row {row}: a {true} read as {predicted}").format(
            row=evaluation.first_row + index, true=evaluation.labels[index], predicted=evaluation.predictions[index])

    def _show_mistake(self, tile: int, picked: bool = True) -> None:
        evaluation = self.evaluation
        self._selected = tile
        index = int(evaluation.misclassified[tile])
        self.selected_caption.setText(_("Row {row}: {caption}; green is the true digit. The Inside tab shows it "
                                        "layer by layer.").format(row=evaluation.first_row + index,
                                                                  caption=mistake_caption(evaluation, index)))
        self.selected_bars.set_probabilities(evaluation.probabilities[index], expected=int(evaluation.labels[index]))
        if picked:
            self.digitPicked.emit(evaluation.first_row + index)

    def _model_or_data_changed(self) -> None:
        self._show_model()
        if self._shown_once:
            self.run_test()

    def _show_model(self) -> None:
        model = self.state.model
        if model is None:
            self.model_file.setText(_("<b>No model</b>: use Load model... or train one on the Train tab."))
            self.model_summary.setText("")
            return
        where = (shown_path(self.state.model_path) if self.state.model_path
                 else _("trained in this session, not saved"))
        mark = " " + _("(unsaved)") if self.state.unsaved else ""
        self.model_file.setText(f"<b>{escape(self.state.model_name)}</b>{escape(mark)} &mdash; {escape(where)}")
        self.model_summary.setText(model.training_summary())
