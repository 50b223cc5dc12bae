"""pyqtgraph's right-click menus, option panels and export dialog speak the interface's language: walked in
Spanish, they hold no English word; switched back, they are English again."""

import re

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QListWidget, QMenu, QWidgetAction

import pyqtgraph as pg
import pytest

from gui.translation import apply_language

ENGLISH = {"view", "all", "axis", "mouse", "mode", "button", "plot", "options", "transforms", "downsample", "average",
           "alpha", "grid", "points", "export", "auto", "manual", "invert", "enabled", "only", "pan",
           "link", "clip", "max", "traces", "peak", "mean", "subsample", "log", "subtract", "show", "opacity",
           "power", "spectrum", "forget", "hidden", "item", "format", "close", "copy", "image", "file", "printer",
           "window", "scalable", "vector", "graphics", "original", "width", "height", "background", "antialias"}
PLOTS = ("costPlot", "accuracyPlot", "thresholdPlot", "weightHistogram", "gradientNormPlot")


@pytest.fixture
def back_to_english(window):
    yield
    window.set_language("en")
    QLocale.setDefault(QLocale.c())


def switch(window, qtbot, lang: str, view_all: str) -> None:
    """View > Language; Qt tells the widgets at the event loop's next turn."""
    window.set_language(lang)
    plot = plot_named(window, "costPlot")
    qtbot.waitUntil(lambda: plot.getPlotItem().getViewBox().menu.viewAll.text() == view_all)


def english_words(texts: list[str]) -> set[str]:
    words = {word.lower() for text in texts for word in re.findall(r"[A-Za-z]+", re.sub(r"<[^>]*>", " ", text))}
    return words & ENGLISH


def menu_texts(menu: QMenu) -> list[str]:
    """Every word a menu shows: its title, its actions and their tooltips, its submenus, its panels."""
    texts = [menu.title()]
    for action in menu.actions():
        texts += [action.text()]
        if action.menu() is not None:
            texts += menu_texts(action.menu())
        if isinstance(action, QWidgetAction) and action.defaultWidget() is not None:
            texts += widget_texts(action.defaultWidget())
    return [text for text in texts if text]


def widget_texts(widget) -> list[str]:
    """The words a panel or dialog shows (widgets it hides, such as a parameter tree's old rows, left out)."""
    def shown(kind):
        return [child for child in widget.findChildren(kind) if child.isVisibleTo(widget)]

    texts = [label.text() for label in shown(QLabel)]
    for button in shown(QAbstractButton):
        texts += [button.text(), button.toolTip()]
    for box in shown(QGroupBox) + ([widget] if isinstance(widget, QGroupBox) else []):
        texts += [box.title(), box.toolTip()]
    for listing in shown(QListWidget):
        texts += [listing.item(row).text() for row in range(listing.count())]
    return [text for text in texts if text]


def right_click_menu(plot: pg.PlotWidget, qtbot) -> QMenu:
    """The menu a right click on the plot opens, as pyqtgraph puts it together."""
    plot.window().activateWindow()
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.RightButton, pos=plot.viewport().rect().center())
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5_000)
    menu = QApplication.activePopupWidget()
    return menu


def plot_named(window, name: str) -> pg.PlotWidget:
    plot = window.findChild(pg.PlotWidget, name)
    assert plot is not None, name
    return plot


def test_every_plots_right_click_menu_is_spanish_after_switching(window, qtbot, back_to_english):
    for index in range(window.tabs.count()):     # every plot made, in English (the Inside tab's when first shown)
        window.tabs.setCurrentIndex(index)
    switch(window, qtbot, "es", "Ver todo")
    for name in PLOTS:
        plot = plot_named(window, name)
        window.tabs.setCurrentWidget(next(tab for tab in window._tabs() if tab.isAncestorOf(plot)))
        qtbot.waitUntil(plot.isVisible)
        menu = right_click_menu(plot, qtbot)
        texts = menu_texts(menu)
        menu.close()
        assert {"Ver todo", "Eje X", "Eje Y", "Opciones de la gráfica", "Exportar..."} <= set(texts), (name, texts)
        assert not english_words(texts), (name, english_words(texts))


def test_the_export_dialog_is_spanish_and_english_again_after(window, qtbot, back_to_english):
    switch(window, qtbot, "es", "Ver todo")
    plot = plot_named(window, "costPlot")
    menu = right_click_menu(plot, qtbot)
    export = next(action for action in menu.actions() if action.text() == "Exportar...")
    menu.close()
    export.trigger()
    dialog = plot.scene().exportDialog
    qtbot.waitUntil(dialog.isVisible)
    texts = widget_texts(dialog)
    assert "Archivo de imagen (PNG, TIF, JPG, ...)" in texts, texts
    assert not english_words(texts), english_words(texts)
    dialog.close()
    switch(window, qtbot, "en", "View All")
    english = menu_texts(right_click_menu(plot, qtbot))
    QApplication.activePopupWidget().close()
    assert {"View All", "X axis", "Plot Options", "Export..."} <= set(english), english
    assert "Export" in widget_texts(dialog)


def test_a_plot_made_in_spanish_is_spanish_from_the_start(qtbot):
    from gui.plot_style import Plot

    apply_language("es")
    try:
        plot = Plot()
        qtbot.addWidget(plot)
        texts = menu_texts(plot.getPlotItem().getViewBox().menu) + menu_texts(plot.getPlotItem().ctrlMenu)
        assert not english_words(texts), english_words(texts)
        assert "Eje X" in texts
    finally:
        apply_language("en")
        QLocale.setDefault(QLocale.c())
