"""Every plot of the app, styled in one place: axes, ticks and words dark enough to read from the back of a
room, in the app's font (so they follow View > Zoom), and no SI multiplier beside an axis.

pyqtgraph's default grey (#969696) on white fades on a projector. Its automatic SI prefix multiplies a log
axis's ticks as well as naming the multiplier: gradient norms of about 0.01 were labelled 10¹ and 10² beside a
cut "(x0.001)", so no axis of the app uses it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from gui.plot_menus import retranslate_menus, translate_export_choices

INK = "#1a1a1a"             # axes, ticks, tick labels, axis labels, titles and legends
BACKGROUND = "w"
AXES = ("left", "bottom", "right", "top")
TITLE_SCALE = 1.15          # a plot's title, against the app's font


class Plot(pg.PlotWidget):
    """A white pyqtgraph plot in the app's style, styled again whenever the app's font changes (zoom); its menus
    in the interface's language (gui/plot_menus.py)."""

    def __init__(self, parent: QWidget | None = None, **kwargs):
        super().__init__(parent, background=BACKGROUND, **kwargs)
        self.legends: list[pg.LegendItem] = []    # legends placed by hand, besides the plot item's own
        self.restyle()
        retranslate_menus(self)
        translate_export_choices(self)

    def restyle(self) -> None:
        """Apply the style to the plot as it is now: call it again after adding a legend."""
        item = self.getPlotItem()
        style_plot_item(item, self.font())
        for legend in ([item.legend] if item.legend is not None else []) + self.legends:
            style_legend(legend, self.font().pointSizeF())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.restyle()
        elif event.type() == QEvent.Type.LanguageChange:
            retranslate_menus(self)


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


def style_legend(legend: pg.LegendItem, points: float) -> None:
    """A legend's words dark, in the app's font size."""
    legend.setLabelTextColor(INK)
    legend.setLabelTextSize(f"{points:g}pt")
    for _sample, label in legend.items:
        label.setText(label.text)
