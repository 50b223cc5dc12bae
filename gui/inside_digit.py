"""The Inside tab's digit panel: one digit (a data row, or the Draw tab's drawing) through the network,
layer by layer, and a unit clicked: its incoming weights as an image and its z = w·a + b."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

import numpy as np

from core.base.i18n import N_, _
from core.learning.data import column_major_to_image
from core.learning.network import ACTIVATIONS, Network
from core.services.inspection import Activations, activations_of, as_grid, diverging_colours, symmetric_scale
from gui.activation_view import ActivationView
from gui.app_state import AppState
from gui.digit_image import colour_qimage
from gui.digit_source import DigitSource
from gui.translation import Texts

UNIT_IMAGE_SIDE = 112


class DigitPanel(QGroupBox):
    """Follows one digit through `network()`; `drawing()` gives the Draw tab's 28x28 input (or None)."""

    unitSelected = Signal(int, int)     # (layer, unit), layer 1 the first hidden layer

    def __init__(self, state: AppState, network: Callable[[], Network | None],
                 drawing: Callable[[], np.ndarray | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("insideDigit")
        self.state = state
        self.network = network
        self.activations: Activations | None = None
        self.unit: tuple[int, int] | None = None        # (layer, unit) selected
        self.texts = Texts()
        self.texts.set(self.setTitle, N_("One digit through the network"))
        layout = QVBoxLayout(self)
        self.source = DigitSource(state, drawing, "activation")
        self.source.changed.connect(self.show_activations)
        layout.addWidget(self.source)
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

    def retranslate(self) -> None:
        self.texts.retranslate()
        self.source.retranslate()

    def show_activations(self) -> None:
        network = self.network()
        pixels, caption = self.source.digit()
        self.activations = activations_of(network, pixels) if network is not None and pixels is not None else None
        if self.activations is not None:
            digit = int(self.activations.probabilities.argmax())
            caption += " " + _("→ read as {digit} ({percent:.1f}%)").format(
                digit=digit, percent=100 * self.activations.probabilities[digit])
        self.digit_caption.setText(caption)
        hidden = len(network.layer_sizes) - 2 if network is not None else 0
        titles = [_("pixels")] + [_("hidden {index}").format(index=index) for index in range(1, hidden + 1)]
        self.view.set_activations(self.activations, titles + [_("digits")], caption)
        if self.unit is not None and self.activations is not None and self._unit_exists(*self.unit):
            self.select_unit(*self.unit)
        else:
            self.unit = None
            self.view.select(None)
            self.unit_weights.clear()
            self.unit_detail.setText(_("Click a unit (a tile, or a cell above) to see its weights and its "
                                       "z = w·a + b for this digit."))

    def _unit_exists(self, layer: int, unit: int) -> bool:
        sizes = self.network().layer_sizes
        return 1 <= layer < len(sizes) and unit < sizes[layer]

    def select_unit(self, layer: int, unit: int) -> None:
        """Show a unit: its incoming weights as an image, and its z = w·a + b and activation for the digit."""
        self.unit = (layer, unit)
        self.view.select(layer, unit)
        self.unitSelected.emit(layer, unit)
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
