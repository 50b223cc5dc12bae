"""The Compare dialog's plot: its legend stands under the curves, never over them."""

from __future__ import annotations

import dataclasses

from core.services.comparison import RunRecord
from core.learning.model_io import load_model
from gui.compare_runs import CompareRunsDialog

from tests.core.samples import MODEL_FILE


def test_the_legend_is_outside_the_plotted_area_and_names_every_curve(qtbot):
    model = load_model(MODEL_FILE)
    runs = [RunRecord(number, dataclasses.replace(model.settings, seed=number), model.history, 0.9, 1.0, False)
            for number in (1, 2, 3)]
    dialog = CompareRunsDialog()
    qtbot.addWidget(dialog)
    dialog.set_runs(runs)
    dialog.set_runs(runs)           # shown again (a language change): one legend, not two
    dialog.show()
    qtbot.waitExposed(dialog)
    item = dialog.plot.getPlotItem()
    legend, curves = dialog.legend, item.vb.sceneBoundingRect()
    assert [label.text for _, label in legend.items] == [f"Run {n}, {kind}" for n in (1, 2, 3)
                                                         for kind in ("training", "test")]
    assert legend.isVisible() and legend.sceneBoundingRect().height() > 0
    assert not legend.sceneBoundingRect().intersects(curves), "the legend covers the curves"
    assert legend.sceneBoundingRect().top() >= curves.bottom()
    assert sum(isinstance(child, type(legend)) for child in item.childItems()) <= 1
