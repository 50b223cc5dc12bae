"""Runs side by side: their settings from the declarations, the differences marked, their results."""

import dataclasses

from core.base.i18n import translator
from core.learning.evaluation import format_cost
from core.learning.settings import BY_NAME, SETTINGS, TrainingSettings
from core.services.comparison import NOT_USED, comparison_rows, record_of, setting_rows
from core.services.runs import run_training

ADAM = TrainingSettings(hidden=(16,), epochs=2, train_rows=(0, 200), augment=False)
MOMENTUM = dataclasses.replace(ADAM, optimizer="momentum", learning_rate=0.03, hidden=(16, 8))


def test_each_setting_is_a_row_and_only_the_different_ones_are_marked():
    rows = setting_rows([ADAM, MOMENTUM])
    assert [row.label for row in rows] == [declared.label for declared in SETTINGS]
    differing = {row.label for row in rows if row.differs}
    assert differing == {"Hidden layers", "Optimiser", "Learning rate", "Momentum"}
    by_label = {row.label: row.values for row in rows}
    assert by_label["Hidden layers"] == ["16", "16 8"]
    assert by_label["Optimiser"] == [BY_NAME["optimizer"].kind.describe("adam"),
                                     BY_NAME["optimizer"].kind.describe("momentum")]
    assert by_label["Momentum"] == [NOT_USED, "0.9"], "a setting the run does not use"
    assert by_label["Stroke thickness ±"] == [NOT_USED, NOT_USED]
    spanish = setting_rows([ADAM, MOMENTUM], translator("es"))
    assert [row.label for row in spanish][:2] == ["Capas", "Capas ocultas"]


def test_a_comparison_puts_the_differences_first_then_the_results(dataset):
    runs = [record_of(run_training(dataset, settings), number) for number, settings in
            enumerate((ADAM, MOMENTUM), start=1)]
    assert runs[1].name() == "Run 2" and runs[0].epochs_run == 2
    rows = comparison_rows(runs)
    marked = [row.differs for row in rows]
    assert marked[:4] == [True] * 4 and not any(marked[4:])
    results = {row.label: row.values for row in rows[-5:]}
    assert results["Test recognition rate"] == [f"{100 * run.test_rate:.2f}%" for run in runs]
    assert results["Final training cost"][0] == format_cost(runs[0].history.train_cost[-1])
