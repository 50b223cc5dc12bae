"""The Inside tab's panel for a network of layers: the first convolution's filters as tiles, and one digit
(a data row, or the Draw tab's drawing) through each convolution and pooling, its maps upright."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QGroupBox, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

import numpy as np

from core.base.i18n import N_, _
from core.learning.layered import LayeredNetwork
from core.services.feature_maps import feature_maps, first_filters
from core.services.inspection import diverging_colours, mosaic, symmetric_scale
from gui.app_state import AppState
from gui.digit_image import colour_qimage
from gui.digit_source import DigitSource
from gui.translation import Texts

MAP_COLUMNS = 8             # maps side by side, then the next row
FILTER_COLUMNS = 4
MAGNIFIED = 3               # the size a view asks for: so many screen pixels per image pixel


class ScaledImage(QWidget):
    """An image drawn as large as the widget allows, keeping its shape, with square pixels."""

    def __init__(self, name: str, largest: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.image: QImage | None = None
        self.largest = largest          # screen pixels per image pixel, at most
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_image(self, image: QImage | None) -> None:
        resized = (image.size() if image else None) != (self.image.size() if self.image else None)
        self.image = image
        if resized:     # a new size lays the tab out again, which takes tens of ms: not after every epoch
            self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        if self.image is None:
            return QSize(0, 0)
        return QSize(self.image.width() * MAGNIFIED, self.image.height() * MAGNIFIED)

    def minimumSizeHint(self) -> QSize:
        if self.image is None:
            return QSize(0, 0)
        return QSize(self.image.width(), self.image.height())

    def hasHeightForWidth(self) -> bool:
        return self.image is not None

    def heightForWidth(self, width: int) -> int:
        if self.image is None:
            return 0
        scale = min(width / self.image.width(), self.largest)
        return round(self.image.height() * scale)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.image is None:
            return
        scale = min(self.width() / self.image.width(), self.height() / self.image.height(), self.largest)
        target = QRectF(0, 0, self.image.width() * scale, self.image.height() * scale)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(target, self.image)
        painter.end()


def tiles_image(images: np.ndarray, columns: int, scale: float) -> QImage:
    """Images (n, h, w) side by side, `columns` to a row, blue-white-red on ±scale, grey between them."""
    return colour_qimage(diverging_colours(mosaic(images, min(columns, len(images))), scale))


class LayersPanel(QGroupBox):
    """Follows one digit through `network()`, a network of layers; `drawing()` gives the Draw tab's input."""

    def __init__(self, state: AppState, network: Callable[[], LayeredNetwork | None],
                 drawing: Callable[[], np.ndarray | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("insideLayers")
        self.network = network
        self.maps_shown: list[str] = []         # the layers whose maps are drawn, as typed (conv:16:3:same)
        self.texts = Texts()
        self.texts.set(self.setTitle, N_("Inside the layers"))
        layout = QHBoxLayout(self)
        layout.addLayout(self._build_filters(), 1)
        layout.addLayout(self._build_maps(state, drawing), 2)

    def _build_filters(self) -> QVBoxLayout:
        column = QVBoxLayout()
        self.filters_caption = QLabel(objectName="filtersCaption", wordWrap=True)
        column.addWidget(self.filters_caption)
        self.filter_tiles = ScaledImage("filterTiles", largest=12)
        column.addWidget(self.filter_tiles)
        column.addStretch(1)
        return column

    def _build_maps(self, state: AppState, drawing: Callable[[], np.ndarray | None]) -> QVBoxLayout:
        column = QVBoxLayout()
        self.source = DigitSource(state, drawing, "layers")
        self.source.changed.connect(self.show_maps)
        column.addWidget(self.source)
        self.digit_caption = QLabel(objectName="mapsCaption", wordWrap=True)
        column.addWidget(self.digit_caption)
        maps = QWidget(objectName="featureMaps")
        self.maps_layout = QVBoxLayout(maps)
        self.maps_layout.setContentsMargins(0, 0, 0, 0)
        self.maps_layout.addStretch(1)
        scroll = QScrollArea(objectName="featureMapsScroll", widgetResizable=True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(maps)       # the maps at their size, scrolled, rather than squeezed into the tab
        column.addWidget(scroll, 1)
        return column

    def retranslate(self) -> None:
        self.texts.retranslate()
        self.source.retranslate()

    def show_filters(self) -> None:
        network = self.network()
        filters = first_filters(network) if network is not None else None
        if filters is None:
            self.filters_caption.setText(_("The first layer is not a convolution: it has no filters to show."))
            self.filter_tiles.set_image(None)
            return
        count, size = len(filters), filters.shape[-1]
        self.filters_caption.setText(_("The first convolution's {count} filters of {size} x {size}, each the "
                                       "weights w it slides over the digit: red positive, blue negative, white "
                                       "zero.").format(count=count, size=size))
        self.filter_tiles.set_image(tiles_image(filters, FILTER_COLUMNS, symmetric_scale(filters, 100)))

    def show_maps(self) -> None:
        """The digit's maps after each convolution (and its ReLU) and each pooling, one row of tiles each."""
        network = self.network()
        pixels, caption = self.source.digit()
        found: list = []
        if network is not None and pixels is not None:
            found, probabilities = feature_maps(network, pixels)
            digit = int(probabilities.argmax())
            caption += " " + _("→ read as {digit} ({percent:.1f}%)").format(
                digit=digit, percent=100 * probabilities[digit])
        self.digit_caption.setText(caption)
        self._make_rows(len(found))
        for (label, view), maps in zip(self._rows(), found):
            channels, height, width = maps.maps.shape
            label.setText(_("{layer}: {channels} maps of {height} x {width}").format(
                layer=maps.layer, channels=channels, height=height, width=width))
            view.set_image(tiles_image(maps.maps, MAP_COLUMNS, symmetric_scale(maps.maps, 100)))
        self.maps_shown = [maps.layer for maps in found]

    def _rows(self) -> list[tuple[QLabel, ScaledImage]]:
        """The caption and tiles of each layer shown (the layout ends with a stretch)."""
        items = [self.maps_layout.itemAt(index).widget() for index in range(self.maps_layout.count() - 1)]
        return list(zip(items[0::2], items[1::2]))

    def _make_rows(self, count: int) -> None:
        """As many rows (a caption and its tiles) as there are layers with maps."""
        while len(self._rows()) > count:
            for _widget in range(2):
                widget = self.maps_layout.takeAt(self.maps_layout.count() - 2).widget()
                widget.deleteLater()
        while len(self._rows()) < count:
            index = len(self._rows())
            end = self.maps_layout.count() - 1
            self.maps_layout.insertWidget(end, QLabel(objectName=f"mapsLabel{index}", wordWrap=True))
            self.maps_layout.insertWidget(end + 1, ScaledImage(f"mapsTiles{index}", largest=4))
