"""Every plot of the app, styled in one place: axes, ticks and words dark enough to read from the back of a
room, in the app's font (so they follow View > Zoom), and no SI multiplier beside an axis.

pyqtgraph's default grey (#969696) on white fades on a projector. Its automatic SI prefix multiplies a log
axis's ticks as well as naming the multiplier: gradient norms of about 0.01 were labelled 10¹ and 10² beside a
cut "(x0.001)", so no axis of the app uses it.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QTextOption
from PySide6.QtWidgets import QWidget

import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from gui import zoom
from gui.plot_menus import retranslate_menus, translate_export_choices

INK = "#1a1a1a"             # axes, ticks, tick labels, axis labels, titles and legends
BACKGROUND = "w"
AXES = ("left", "bottom", "right", "top")
TITLE_SCALE = 1.0           # a plot's title, against the app's font (as pyqtgraph's own: room is short)
LABEL_MARGIN = 8            # pixels above and below the left axis's label
LEGEND_SCALE = 0.9          # a legend's words, against the app's font: they sit over the curves
LEGEND_SAMPLE = 30          # a legend entry's line sample and the gap after it, in pixels


class Plot(pg.PlotWidget):
    """A white pyqtgraph plot in the app's style, styled again whenever the app's font changes (zoom); its menus
    in the interface's language (gui/plot_menus.py)."""

    def __init__(self, parent: QWidget | None = None, **kwargs):
        super().__init__(parent, background=BACKGROUND, **kwargs)
        self.legends: list[pg.LegendItem] = []    # legends placed by hand, besides the plot item's own
        self.least_height = 0                       # at the normal zoom (set_least_height)
        self.restyle()
        retranslate_menus(self)
        translate_export_choices(self)

    def set_least_height(self, pixels: int) -> None:
        """The plot's least height at the normal zoom: it grows with the zoom, and with its left axis's label."""
        self.least_height = pixels
        self._fit_size()

    def restyle(self) -> None:
        """Apply the style to the plot as it is now: call it again after adding a legend."""
        item = self.getPlotItem()
        style_plot_item(item, self.font())
        for legend in ([item.legend] if item.legend is not None else []) + self.legends:
            style_legend(legend, self.font().pointSizeF() * LEGEND_SCALE)
        self._fit_size()

    def _fit_size(self) -> None:
        """Never so short that the left axis's label, which runs along it, is cut, nor so narrow that a legend
        covers the axis (a zoomed or Spanish one); the title on as many lines as it needs."""
        item = self.getPlotItem()
        self._fit_title()
        left, bottom = item.getAxis("left"), item.getAxis("bottom")
        label = left.label.boundingRect().width() if left.label.isVisible() else 0
        title = item.titleLabel.item.boundingRect() if item.titleLabel.isVisible() else QRectF()
        needed = math.ceil(label + title.height() + bottom.height() + 2 * LABEL_MARGIN) if label else 0
        self.setMinimumHeight(max(round(self.least_height * zoom.factor()), needed))
        legends = ([item.legend] if item.legend is not None else []) + self.legends
        legend = max((legend_width(legend) for legend in legends), default=0.0)
        # the title and the legend are over the view box, right of the left axis
        title_room = self._longest_title_word() + 2 + 2 * LABEL_MARGIN if title.width() else 0.0
        self.setMinimumWidth(math.ceil(left.width() + max(legend + LABEL_MARGIN, title_room)))

    def _longest_title_word(self) -> float:
        """The title wraps between words, never inside one."""
        label = self.getPlotItem().titleLabel
        if not label.isVisible() or not label.text:
            return 0.0
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * TITLE_SCALE)
        metrics = QFontMetricsF(font)
        return max(metrics.horizontalAdvance(word) for word in str(label.text).split())

    def _fit_title(self) -> None:
        """A title wider than the plot wraps to a second line; pyqtgraph's title row, 30 pixels high, grows to it."""
        item = self.getPlotItem()
        label = item.titleLabel
        if not label.isVisible():
            return
        text = label.item
        text.setTextWidth(-1)
        # right of the left axis, and never narrower than a word: Qt would break the word
        room = max(self.width() - item.getAxis("left").width() - 2 * LABEL_MARGIN, self._longest_title_word() + 2)
        if text.boundingRect().width() > room:
            text.setTextWidth(room)
        text.document().setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignHCenter))
        label.updateMin()
        label.resizeEvent(None)     # pyqtgraph places its text again only when the label is resized
        height = math.ceil(text.boundingRect().height()) + 2
        label.setMaximumHeight(height)
        item.layout.setRowFixedHeight(0, height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.getPlotItem() is not None:      # pyqtgraph resizes the view before it has its plot item
            self._fit_title()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.restyle()
        elif event.type() == QEvent.Type.LanguageChange:
            retranslate_menus(self)
            self._fit_size()


def style_plot_item(item: pg.PlotItem, font: QFont) -> None:
    """Dark axes, ticks and words in `font`'s size on every axis and the title of `item`."""
    points = font.pointSizeF()
    pen = pg.mkPen(INK, width=1)
    for name in AXES:
        axis = item.getAxis(name)
        axis.setPen(pen)
        axis.setTextPen(pen)
        axis.setTickFont(QFont(font))
        axis.enableAutoSIPrefix(False)
        axis.labelStyle = {"color": INK, "font-size": f"{points:g}pt"}
        axis.setLabel(axis.labelText, axis.labelUnits, axis.labelUnitPrefix)
    item.titleLabel.setAttr("color", INK)
    item.titleLabel.setAttr("size", f"{points * TITLE_SCALE:g}pt")
    item.titleLabel.setText(item.titleLabel.text)


def legend_width(legend: pg.LegendItem) -> float:
    """The width a legend takes: its widest entry's text, its sample line and its margins (pyqtgraph updates its
    own bounding box only when it draws again)."""
    texts = [label.item.boundingRect().width() for _sample, label in legend.items]
    return max(texts, default=0.0) + LEGEND_SAMPLE + LABEL_MARGIN if texts else 0.0


def style_legend(legend: pg.LegendItem, points: float) -> None:
    """A legend's words dark, in `points` (a little under the app's font: they sit over the curves)."""
    legend.setLabelTextColor(INK)
    legend.setLabelTextSize(f"{points:g}pt")
    for _sample, label in legend.items:
        label.setText(label.text)
