"""Every plot of the app in one style: dark axes, ticks and words, in the app's font, no SI multiplier."""

from PySide6.QtGui import QColor, QFont

import pyqtgraph as pg

from gui.compare_runs import CompareRunsDialog
from gui.plot_style import AXES, INK, TITLE_SCALE, Plot

PYQTGRAPH_GREY = QColor(150, 150, 150)


def assert_styled(plot: pg.PlotWidget) -> None:
    assert isinstance(plot, Plot), f"{plot.objectName()} is made by gui/plot_style.py"
    item = plot.getPlotItem()
    for name in AXES:
        axis = item.getAxis(name)
        for pen in (axis.pen(), axis.textPen()):
            assert pen.color() == QColor(INK) != PYQTGRAPH_GREY, (plot.objectName(), name)
        assert not axis.autoSIPrefix, (plot.objectName(), name)
        assert axis.style["tickFont"].pointSizeF() == plot.font().pointSizeF()
        assert f"color: {INK}" in axis.labelString()
    legends = [item.legend] if item.legend is not None else []
    for legend in legends + plot.legends:
        for _sample, label in legend.items:
            assert QColor(label.opts["color"]) == QColor(INK), (plot.objectName(), label.text)


def test_every_plot_of_the_window_is_dark_on_white(window):
    for index in range(window.tabs.count()):     # the Inside tab makes its panels when first shown
        window.tabs.setCurrentIndex(index)
    plots = window.findChildren(pg.PlotWidget)
    names = {plot.objectName() for plot in plots}
    assert {"costPlot", "accuracyPlot", "thresholdPlot", "weightHistogram", "gradientNormPlot"} <= names, names
    for plot in plots:
        assert_styled(plot)


def test_the_comparison_plot_and_its_legend_too(window, qtbot):
    dialog = CompareRunsDialog()
    qtbot.addWidget(dialog)
    dialog.set_runs([])
    assert_styled(dialog.plot)


def test_a_plot_follows_the_apps_font(qtbot):
    plot = Plot()
    qtbot.addWidget(plot)
    plot.getPlotItem().setLabel("left", "cost")
    plot.getPlotItem().setTitle("Cost")
    font = QFont(plot.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    plot.setFont(font)
    axis = plot.getPlotItem().getAxis("left")
    assert axis.style["tickFont"].pointSizeF() == font.pointSizeF()
    assert f"font-size: {font.pointSizeF():g}pt" in axis.labelString()
    assert plot.getPlotItem().titleLabel.opts["size"] == f"{font.pointSizeF() * TITLE_SCALE:g}pt"
