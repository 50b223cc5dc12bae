"""pyqtgraph's own words (a plot's right-click menu, its option panels and its export dialog) in the
interface's language, set again when it changes.

pyqtgraph looks them up through Qt's translator (QCoreApplication.translate, contexts "ViewBox", "PlotItem",
"GraphicsScene", "Form", "Exporter"); their Mexican Spanish is in resources/locale/es/qt_es_MX.ts, installed by
gui/translation.py. pyqtgraph sets them once, as a plot is made: a plot made before a change of language
keeps them, so `retranslate_menus` sets them again. pyqtgraph joins "X" and "axis" into "X axis"; Spanish puts
the noun first ("Eje X"), so the axis menus' titles are asked for whole. The choices of an exporter's list
settings (the CSV file's "comma" or "tab") are values pyqtgraph compares with: they are shown translated and
still given to the exporter as they were.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidgetAction

import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

PLOT_OPTIONS = ("Transforms", "Downsample", "Average", "Alpha", "Grid", "Points")   # PlotItem's order
MOUSE_MODES = ("3 button", "1 button")
EXPORTER_CHOICES = ("comma", "tab", "(x,y) per plot", "(x,y,y,y) for all plots")    # in the "Exporter" context


def translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


class _Form:
    """Stands in for the form a pyqtgraph panel's `retranslateUi` titles: the menus never show that title."""

    def setWindowTitle(self, title: str) -> None:
        pass


def retranslate_menus(plot: pg.PlotWidget) -> None:
    """Set every word of `plot`'s right-click menu, option panels and export dialog in the current language."""
    item = plot.getPlotItem()
    _retranslate_view_menu(item.getViewBox().menu)
    item.ctrlMenu.setTitle(translate("PlotItem", "Plot Options"))
    for action, name in zip(item.ctrlMenu.actions(), PLOT_OPTIONS, strict=True):
        action.menu().setTitle(translate("PlotItem", name))
    item.ctrl.retranslateUi(_Form())
    scene = plot.scene()
    scene.contextMenu[0].setText(translate("GraphicsScene", "Export..."))
    if scene.exportDialog is not None:
        scene.exportDialog.ui.retranslateUi(scene.exportDialog)


def translate_export_choices(plot: pg.PlotWidget) -> None:
    """From the plot's first Export..., show its export dialog's list choices in the interface's language."""
    scene = plot.scene()
    watched = []

    def exported() -> None:     # after pyqtgraph's own slot, which made and showed the dialog
        dialog = scene.exportDialog
        if dialog is not None and not watched:
            dialog.ui.formatList.currentItemChanged.connect(lambda: _translate_choices(dialog))
            watched.append(dialog)
        if dialog is not None:
            _translate_choices(dialog)

    scene.contextMenu[0].triggered.connect(exported)


def _translate_choices(dialog) -> None:
    exporter = dialog.currentExporter
    if exporter is None:
        return
    for parameter in exporter.parameters().children():
        limits = parameter.opts.get("limits")
        if parameter.type() != "list" or not limits:
            continue
        values = list(limits.values()) if isinstance(limits, dict) else list(limits)
        if all(value in EXPORTER_CHOICES for value in values):
            parameter.setLimits({translate("Exporter", value): value for value in values})
            for item in list(parameter.items):      # pyqtgraph shows a renamed choice only once it is chosen again
                item.setValue(parameter.value())
                item.updateDisplayLabel()


def _retranslate_view_menu(menu) -> None:
    menu.setTitle(translate("ViewBox", "ViewBox options"))
    menu.viewAll.setText(translate("ViewBox", "View All"))
    submenus = [action.menu() for action in menu.actions() if action.menu() is not None]
    axis_menus, mouse_menu = submenus[:2], submenus[2]
    for axis_menu, name, ui in zip(axis_menus, ("X axis", "Y axis"), menu.ctrl, strict=True):
        axis_menu.setTitle(translate("ViewBox", name))
        panel = next(action.defaultWidget() for action in axis_menu.actions() if isinstance(action, QWidgetAction))
        ui.retranslateUi(panel)
    mouse_menu.setTitle(translate("ViewBox", "Mouse Mode"))
    for action, name in zip(menu.mouseModes, MOUSE_MODES, strict=True):
        action.setText(translate("ViewBox", name))
