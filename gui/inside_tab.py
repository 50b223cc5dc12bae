"""The Inside tab: the first layer's weights as images, one digit's activations layer by layer, each
layer's gradient norm per epoch, the weights against those they started from, and the gradient check.

It shows the app's current model, or the run under way while one goes: the Train tab hands over a
snapshot after every epoch (copied where the training runs), and the tab draws the latest one at most
twice a second, so training never waits for it. The numbers come from core/services/inspection.py and
core/learning/gradient_check.py; this module only draws them.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, QThread, QTimer
from PySide6.QtGui import QBrush, QColor, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import numpy as np
import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from core.base.i18n import N_, _, ngettext
from core.learning.data import column_major_to_image
from core.learning.gradient_check import GradientCheck, check_model, check_summary, check_table, format_error
from core.learning.network import ACTIVATIONS, Network
from core.learning.settings import TrainingSettings
from core.learning.training import initial_network
from core.services.inspection import (
    Activations,
    Snapshot,
    activations_of,
    as_grid,
    counts,
    diverging_colours,
    histogram_edges,
    symmetric_scale,
    weight_images,
)
from gui import dialogs
from gui.activation_view import ActivationView
from gui.app_state import AppState
from gui.compare_runs import series_colour
from gui.digit_image import colour_qimage
from gui.translation import Texts
from gui.turns import Turns
from gui.weight_tiles import WeightTiles
from gui.workers import Job

# While a run goes, the tab is drawn in four parts an eighth of a second apart, each twice a second: the
# weights, the gradient plot, the histogram, the digit. All at once took the GUI thread 30-60 ms; a part
# at a time keeps the window's longest wait short (bench/responsiveness.py).
REDRAW_INTERVAL_MS = 500
PARTS = 4
PAGE_SIZE = 64                  # first-layer units per page of tiles
UNIT_IMAGE_SIDE = 112
NOW_COLOUR = "#1f5fa8"
START_COLOUR = "#909090"
VERDICT_COLOURS = {"agrees": "#d5f5e3", "doubtful": "#fdebd0", "wrong": "#f5b7b1"}
DRAWING, TEST_ROW = "drawing", "row"
GRADIENT_TEXT = N_("‖dJ/dW‖ measures how strongly the cost pulls on each layer's weights, on the first training "
                   "digits after each epoch. Vanishing gradients: if the first layers' norms are far smaller "
                   "than the last's (sigmoid or tanh in a deep network), those layers hardly learn. Exploding "
                   "gradients: if the norms grow epoch after epoch, the steps are too large and the cost may "
                   "diverge; a smaller learning rate helps. While a network learns, all of them fall.")


class InsideTab(QWidget):
    """Looks inside the current model, or the run under way; `drawing()` gives the Draw tab's 28x28 input."""

    def __init__(self, state: AppState, drawing: Callable[[], np.ndarray | None] = lambda: None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("insideTab")
        self.state = state
        self.drawing = drawing
        self.redraw_count = 0
        self.check: GradientCheck | None = None
        self.activations: Activations | None = None
        self._snapshot: Snapshot | None = None          # the latest of the run under way
        self._run_settings: TrainingSettings | None = None
        self._norms: list[tuple[float, ...]] = []       # per epoch of the last run, per layer
        self._initial: dict[TrainingSettings, Network] = {}
        self._histograms: dict[tuple, np.ndarray] = {}
        self._unit: tuple[int, int] | None = None       # (layer, unit) selected
        self._parts_drawn = Turns(PARTS)    # stale: the parts not drawn since the shown network changed
        self._check_thread: QThread | None = None
        self._redraw_timer = QTimer(self, interval=REDRAW_INTERVAL_MS // PARTS)
        self._redraw_timer.timeout.connect(self._redraw_next_part)
        self.texts = Texts()
        self._build()
        self.state.modelChanged.connect(self._model_changed)
        self.state.dataChanged.connect(self._data_changed)
        self._data_changed()
        self.retranslate()

    # --- building -------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.shown_network = QLabel(objectName="insideNetwork", wordWrap=True)
        layout.addWidget(self.shown_network)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_weights())
        splitter.addWidget(self._build_activations())
        splitter.addWidget(self._build_gradients())
        splitter.setSizes([340, 330, 490])
        layout.addWidget(splitter, 1)

    def _group(self, title: str) -> tuple[QGroupBox, QVBoxLayout]:
        box = QGroupBox()
        self.texts.set(box.setTitle, title)
        return box, QVBoxLayout(box)

    def _build_weights(self) -> QGroupBox:
        box, layout = self._group(N_("Weights of the first hidden layer"))
        self.tiles = WeightTiles()
        self.texts.set(self.tiles.setToolTip, N_("Each tile is one unit's 784 weights, drawn where their pixels are: "
                                                 "red pulls the unit up where there is ink, blue pulls it down. "
                                                 "Click a tile to see the unit."))
        self.tiles.unitClicked.connect(lambda unit: self.select_unit(1, unit))
        layout.addWidget(self.tiles, 3)
        row = QHBoxLayout()
        self.page_combo = QComboBox(objectName="weightPage")
        self.page_combo.currentIndexChanged.connect(self._show_tiles)
        row.addWidget(self.page_combo)
        self.scale_label = QLabel(objectName="weightScale", wordWrap=True)
        row.addWidget(self.scale_label, 1)
        layout.addLayout(row)
        row = QHBoxLayout()
        histogram_label = QLabel()
        self.texts.set(histogram_label.setText, N_("Weights now and at the start:"))
        row.addWidget(histogram_label)
        self.layer_combo = QComboBox(objectName="histogramLayer")
        self.layer_combo.currentIndexChanged.connect(self._show_histogram)
        row.addWidget(self.layer_combo, 1)
        layout.addLayout(row)
        self.histogram = pg.PlotWidget(background="w")
        self.histogram.setObjectName("weightHistogram")
        self.histogram.setMinimumHeight(130)
        item = self.histogram.getPlotItem()
        item.getAxis("left").enableAutoSIPrefix(False)
        item.getAxis("bottom").enableAutoSIPrefix(False)
        legend = item.addLegend(offset=(-5, 5))
        self.start_curve = item.plot([0, 1], [0], stepMode="center", pen=pg.mkPen(START_COLOUR, width=1.5), name=" ")
        self.now_curve = item.plot([0, 1], [0], stepMode="center", pen=pg.mkPen(NOW_COLOUR, width=1.5),
                                   fillLevel=0, brush=(31, 95, 168, 60), name=" ")
        for (_sample, label), name in zip(legend.items, (N_("at the start"), N_("now"))):
            self.texts.set(label.setText, name)
        self.texts.set(lambda text: item.setLabel("bottom", text), N_("weight"))
        self.texts.set(lambda text: item.setLabel("left", text), N_("weights"))
        layout.addWidget(self.histogram, 2)
        return box

    def _build_activations(self) -> QGroupBox:
        box, layout = self._group(N_("One digit through the network"))
        row = QHBoxLayout()
        self.source_combo = QComboBox(objectName="activationSource")
        self.source_combo.addItem("", TEST_ROW)
        self.source_combo.addItem("", DRAWING)
        self.texts.set(lambda text: self.source_combo.setItemText(0, text), N_("Data row"))
        self.texts.set(lambda text: self.source_combo.setItemText(1, text), N_("The Draw tab's drawing"))
        self.source_combo.currentIndexChanged.connect(self._show_activations)
        row.addWidget(self.source_combo, 1)
        self.row_box = QSpinBox(objectName="activationRow")
        self.texts.set(self.row_box.setToolTip, N_("A row of the data file; clicking a mistake in the Test tab "
                                                   "brings it here"))
        self.row_box.valueChanged.connect(self._show_activations)
        row.addWidget(self.row_box)
        layout.addLayout(row)
        self.digit_caption = QLabel(objectName="activationCaption", wordWrap=True)
        layout.addWidget(self.digit_caption)
        self.view = ActivationView()
        self.texts.set(self.view.setToolTip, N_("Each cell is a unit: red is a large activation, white none. Click "
                                                "a unit to see its weights and its z = w·a + b."))
        self.view.unitClicked.connect(self.select_unit)
        layout.addWidget(self.view, 3)
        unit_row = QHBoxLayout()
        self.unit_weights = QLabel(objectName="unitWeights")
        self.unit_weights.setFixedSize(UNIT_IMAGE_SIDE, UNIT_IMAGE_SIDE)
        self.unit_weights.setAlignment(Qt.AlignmentFlag.AlignCenter)
        unit_row.addWidget(self.unit_weights, 0, Qt.AlignmentFlag.AlignTop)
        self.unit_detail = QLabel(objectName="unitDetail", wordWrap=True)
        self.unit_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unit_detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        unit_row.addWidget(self.unit_detail, 1)
        layout.addLayout(unit_row, 2)
        return box

    def _build_gradients(self) -> QGroupBox:
        box, layout = self._group(N_("Gradients"))
        self.norm_plot = pg.PlotWidget(background="w")
        self.norm_plot.setObjectName("gradientNormPlot")
        self.norm_plot.setMinimumHeight(150)
        item = self.norm_plot.getPlotItem()
        item.setLogMode(y=True)
        item.addLegend(offset=(-5, 5))
        self.texts.set(item.setTitle, N_("Gradient norm per epoch"))
        self.texts.set(lambda text: item.setLabel("bottom", text), N_("epoch"))
        self.texts.set(lambda text: item.setLabel("left", text), N_("‖dJ/dW‖ (log scale)"))
        self.norm_curves: list[pg.PlotDataItem] = []
        layout.addWidget(self.norm_plot, 3)
        self.gradient_text = QLabel(objectName="gradientExplanation", wordWrap=True)
        self.gradient_text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.gradient_text)
        row = QHBoxLayout()
        self.check_button = QPushButton(objectName="checkGradientsButton")
        self.texts.set(self.check_button.setText, N_("Check the gradients"))
        self.texts.set(self.check_button.setToolTip, N_("Compare back-propagation with finite differences on the "
                                                        "current model, in float64"))
        self.check_button.clicked.connect(self.check_gradients)
        row.addWidget(self.check_button)
        self.check_status = QLabel(objectName="gradientCheckStatus", wordWrap=True)
        row.addWidget(self.check_status, 1)
        layout.addLayout(row)
        self.check_table = QTableWidget(objectName="gradientCheckTable")
        self.check_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.check_table.verticalHeader().setVisible(False)
        self.check_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.check_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.check_table, 2)
        self.verdict = QLabel(objectName="gradientCheckVerdict", wordWrap=True)
        self.verdict.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.verdict)
        return box

    def retranslate(self) -> None:
        self.texts.retranslate()
        self._fill_check_table()
        self._parts_drawn.all_stale()     # drawn now if shown, else when it is shown
        self._redraw_if_stale()

    # --- what is shown --------------------------------------------------------------------------------

    def training(self) -> bool:
        return self._run_settings is not None

    def network(self) -> Network | None:
        """The run's latest snapshot while a run goes (before its first epoch, the network it starts from),
        else the current model's network."""
        if self.training():
            return self._snapshot.network if self._snapshot is not None else self._initial_of(self._run_settings)
        return self.state.model.network if self.state.model is not None else None

    def _settings(self) -> TrainingSettings | None:
        if self.training():
            return self._run_settings
        return self.state.model.settings if self.state.model is not None else None

    def _initial_of(self, settings: TrainingSettings) -> Network:
        """The network a run with `settings` starts from, redrawn from its seed (the last one kept)."""
        if settings not in self._initial:
            self._initial = {settings: initial_network(settings)}
        return self._initial[settings]

    def _start_network(self) -> Network | None:
        """The network the shown one started from (None when its settings are unknown or do not fit it)."""
        settings, network = self._settings(), self.network()
        if settings is None or network is None or list(settings.hidden) != network.layer_sizes[1:-1]:
            return None
        return self._initial_of(settings)

    # --- the run under way (the Train tab calls these) -----------------------------------------------

    def begin_run(self, settings: TrainingSettings) -> None:
        """The run's starting network, a part now and the others at the timer's next ticks, as every epoch's."""
        self._run_settings, self._snapshot, self._norms = settings, None, []
        self._draw_in_turns()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """After each epoch: keep the latest; the timer draws it."""
        if not self.training():
            return
        self._snapshot = snapshot
        self._norms.append(snapshot.gradient_norms)
        self._parts_drawn.all_stale()

    def end_run(self) -> None:
        """The app's model from now on: a part now and the others at the timer's next ticks, as during the
        run, so that the window never waits for the whole tab at once."""
        self._run_settings, self._snapshot = None, None
        self._draw_in_turns()

    def drawing_in_turns(self) -> bool:
        """Whether parts of the tab are still to be drawn at the timer's next ticks (a run, or its end)."""
        return self._redraw_timer.isActive()

    def gradient_norms(self) -> list[tuple[float, ...]]:
        return list(self._norms)

    # --- drawing ------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._parts_drawn.all_stale()
        self._redraw_if_stale()

    def _parts(self) -> tuple[tuple[Callable[[], None], ...], ...]:
        """The tab in PARTS parts, each drawn in one go (the first fills the combos the others read)."""
        return ((self._show_network_caption, self._fill_combos, self._show_tiles), (self._show_norms,),
                (self._show_histogram,), (self._show_activations,))

    def _redraw_if_stale(self) -> None:
        if self.isVisible() and self._parts_drawn.take_all():
            self._redraw()

    def _redraw(self) -> None:
        """Everything, at once."""
        self.redraw_count += 1
        for part in self._parts():
            for draw in part:
                draw()

    def _draw_in_turns(self) -> None:
        """Every part again: the first now, the others at the timer's next ticks."""
        self._parts_drawn.restart()
        self._redraw_timer.start()
        self._redraw_next_part()

    def _redraw_next_part(self) -> None:
        """While a run goes, and after its end: the next part, if the network changed since it was drawn."""
        part = self._parts_drawn.next_turn()
        if self.isVisible() and self._parts_drawn.take(part):
            self.redraw_count += part == 0
            for draw in self._parts()[part]:
                draw()
        if not self.training() and (not self._parts_drawn.stale or not self.isVisible()):
            self._redraw_timer.stop()     # the run's last parts are drawn (or will be when the tab is shown)

    def _model_changed(self) -> None:
        if not self.training():
            self._parts_drawn.all_stale()
            self._redraw_if_stale()
        self.check_button.setEnabled(self._can_check())

    def _data_changed(self) -> None:
        data = self.state.data
        self.row_box.setRange(0, max(len(data) - 1 if data is not None else 0, 0))
        if data is not None and self.row_box.value() == 0:
            self.row_box.setValue(self.state.test_rows[0])
        self.check_button.setEnabled(self._can_check())

    def _show_network_caption(self) -> None:
        if self.training():
            epoch = self._snapshot.epoch if self._snapshot is not None else 0
            text = _("The run under way, after epoch {epoch} of {epochs}").format(
                epoch=epoch, epochs=self._run_settings.epochs) if epoch else _("The run under way, before its "
                                                                                 "first epoch ends")
        elif self.state.model is None:
            text = _("No model: open one with File > Open model..., or train one on the Train tab.")
        else:
            text = _("The current model: {name}, {architecture}").format(
                name=self.state.model_name, architecture=self.state.model.architecture)
        self.shown_network.setText(text)

    def _fill_combos(self) -> None:
        """The pages of tiles and the layers of the histogram, for the shown network's shape."""
        network = self.network()
        sizes = network.layer_sizes if network is not None else []
        pages = []
        if sizes:
            units = sizes[1]
            pages = [(start, min(start + PAGE_SIZE, units)) for start in range(0, units, PAGE_SIZE)]
            if len(pages) > 1:
                pages.append((0, units))
        layers = [(f"W{index}", inputs, outputs) for index, (inputs, outputs) in
                  enumerate(zip(sizes[:-1], sizes[1:]), start=1)]
        self._refill(self.page_combo, [(self._page_text(*page), page) for page in pages])
        self._refill(self.layer_combo, [(f"{name}: {inputs} → {outputs}", index) for index, (name, inputs, outputs)
                                        in enumerate(layers)])

    def _page_text(self, start: int, stop: int) -> str:
        units = self.network().layer_sizes[1]
        if (start, stop) == (0, units) and units > PAGE_SIZE:
            return ngettext("All {count} unit", "All {count} units", units).format(count=units)
        return _("Units {first}–{last} of {count}").format(first=start + 1, last=stop, count=units)

    @staticmethod
    def _refill(combo: QComboBox, items: list[tuple[str, object]]) -> None:
        """Set a combo's items, keeping the chosen one when it is still there, without a change signal."""
        if [(combo.itemText(index), combo.itemData(index)) for index in range(combo.count())] == items:
            return
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.blockSignals(False)

    def _show_tiles(self) -> None:
        network = self.network()
        if network is None or self.page_combo.currentData() is None:
            self.tiles.set_tiles(np.empty((0, 28, 28)), 1.0, 0)
            self.scale_label.setText("")
            return
        start, stop = self.page_combo.currentData()
        scale = symmetric_scale(network.weights[0])
        self.tiles.set_tiles(weight_images(network, range(start, stop)), scale, start)
        self.tiles.select(self._unit[1] if self._unit and self._unit[0] == 1 else None)
        self.scale_label.setText(_("Blue −{scale}, white 0, red +{scale} (the same scale for every tile)").format(
            scale=f"{scale:.3f}"))

    def _show_histogram(self) -> None:
        network, layer = self.network(), self.layer_combo.currentData()
        if network is None or layer is None:
            self.now_curve.setData([0, 1], [0])
            self.start_curve.setData([0, 1], [0])
            return
        start = self._start_network()
        now = network.weights[layer]
        edges = histogram_edges([now] if start is None else [now, start.weights[layer]])
        self.now_curve.setData(edges, counts(now, edges))
        self.start_curve.setData(edges, np.zeros(len(edges) - 1) if start is None else self._start_counts(
            start, layer, edges))

    def _start_counts(self, start: Network, layer: int, edges: np.ndarray) -> np.ndarray:
        """The histogram of the starting weights: kept while the bins stay the same (they are round numbers)."""
        key = (id(start), layer, float(edges[-1]), len(edges))
        if key not in self._histograms:
            self._histograms = {key: counts(start.weights[layer], edges)}
        return self._histograms[key]

    # --- one digit ------------------------------------------------------------------------------------

    def show_row(self, row: int) -> None:
        """Follow a row of the data file (a mistake clicked in the Test tab)."""
        self.source_combo.setCurrentIndex(self.source_combo.findData(TEST_ROW))
        self.row_box.setValue(row)
        self._show_activations()

    def show_drawing(self) -> None:
        self.source_combo.setCurrentIndex(self.source_combo.findData(DRAWING))
        self._show_activations()

    def _input(self) -> tuple[np.ndarray | None, str]:
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

    def _show_activations(self) -> None:
        self.row_box.setEnabled(self.source_combo.currentData() == TEST_ROW)
        network = self.network()
        pixels, caption = self._input()
        self.activations = activations_of(network, pixels) if network is not None and pixels is not None else None
        if self.activations is not None:
            digit = int(self.activations.probabilities.argmax())
            caption += " " + _("→ read as {digit} ({percent:.1f}%)").format(
                digit=digit, percent=100 * self.activations.probabilities[digit])
        self.digit_caption.setText(caption)
        hidden = len(network.layer_sizes) - 2 if network is not None else 0
        titles = [_("pixels")] + [_("hidden {index}").format(index=index) for index in range(1, hidden + 1)]
        self.view.set_activations(self.activations, titles + [_("digits")], caption)
        if self._unit is not None and self.activations is not None and self._unit_exists(*self._unit):
            self.select_unit(*self._unit)
        else:
            self._unit = None
            self.view.select(None)
            self.unit_weights.clear()
            self.unit_detail.setText(_("Click a unit (a tile, or a cell above) to see its weights and its "
                                       "z = w·a + b for this digit."))

    def _unit_exists(self, layer: int, unit: int) -> bool:
        sizes = self.network().layer_sizes
        return 1 <= layer < len(sizes) and unit < sizes[layer]

    def select_unit(self, layer: int, unit: int) -> None:
        """Show a unit: its incoming weights as an image, and its z = w·a + b and activation for the digit."""
        self._unit = (layer, unit)
        self.view.select(layer, unit)
        self.tiles.select(unit if layer == 1 else None)
        network = self.network()
        if network is None or not self._unit_exists(layer, unit):
            return
        weights = network.weights[layer - 1][unit]
        image = column_major_to_image(weights) if layer == 1 else as_grid(weights)
        rgb = diverging_colours(image, symmetric_scale(weights, 100))
        self.unit_weights.setPixmap(QPixmap.fromImage(colour_qimage(rgb)).scaled(
            UNIT_IMAGE_SIDE, UNIT_IMAGE_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation))
        self.unit_detail.setText(self._unit_text(layer, unit))

    def _unit_text(self, layer: int, unit: int) -> str:
        network = self.network()
        last = layer == len(network.weights)
        name = (_("Output unit {unit} (the digit {unit})").format(unit=unit) if last else
                _("Hidden layer {layer}, unit {number} of {count}").format(
                    layer=layer, number=unit + 1, count=network.layer_sizes[layer]))
        if self.activations is None:
            return name
        detail = self.activations.unit(layer, unit)
        sums = _("z = w·a + b = {weighted:.3f} + ({bias:.3f}) = {z:.3f}").format(
            weighted=detail.weighted_sum, bias=detail.bias, z=detail.z)
        if last:
            output = _("softmax gives it the probability {percent:.1f}%").format(percent=100 * detail.activation)
        else:
            output = _("a = {function}(z) = {a:.3f}").format(function=_(ACTIVATIONS[network.activation]),
                                                             a=detail.activation)
        return "\n".join([name, sums, output])

    # --- gradients ------------------------------------------------------------------------------------

    def _show_norms(self) -> None:
        # a run's curves from its start, kept from one run to the next of as many layers: curves and their
        # legend entries made at the first epoch kept the GUI thread up to ~100 ms then
        layers = (len(self._norms[0]) if self._norms else
                  len(self._run_settings.hidden) + 1 if self.training() else 0)
        item = self.norm_plot.getPlotItem()
        while len(self.norm_curves) < layers:
            index = len(self.norm_curves)
            self.norm_curves.append(item.plot([], [], name=f"W{index + 1}",
                                              pen=pg.mkPen(series_colour(index), width=2)))
        while len(self.norm_curves) > layers:
            curve = self.norm_curves.pop()
            item.removeItem(curve)
            if item.legend is not None:
                item.legend.removeItem(curve)
        epochs = list(range(1, len(self._norms) + 1))
        norms = np.array(self._norms, dtype=float).reshape(len(self._norms), layers)
        for layer, curve in enumerate(self.norm_curves):
            curve.setData(epochs, np.maximum(norms[:, layer], 1e-30))   # the log axis needs positive values
        text = _(GRADIENT_TEXT)
        if not self._norms:
            text = _("Train a network on the Train tab to watch its gradients here, epoch by epoch.") + " " + text
        self.gradient_text.setText(text)

    def _can_check(self) -> bool:
        return self.state.model is not None and self.state.data is not None and self._check_thread is None

    def check_gradients(self) -> None:
        """Run the gradient check of the current model off the GUI thread; the table shows it when done."""
        if not self._can_check():
            return
        model, data = self.state.model, self.state.data
        self._job = Job(lambda: check_model(model, data))
        queued = Qt.ConnectionType.QueuedConnection
        self._job.done.connect(self.show_gradient_check, queued)
        self._job.failed.connect(self._check_failed, queued)
        self._check_thread = self._job.start()
        self._check_thread.finished.connect(self._check_finished)
        self.check_button.setEnabled(False)
        self.check_status.setText(_("Checking {name}...").format(name=self.state.model_name))

    def checking(self) -> bool:
        return self._check_thread is not None

    def shutdown(self) -> None:
        """Wait for a gradient check under way (the window is closing); it takes seconds at most."""
        if self._check_thread is not None:
            self._check_thread.wait()

    def show_gradient_check(self, check: GradientCheck) -> None:
        self.check = check
        self.check_status.setText("")
        self._fill_check_table()

    def _check_failed(self, message: str) -> None:
        self.check_status.setText("")
        dialogs.show_error(self, _("Gradient check"), message, _("The model stays as it was."))

    def _check_finished(self) -> None:
        self._check_thread.deleteLater()
        self._check_thread = None
        self.check_button.setEnabled(self._can_check())

    def _fill_check_table(self) -> None:
        table = self.check_table
        if self.check is None:
            table.setRowCount(0)
            table.setColumnCount(0)
            self.verdict.setText(_("Press the button to compare back-propagation with finite differences."))
            return
        header, *rows = check_table(self.check)
        table.setColumnCount(len(header))
        table.setRowCount(len(rows))
        table.setHorizontalHeaderLabels(header)
        for row, values in enumerate(rows):
            for column, text in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(text))
            colour = VERDICT_COLOURS[self.check.arrays[row].verdict]
            table.item(row, len(values) - 1).setBackground(QBrush(QColor(colour)))
        self.verdict.setText(check_summary(self.check) + " " + _("The largest relative error is {error}.").format(
            error=format_error(self.check.max_relative_error)))

    def table_rows(self) -> list[list[str]]:
        """The check's table as it is shown, header first."""
        table = self.check_table
        header = [table.horizontalHeaderItem(column).text() for column in range(table.columnCount())]
        return [header] + [[table.item(row, column).text() for column in range(table.columnCount())]
                           for row in range(table.rowCount())]
