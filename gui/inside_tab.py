"""The Inside tab: the first layer's weights as images, one digit's activations layer by layer, each
layer's gradient norm per epoch, the weights against those they started from, and the gradient check.

It shows the app's current model, or the run under way while one goes: the Train tab hands over a
snapshot after every epoch (copied where the training runs), and the tab draws the latest one at most
twice a second, so training never waits for it. Its three panels (gui/inside_weights.py,
gui/inside_digit.py, gui/inside_gradients.py) draw; this module chooses the network they show and when. They
are made when the tab is first shown (or one of them first asked for), so a window whose Inside tab is never
opened starts without them; the tab keeps the run's snapshots and norms meanwhile, and draws them then.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

import numpy as np

from core.base.i18n import _
from core.learning.layered import LayeredNetwork
from core.learning.network import Network
from core.learning.settings import TrainingSettings
from core.learning.training import initial_network
from core.services.feature_maps import weight_layer_count
from core.services.inspection import Snapshot
from gui import dialogs
from gui.app_state import AppState
from gui.inside_digit import DigitPanel
from gui.inside_gradients import GradientsPanel
from gui.inside_layers import LayersPanel
from gui.inside_weights import PAGE_SIZE, WeightsPanel
from gui.staggered_redraw import StaggeredRedraw

__all__ = ["PAGE_SIZE", "REDRAW_INTERVAL_MS", "InsideTab"]

# While a run goes, the tab is drawn in four parts an eighth of a second apart, each twice a second: the
# weights, the gradient plot, the histogram, the digit. All at once took the GUI thread 30-60 ms; a part
# at a time keeps the window's longest wait short (bench/responsiveness.py).
REDRAW_INTERVAL_MS = 500
PANELS = ("weights", "digit", "gradients", "layers", "splitter", "sources")   # made with the panels
PARTS = 4


class InsideTab(QWidget):
    """Looks inside the current model, or the run under way; `drawing()` gives the Draw tab's 28x28 input."""

    def __init__(self, state: AppState, drawing: Callable[[], np.ndarray | None] = lambda: None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("insideTab")
        self.state = state
        self.redraw_count = 0
        self._snapshot: Snapshot | None = None          # the latest of the run under way
        self._run_settings: TrainingSettings | None = None
        self._norms: list[tuple[float, ...]] = []       # per epoch of the last run, per layer
        self._initial: dict[TrainingSettings, Network | LayeredNetwork] = {}
        self._parts_drawn = StaggeredRedraw(PARTS)    # stale: the parts not drawn since the shown network changed
        self._redraw_timer = QTimer(self, interval=REDRAW_INTERVAL_MS // PARTS)
        self._redraw_timer.timeout.connect(self._redraw_next_part)
        self._drawing = drawing
        self._built = False
        self._layout = QVBoxLayout(self)
        self.shown_network = QLabel(objectName="insideNetwork", wordWrap=True)
        self._layout.addWidget(self.shown_network)
        self.state.modelChanged.connect(self._model_changed)
        self.retranslate()

    def _build_panels(self) -> None:
        """The panels, made when the tab is first shown or one of them is first asked for: a window whose Inside
        tab is never opened never pays for them (a quarter of the window's start)."""
        self._built = True
        self.weights = WeightsPanel(self._fully_connected, self._start_network)
        self.digit = DigitPanel(self.state, self._fully_connected, self._drawing)
        self.gradients = GradientsPanel(self.state)
        self.layers = LayersPanel(self.state, self._of_layers, self._drawing)  # a network of layers: in their place
        self.weights.unitClicked.connect(lambda unit: self.digit.select_unit(1, unit))
        self.digit.unitSelected.connect(lambda layer, unit: self.weights.select(unit if layer == 1 else None))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for panel in (self.weights, self.digit, self.layers, self.gradients):
            self.splitter.addWidget(panel)
        self.splitter.setSizes([340, 330, 670, 490])
        self.layers.hide()
        self._layout.addWidget(self.splitter, 1)
        self.sources = (self.digit.source, self.layers.source)     # the digit each panel follows
        for source in self.sources:
            self.state.dataChanged.connect(source.data_changed)
            source.data_changed()
        dialogs.plain_labels(self)    # as the window made its other labels (names from files are text)
        self.retranslate()

    def __getattr__(self, name: str):
        """A panel asked for before the tab was first shown is made then."""
        if name in PANELS and not self.__dict__.get("_built", True):
            self._build_panels()
            return getattr(self, name)
        raise AttributeError(name)

    def retranslate(self) -> None:
        if self._built:
            for panel in (self.weights, self.digit, self.layers, self.gradients):
                panel.retranslate()
        self._parts_drawn.all_stale()     # drawn now if shown, else when it is shown
        self._redraw_if_stale()

    # --- what is shown --------------------------------------------------------------------------------

    def training(self) -> bool:
        return self._run_settings is not None

    def network(self) -> Network | LayeredNetwork | None:
        """The run's latest snapshot while a run goes (before its first epoch, the network it starts from),
        else the current model's network."""
        if self.training():
            return self._snapshot.network if self._snapshot is not None else self._initial_of(self._run_settings)
        return self.state.model.network if self.state.model is not None else None

    def _fully_connected(self) -> Network | None:
        network = self.network()
        return network if isinstance(network, Network) else None

    def _of_layers(self) -> LayeredNetwork | None:
        network = self.network()
        return network if isinstance(network, LayeredNetwork) else None

    def _settings(self) -> TrainingSettings | None:
        if self.training():
            return self._run_settings
        return self.state.model.settings if self.state.model is not None else None

    def _initial_of(self, settings: TrainingSettings) -> Network | LayeredNetwork:
        """The network a run with `settings` starts from, redrawn from its seed (the last one kept)."""
        if settings not in self._initial:
            self._initial = {settings: initial_network(settings)}
        return self._initial[settings]

    def _start_network(self) -> Network | None:
        """The fully connected network the shown one started from (None when its settings are unknown or do
        not fit it)."""
        settings, network = self._settings(), self._fully_connected()
        if settings is None or network is None or settings.layers or list(settings.hidden) != network.layer_sizes[1:-1]:
            return None
        start = self._initial_of(settings)
        return start if isinstance(start, Network) else None

    # --- the run under way (the main window connects these to the Train tab's signals) ---------------

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

    # --- what other tabs and the window ask for -------------------------------------------------------

    def show_row(self, row: int) -> None:
        """Follow a row of the data file (a mistake clicked in the Test tab)."""
        for source in self.sources:
            source.show_row(row)

    def show_drawing(self) -> None:
        for source in self.sources:
            source.show_drawing()

    def select_unit(self, layer: int, unit: int) -> None:
        self.digit.select_unit(layer, unit)

    def checking(self) -> bool:
        return self._built and self.gradients.checking()

    def shutdown(self) -> None:
        """Wait for a gradient check under way (the window is closing); it takes seconds at most."""
        if self._built:
            self.gradients.shutdown()

    # --- drawing ------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        if not self._built:
            self._build_panels()
        super().showEvent(event)
        self._parts_drawn.all_stale()
        self._redraw_if_stale()

    def layered(self) -> bool:
        """Whether the network shown is a network of layers (its own panel), not a fully connected one."""
        return self._of_layers() is not None

    def _show_panels(self) -> None:
        """The layers' panel for a network of layers, the weights and the digit's panels for the others."""
        layered = self.layered()
        if layered != self.layers.isVisible():
            self.weights.setVisible(not layered)
            self.digit.setVisible(not layered)
            self.layers.setVisible(layered)

    def _show_tiles(self) -> None:
        self._show_network_caption()
        self._show_panels()
        if self.layered():
            self.layers.show_filters()
            return
        self.weights.fill_combos()      # the pages and layers the other parts read
        self.weights.show_tiles()

    def _show_norms(self) -> None:
        network = self.network()
        layers = (len(self._norms[0]) if self._norms else
                  weight_layer_count(network) if self.training() and network is not None else 0)
        self.gradients.show_norms(self._norms, layers)

    def _show_histogram(self) -> None:
        if not self.layered():
            self.weights.show_histogram()

    def _show_activations(self) -> None:
        if self.layered():
            self.layers.show_maps()
        else:
            self.digit.show_activations()

    def _parts(self) -> tuple[Callable[[], None], ...]:
        """The tab in PARTS parts, each drawn in one go (the first fills the combos the others read)."""
        return self._show_tiles, self._show_norms, self._show_histogram, self._show_activations

    def _redraw_if_stale(self) -> None:
        if self.isVisible() and self._parts_drawn.take_all():
            self._redraw()

    def _redraw(self) -> None:
        """Everything, at once."""
        self.redraw_count += 1
        for draw in self._parts():
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
            self._parts()[part]()
        if not self.training() and (not self._parts_drawn.stale or not self.isVisible()):
            self._redraw_timer.stop()     # the run's last parts are drawn (or will be when the tab is shown)

    def _model_changed(self) -> None:
        if not self.training():
            self._parts_drawn.all_stale()
            self._redraw_if_stale()

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
