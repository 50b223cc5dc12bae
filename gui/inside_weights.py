"""The Inside tab's weights panel: the first hidden layer's weights as tiles, a page at a time, and a
histogram of a layer's weights now against those the network started from."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

import numpy as np
import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from core.base.i18n import N_, _, ngettext
from core.learning.network import Network
from core.services.inspection import counts, histogram_edges, symmetric_scale, weight_images
from gui.plot_style import Plot
from gui.translation import Texts
from gui.weight_tiles import WeightTiles

PAGE_SIZE = 64                  # first-layer units per page of tiles
NOW_COLOUR = "#1f5fa8"
START_COLOUR = "#909090"


class WeightsPanel(QGroupBox):
    """Tiles and a histogram of the network `network()` gives; `start_network()` is the one it started from."""

    unitClicked = Signal(int)       # a first-layer unit, by its tile

    def __init__(self, network: Callable[[], Network | None], start_network: Callable[[], Network | None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("insideWeights")
        self.network = network
        self.start_network = start_network
        self._histograms: dict[tuple, np.ndarray] = {}
        self.texts = Texts()
        self.texts.set(self.setTitle, N_("Weights of the first hidden layer"))
        layout = QVBoxLayout(self)
        self.tiles = WeightTiles()
        self.texts.set(self.tiles.setToolTip, N_("Each tile is one unit's 784 weights, drawn where their pixels are: "
                                                 "red pulls the unit up where there is ink, blue pulls it down. "
                                                 "Click a tile to see the unit."))
        self.tiles.unitClicked.connect(self.unitClicked)
        layout.addWidget(self.tiles, 3)
        row = QHBoxLayout()
        self.page_combo = QComboBox(objectName="weightPage")
        self.page_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.page_combo.currentIndexChanged.connect(lambda: self.show_tiles())
        row.addWidget(self.page_combo)
        self.scale_label = QLabel(objectName="weightScale", wordWrap=True)
        row.addWidget(self.scale_label, 1)
        layout.addLayout(row)
        row = QHBoxLayout()
        histogram_label = QLabel()
        self.texts.set(histogram_label.setText, N_("Weights now and at the start:"))
        row.addWidget(histogram_label)
        self.layer_combo = QComboBox(objectName="histogramLayer")
        self.layer_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.layer_combo.currentIndexChanged.connect(self.show_histogram)
        row.addWidget(self.layer_combo, 1)
        layout.addLayout(row)
        layout.addWidget(self._build_histogram(), 2)
        self._selected: int | None = None

    def _build_histogram(self) -> pg.PlotWidget:
        self.histogram = Plot()
        self.histogram.setObjectName("weightHistogram")
        self.histogram.set_least_height(130)
        item = self.histogram.getPlotItem()
        legend = item.addLegend(offset=(-5, 5))
        self.start_curve = item.plot([0, 1], [0], stepMode="center", pen=pg.mkPen(START_COLOUR, width=1.5), name=" ")
        self.now_curve = item.plot([0, 1], [0], stepMode="center", pen=pg.mkPen(NOW_COLOUR, width=1.5),
                                   fillLevel=0, brush=(31, 95, 168, 60), name=" ")
        for (_sample, label), name in zip(legend.items, (N_("at the start"), N_("now"))):
            self.texts.set(label.setText, name)
        self.texts.set(lambda text: item.setLabel("bottom", text), N_("weight"))
        self.texts.set(lambda text: item.setLabel("left", text), N_("weights"))
        self.histogram.restyle()
        return self.histogram

    def retranslate(self) -> None:
        self.texts.retranslate()

    def fill_combos(self) -> None:
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
        refill(self.page_combo, [(self._page_text(*page), page) for page in pages])
        refill(self.layer_combo, [(f"{name}: {inputs} → {outputs}", index) for index, (name, inputs, outputs)
                                  in enumerate(layers)])

    def _page_text(self, start: int, stop: int) -> str:
        units = self.network().layer_sizes[1]
        if (start, stop) == (0, units) and units > PAGE_SIZE:
            return ngettext("All {count} unit", "All {count} units", units).format(count=units)
        return _("Units {first}–{last} of {count}").format(first=start + 1, last=stop, count=units)

    def select(self, unit: int | None) -> None:
        """Mark a first-layer unit's tile (None: no tile)."""
        self._selected = unit
        self.tiles.select(unit)

    def show_tiles(self) -> None:
        network = self.network()
        if network is None or self.page_combo.currentData() is None:
            self.tiles.set_tiles(np.empty((0, 28, 28)), 1.0, 0)
            self.scale_label.setText("")
            return
        start, stop = self.page_combo.currentData()
        scale = symmetric_scale(network.weights[0])
        self.tiles.set_tiles(weight_images(network, range(start, stop)), scale, start)
        self.tiles.select(self._selected)
        self.scale_label.setText(_("Blue −{scale}, white 0, red +{scale} (the same scale for every tile)").format(
            scale=f"{scale:.3f}"))

    def show_histogram(self) -> None:
        network, layer = self.network(), self.layer_combo.currentData()
        if network is None or layer is None:
            self.now_curve.setData([0, 1], [0])
            self.start_curve.setData([0, 1], [0])
            return
        start = self.start_network()
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


def refill(combo: QComboBox, items: list[tuple[str, object]]) -> None:
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
    combo.setMinimumWidth(combo.sizeHint().width())     # its longest item, never cut
