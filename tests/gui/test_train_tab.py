import dataclasses
import os
import re
import threading
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton

import pytest
from shiboken6 import Shiboken

from core.learning.optimizers import DEFAULT_LEARNING_RATES
from core.learning.settings import RECIPES, TrainingSettings
from core.learning.training import EpochReport
from core.services import child_run, runs
from gui.training_plots import REDRAW_INTERVAL_MS
from tests.core.samples import MODEL_FILE
from tests.gui.conftest import QUICK_RUN

# thousands of small epochs: a run that lasts until it is stopped
ENDLESS_RUN = dataclasses.replace(QUICK_RUN, epochs=100_000, train_rows=(0, 300), batch_size=8)
DIVERGING_RUN = TrainingSettings(hidden=(64,) * 6, optimizer="momentum", momentum=0.99, learning_rate=10.0,
                                 epochs=5, train_rows=(0, 200), augment=False)


@pytest.fixture
def tab(window):
    window.tabs.setCurrentWidget(window.train_tab)
    return window.train_tab


def start(tab, settings):
    tab.set_settings(settings)
    tab.train_button.click()
    assert tab.is_training()


def wait_for_end(tab, qtbot, timeout=20_000):
    qtbot.waitUntil(lambda: not tab.is_training(), timeout=timeout)


def field(tab, name):
    return tab.form.widgets[name]


def points(curve):
    x, _y = curve.getData()
    return 0 if x is None else len(x)


def test_form_defaults_to_the_shipped_recipe(tab):
    assert tab.settings() == TrainingSettings()
    recipe = TrainingSettings()
    assert field(tab, "epochs").text() == str(recipe.epochs)
    assert field(tab, "hidden").text() == " ".join(map(str, recipe.hidden))


def test_stroke_thickness_round_trips_and_follows_the_augmentation_box(tab):
    tab.set_settings(TrainingSettings(thickness=1.2))
    assert field(tab, "thickness").isEnabled() and tab.settings().thickness == 1.2
    field(tab, "augment").setChecked(False)
    assert not field(tab, "thickness").isEnabled()
    assert "Only augmentation uses it" in field(tab, "thickness").toolTip()
    field(tab, "augment").setChecked(True)
    field(tab, "thickness").setText("2.5")
    assert tab.settings().thickness == 2.5
    tab.set_settings(TrainingSettings(augment=False))
    assert not field(tab, "thickness").isEnabled() and field(tab, "thickness").text() == "0.8"


def test_a_three_epoch_run_adds_three_points_to_the_plot(tab, qtbot):
    assert tab.plots.plotted_points() == len(tab.state.model.history) == 120, "the shipped model's history"
    start(tab, QUICK_RUN)
    wait_for_end(tab, qtbot)
    assert tab.plots.plotted_points() == 3
    x, y = tab.plots.test_curve.getData()
    assert list(x) == [1, 2, 3] and len(y) == 3
    assert len(tab.plots.accuracy_curve.getData()[0]) == 3
    assert tab.progress.value() == tab.progress.maximum() == 3
    assert "Finished 3 epochs in" in tab.epoch_figures.text()
    assert tab.timing.text() == "", "no ETA once the run has ended"


def test_the_epoch_axis_spans_the_whole_run_from_its_start(tab, qtbot):
    start(tab, QUICK_RUN)
    for plot in (tab.plots.cost_plot, tab.plots.accuracy_plot):
        low, high = plot.getPlotItem().viewRange()[0]
        assert low <= 1 and 3 <= high < 4, f"epoch axis {low:.2f}..{high:.2f} for a 3-epoch run"
    wait_for_end(tab, qtbot)


def epoch_axis(plot):
    return plot.getPlotItem().viewRange()[0]


def test_a_huge_epoch_count_plots_the_epochs_run_not_the_planned_ones(tab, qtbot):
    start(tab, ENDLESS_RUN)   # 100000 epochs planned
    for plot in (tab.plots.cost_plot, tab.plots.accuracy_plot):
        low, high = epoch_axis(plot)
        assert low <= 1 and high < 60, f"epoch axis {low:.2f}..{high:.2f} at the start of a 100000-epoch run"
    qtbot.waitUntil(lambda: tab.plots.plotted_points() >= 3, timeout=10_000)
    tab.stop_button.click()
    wait_for_end(tab, qtbot)
    run = len(tab.plots.shown_history())
    assert tab.plots.plotted_points() == run >= 3
    for plot in (tab.plots.cost_plot, tab.plots.accuracy_plot):
        low, high = epoch_axis(plot)
        assert low <= 1 and run <= high < run + 1, f"epoch axis {low:.2f}..{high:.2f} after {run} epochs"


def test_the_epoch_axis_grows_as_the_epochs_pass_its_end(tab, qtbot):
    start(tab, ENDLESS_RUN)
    qtbot.waitUntil(lambda: len(tab.plots.shown_history()) > 60, timeout=30_000)
    tab.plots.redraw_plot()
    epochs = len(tab.plots.shown_history())
    low, high = epoch_axis(tab.plots.cost_plot)
    assert epochs <= high <= 2.1 * epochs, f"epoch axis {low:.2f}..{high:.2f} after {epochs} epochs"
    tab.stop_button.click()
    wait_for_end(tab, qtbot)


def test_train_is_disabled_while_a_run_is_going(tab, qtbot):
    start(tab, ENDLESS_RUN)
    assert not tab.train_button.isEnabled() and tab.stop_button.isEnabled()
    tab.train_button.click()  # ignored: still one thread
    tab.stop_button.click()
    wait_for_end(tab, qtbot)
    assert tab.train_button.isEnabled() and not tab.stop_button.isEnabled()


def test_stop_ends_the_run_within_a_mini_batch_and_the_window_answers_meanwhile(tab, qtbot):
    ticks = []
    timer = QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    start(tab, ENDLESS_RUN)
    child = tab.worker.child
    qtbot.waitUntil(lambda: tab.plots.plotted_points() >= 2, timeout=10_000)
    ticks.clear()
    batches_before = child.batches_begun()
    # The window answers while the worker trains: its timer keeps firing between mini-batches. How often
    # depends on the machine and its load; bench/responsiveness.py measures that, not this test.
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=10_000)
    assert tab.is_training() and child.batches_begun() > batches_before, "the ticks came while training went on"
    tab.stop_button.click()
    batches_at_stop = child.batches_begun()
    wait_for_end(tab, qtbot, timeout=10_000)
    timer.stop()
    assert child.batches_begun() - batches_at_stop <= 1, "at most the mini-batch under way finishes"
    assert "Stopped after" in tab.epoch_figures.text()
    assert tab.window().state.unsaved, "what was learned becomes the current model"


def test_closing_during_a_run_stops_and_joins_the_thread_and_the_process(window, qtbot, monkeypatch,
                                                                         unsaved_question):
    tab = window.train_tab
    monkeypatch.setattr(window, "ask_stop_run", lambda: True)     # "Stop and quit"
    start(tab, ENDLESS_RUN)
    qtbot.waitUntil(lambda: tab.plots.plotted_points() >= 1, timeout=10_000)
    thread, process = tab.thread, tab.worker.child.process
    names = {t.name for t in threading.enumerate()}
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)   # once the run has stopped
    # the tab deletes the QThread (deleteLater) only after waiting for it to finish
    assert tab.thread is None and (not Shiboken.isValid(thread) or thread.isFinished())
    assert process.exitcode == 0, "the child stopped after its mini-batch and ended by itself"
    assert {t.name for t in threading.enumerate()} <= names
    assert unsaved_question.asked == ["quit"], "the stopped run's model is offered for saving (discarded here)"


def test_closing_during_a_run_can_be_cancelled_and_the_run_goes_on(window, qtbot, monkeypatch, unsaved_question):
    tab = window.train_tab
    answers = [False, True]         # Cancel, then Stop and quit
    monkeypatch.setattr(window, "ask_stop_run", lambda: answers.pop(0))
    model = window.state.model
    start(tab, ENDLESS_RUN)
    qtbot.waitUntil(lambda: tab.plots.plotted_points() >= 1, timeout=10_000)
    window.close()
    assert window.isVisible() and tab.is_training() and tab.worker.child.process.is_alive(), "the run goes on"
    assert window.state.model is model and unsaved_question.asked == []
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert not tab.is_training() and unsaved_question.asked == ["quit"]


def test_a_training_process_killed_mid_run_is_a_dialog_and_the_window_goes_on(window, qtbot, error_dialogs):
    tab = window.train_tab
    model = window.state.model
    start(tab, ENDLESS_RUN)
    qtbot.waitUntil(lambda: tab.plots.plotted_points() >= 1, timeout=10_000)
    tab.worker.child.process.kill()
    wait_for_end(tab, qtbot)
    (title, problem, advice), = error_dialogs
    assert title == "Training failed" and "ended without a result (exit code" in problem
    assert "keeps the model it had" in advice and window.state.model is model
    assert tab.train_button.isEnabled() and not tab.stop_button.isEnabled()
    start(tab, QUICK_RUN)
    wait_for_end(tab, qtbot)
    assert "Finished 3 epochs in" in tab.epoch_figures.text() and window.state.model is not model


def test_redraws_are_coalesced_however_fast_epochs_come(tab, qtbot):
    tab.plots.begin_run(500)     # redrawn in turns from now on
    tab.plots.redraw_count = 0
    started = time.perf_counter()
    for epoch in range(1, 501):
        tab._epoch_done(EpochReport(epoch, 500, 1.0 / epoch, 1.5 / epoch, 0.5, epoch * 0.001))
        if epoch % 50 == 0:
            qtbot.wait(10)
    qtbot.waitUntil(lambda: tab.plots.plotted_points() == 500, timeout=5_000)  # the next tick shows the last epochs
    tab.plots.end_run()
    seconds = time.perf_counter() - started
    assert 1 <= tab.plots.redraw_count <= 1000 / REDRAW_INTERVAL_MS * seconds + 2, \
        f"{tab.plots.redraw_count} redraws in {seconds:.2f} s"
    assert REDRAW_INTERVAL_MS >= 33, "at most ~30 redraws a second"


def test_while_a_run_goes_the_two_plots_take_turns(tab):
    tab.plots.begin_run(10)
    tab.plots.end_run()      # no timer: the turns are taken by hand below
    tab._epoch_done(EpochReport(1, 10, 1.0, 1.5, 0.5, 0.1))
    tab.plots._redraw_next_plot()
    assert (points(tab.plots.train_curve), points(tab.plots.accuracy_curve)) == (1, 0), "the cost plot first, alone"
    tab.plots._redraw_next_plot()
    assert (points(tab.plots.train_curve), points(tab.plots.accuracy_curve)) == (1, 1), "then the accuracy plot"


def test_a_diverging_run_is_a_dialog_and_the_model_stays(window, qtbot, error_dialogs):
    tab = window.train_tab
    model = window.state.model
    start(tab, DIVERGING_RUN)
    wait_for_end(tab, qtbot)
    (title, problem, advice), = error_dialogs
    assert "diverged" in problem and "smaller learning rate" in advice
    assert window.state.model is model and not window.state.unsaved
    assert "keeps the model" in tab.epoch_figures.text()


@pytest.mark.parametrize("name, text, expected", [
    ("hidden", "200 abc", "Hidden layers = 200 abc"),
    ("hidden", "0", "Hidden layers = 0: expected 1 to 10 layer sizes"),
    ("train_rows", "0:9000", "rows 0:9000 were requested but the file has only 5000 rows"),
    ("test_rows", "900", "expected START:END"),
    ("train_rows", "0:900, 800:1200", "0:900 and 800:1200 overlap"),
    ("train_rows", "0:900, 4000:9000", "rows 4000:9000 were requested but the file has only 5000 rows"),
    ("learning_rate", "fast", "Learning rate = fast"),
    ("epochs", "", "Epochs = : expected a whole number"),
])
def test_bad_settings_disable_train_with_the_reason_and_no_run_starts(tab, error_dialogs, name, text, expected):
    field(tab, name).setText(text)
    assert not tab.train_button.isEnabled() and expected in tab.settings_problem.text()
    tab.start_training()  # as Run > Train does: a dialog says why
    assert not tab.is_training()
    (title, problem, advice), = error_dialogs
    assert expected in problem
    tab.set_settings(QUICK_RUN)
    assert tab.train_button.isEnabled() and tab.settings_problem.text() == ""


def test_training_runs_in_a_child_process_and_its_reports_arrive_on_the_gui_thread(tab, qtbot, monkeypatch):
    trained_here, shown_in = [], []
    for module in (runs, child_run):     # the training service, as this process would reach it
        monkeypatch.setattr(module, "run_training", lambda *args, **kwargs: trained_here.append(True))
    set_value = tab.progress.setValue
    monkeypatch.setattr(tab.progress, "setValue",
                        lambda value: shown_in.append(threading.get_ident()) or set_value(value))
    start(tab, QUICK_RUN)
    child = tab.worker.child        # its process starts in the worker's thread: read it at the end
    wait_for_end(tab, qtbot)
    assert trained_here == [] and child.process.pid != os.getpid() and child.process.exitcode == 0
    assert "Finished 3 epochs in" in tab.epoch_figures.text()
    assert shown_in == [threading.get_ident()] * 4, "the reset and each epoch are shown by the GUI thread"


# --- the assignment, one click away; results a student can't mistake --------------------------------

def test_the_assignment_recipe_is_one_click_away(tab):
    tab.findChild(QPushButton, "assignmentRecipeButton").click()
    settings = tab.settings()
    assert settings == RECIPES["assignment"].settings
    assert (settings.hidden, settings.optimizer, settings.schedule, settings.augment) == ((200,), "sgd", "constant",
                                                                                        False)
    assert not field(tab, "momentum").isEnabled() and "momentum" in field(tab, "momentum").toolTip()
    assert not field(tab, "thickness").isEnabled()
    tab.findChild(QPushButton, "shippedRecipeButton").click()
    assert tab.settings() == TrainingSettings()


def test_changing_the_optimiser_brings_its_own_learning_rate_unless_one_was_typed(tab, qtbot):
    optimizer, rate = field(tab, "optimizer"), field(tab, "learning_rate")
    optimizer.setCurrentIndex(optimizer.findData("sgd"))
    assert tab.settings().learning_rate == DEFAULT_LEARNING_RATES["sgd"]
    optimizer.setCurrentIndex(optimizer.findData("momentum"))
    assert tab.settings().learning_rate == DEFAULT_LEARNING_RATES["momentum"] and field(tab, "momentum").isEnabled()
    rate.clear()
    qtbot.keyClicks(rate, "0,07")
    optimizer.setCurrentIndex(optimizer.findData("adam"))
    assert tab.settings().learning_rate == 0.07, "a rate of the user's own stays"
    assert not field(tab, "momentum").isEnabled()


def test_a_second_run_asks_before_replacing_an_unsaved_model_and_cancel_changes_nothing(window, qtbot,
                                                                                        unsaved_question):
    tab = window.train_tab
    start(tab, QUICK_RUN)
    wait_for_end(tab, qtbot)
    model, status, points = window.state.model, tab.epoch_figures.text(), tab.plots.plotted_points()
    unsaved_question.answers = ["cancel"]
    tab.train_button.click()
    assert unsaved_question.asked == ["train again"]
    assert not tab.is_training() and window.state.model is model and window.state.unsaved
    assert tab.epoch_figures.text() == status and tab.plots.plotted_points() == points
    unsaved_question.answers = ["discard"]
    tab.train_button.click()
    assert unsaved_question.asked == ["train again", "train again"] and tab.is_training()
    wait_for_end(tab, qtbot)
    assert window.state.model is not model


def test_overlapping_rows_need_a_confirmation(tab, monkeypatch):
    asked = []
    monkeypatch.setattr(tab, "ask_overlap", lambda settings: asked.append(settings.train_rows) or False)
    tab.set_settings(dataclasses.replace(QUICK_RUN, train_rows=(0, 1000)))
    tab.train_button.click()
    assert asked == [((0, 1000),)] and not tab.is_training()


def test_a_loaded_models_history_is_shown_and_every_status_is_true(window, qtbot, tmp_path):
    tab = window.train_tab
    shipped = window.state.model
    assert tab.plots.plotted_points() == len(shipped.history) == 120
    assert tab.progress.value() == tab.progress.maximum() == 120, "the bar counts the epochs the plot shows"
    assert "model.npz" in tab.epoch_figures.text() and "99.00%" in tab.epoch_figures.text()
    start(tab, dataclasses.replace(QUICK_RUN, epochs=1))
    wait_for_end(tab, qtbot)
    assert "Finished 1 epoch in" in tab.epoch_figures.text() and "(not saved yet)" in tab.epoch_figures.text()
    assert tab.progress.value() == tab.progress.maximum() == 1
    assert window.files.save_model_file(tmp_path / "one.npz")
    assert "not saved" not in tab.epoch_figures.text() and "one.npz" in tab.epoch_figures.text()
    assert window.files.open_model_file(MODEL_FILE)
    assert tab.plots.plotted_points() == 120 and "model.npz" in tab.epoch_figures.text()
    assert "now use this model" not in tab.epoch_figures.text()
    assert not tab.plots.cost_plot.getPlotItem().getAxis("left").autoSIPrefix, "no (x0.001) on a flat curve"


def test_stop_leaves_no_eta_says_stopping_once_and_counts_epochs_in_words(window, qtbot):
    tab = window.train_tab
    start(tab, ENDLESS_RUN)
    qtbot.waitUntil(lambda: tab.progress.value() >= 1, timeout=10_000)
    for _ in range(10):
        window.menus.stop_action.trigger() if window.menus.stop_action.isEnabled() else tab.stop_training()
    assert tab.epoch_figures.text().count("Stopping") == 1
    wait_for_end(tab, qtbot)
    assert tab.timing.text() == "" and "Stopping" not in tab.epoch_figures.text()
    assert re.search(r"Stopped after 1 epoch in|Stopped after \d+ epochs in", tab.epoch_figures.text())
    window.state.mark_saved(None)


def test_the_cost_plot_exports_as_png_or_svg_with_its_history_as_csv(window, tmp_path):
    history = window.train_tab.plots.shown_history()
    for suffix in (".png", ".svg"):
        assert window.files.export_plot(tmp_path / f"cost{suffix}", history)
    assert (tmp_path / "cost.png").read_bytes()[:4] == b"\x89PNG"
    assert b"<svg" in (tmp_path / "cost.svg").read_bytes()[:500]
    rows = (tmp_path / "cost.csv").read_text().splitlines()
    assert rows[0] == "epoch,train_cost,test_cost,test_accuracy,seconds" and len(rows) == 121
    assert rows[1].split(",")[0] == "1" and float(rows[-1].split(",")[3]) == pytest.approx(0.99)


# --- the session's runs, compared -----------------------------------------------------------------------

def test_two_runs_are_kept_and_overlaid_with_their_differences_marked(tab, qtbot, unsaved_question):
    assert tab.session_runs.run_list.count() == 0 and not tab.session_runs.compare_button.isEnabled()
    start(tab, QUICK_RUN)
    wait_for_end(tab, qtbot)
    runs_panel = tab.session_runs
    assert runs_panel.run_list.count() == 1 and not runs_panel.compare_button.isEnabled(), "one run: nothing to compare"
    second = dataclasses.replace(QUICK_RUN, optimizer="sgd", learning_rate=0.3, hidden=(16,))
    start(tab, second)
    wait_for_end(tab, qtbot)
    assert [run.settings for run in tab.session_runs.runs] == [QUICK_RUN, second]
    assert tab.session_runs.run_list.item(1).text().startswith(
        "Run 2: 784-16-10 ReLU, gradient descent, learning rate 0.3")
    assert tab.session_runs.compare_button.isEnabled()
    tab.session_runs.compare_button.click()
    dialog = tab.session_runs.compare_dialog
    assert dialog.isVisible() and dialog.objectName() == "compareRunsDialog"
    curves = dialog.plot.getPlotItem().listDataItems()
    assert len(curves) == 4, "training and test cost of each run"
    for run, (train_curve, test_curve) in zip(tab.session_runs.runs, zip(curves[::2], curves[1::2])):
        assert list(train_curve.getData()[1]) == run.history.train_cost
        assert list(test_curve.getData()[1]) == run.history.test_cost
    assert dialog.marked_settings() == ["Hidden layers", "Optimiser", "Learning rate"]
    assert dialog.table.horizontalHeaderItem(2).text() == "Run 2"
    tab.session_runs.run_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert not tab.session_runs.compare_button.isEnabled()
    assert tab.session_runs.checked_runs() == [tab.session_runs.runs[1]]
    dialog.close()
    window = tab.window()
    window.state.mark_saved(None)
