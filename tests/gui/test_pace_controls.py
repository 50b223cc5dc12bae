"""Watching a run in class, with real runs: a slower pace, Pause with no new epoch while paused, Step for
exactly one more (the plots and the Inside tab following it), Resume to the end, Stop while paused, and a
window closed while paused that stops and joins the run."""

import dataclasses
import time

from PySide6.QtCore import Qt

import pytest

from core.services.pacing import FULL_SPEED
from gui.pace_controls import PACES
from tests.gui.conftest import QUICK_RUN
from tests.gui.test_main_window import answer_the_box

LONG_RUN = dataclasses.replace(QUICK_RUN, epochs=40)
QUIET_MS = 800      # several epochs of LONG_RUN at full speed


def epochs_shown(window) -> int:
    return len(window.train_tab.plots.shown_history())


def choose_pace(window, rate: float) -> None:
    window.train_tab.pace.pace_choice.setCurrentIndex(PACES.index(rate))


def paused_run(window, qtbot) -> int:
    """LONG_RUN started at 2 epochs a second, then paused: the epochs it shows once it has settled."""
    tab = window.train_tab
    choose_pace(window, 2.0)
    tab.set_settings(LONG_RUN)
    tab.train_button.click()
    qtbot.waitUntil(lambda: epochs_shown(window) >= 1, timeout=20_000)
    tab.pace.pause_button.click()
    assert tab.pace.is_paused() and tab.pace.pause_button.text() == "Resume"
    assert tab.pace.step_button.isEnabled() and "Paused" in tab.pace.paused_note.text()
    settled = -1
    while settled != epochs_shown(window):      # the epoch under way when Pause was pressed may still come
        settled = epochs_shown(window)
        qtbot.wait(QUIET_MS)
    return settled


def test_a_slower_pace_spaces_the_epochs_out(window, qtbot):
    choose_pace(window, 5.0)
    window.train_tab.set_settings(dataclasses.replace(QUICK_RUN, epochs=6))
    started = time.monotonic()
    window.train_tab.train_button.click()
    qtbot.waitUntil(lambda: not window.train_tab.is_training(), timeout=20_000)
    assert time.monotonic() - started >= 5 / 5 - 0.05, "6 epochs at 5 a second: at least a second"
    assert epochs_shown(window) == 6
    assert window.train_tab.pace.pace_choice.currentData() == 5.0, "the pace chosen stays for the next run"
    window.state.mark_saved(None)


def test_pause_holds_step_gives_one_epoch_and_resume_finishes(window, qtbot):
    tab, inside = window.train_tab, window.inside_tab
    paused_at = paused_run(window, qtbot)
    assert paused_at < LONG_RUN.epochs
    qtbot.wait(QUIET_MS)
    assert epochs_shown(window) == paused_at, "no new epoch while paused"
    assert tab.is_training()
    tab.pace.step_button.click()
    qtbot.waitUntil(lambda: epochs_shown(window) == paused_at + 1, timeout=10_000)
    qtbot.wait(QUIET_MS)
    assert epochs_shown(window) == paused_at + 1, "a step is exactly one epoch"
    assert tab.progress.value() == paused_at + 1
    assert len(inside.gradient_norms()) == paused_at + 1, "the Inside tab has the step's snapshot"
    assert tab.pace.is_paused(), "it waits again"
    choose_pace(window, FULL_SPEED)
    tab.pace.pause_button.click()
    assert not tab.pace.is_paused() and tab.pace.pause_button.text() == "Pause"
    qtbot.waitUntil(lambda: not tab.is_training(), timeout=20_000)
    assert epochs_shown(window) == LONG_RUN.epochs
    assert window.state.model.history.train_cost == tab.plots.shown_history().train_cost
    assert not tab.pace.pause_button.isEnabled() and not tab.pace.step_button.isEnabled()
    window.state.mark_saved(None)


def test_stop_while_paused_ends_the_run_with_its_epochs(window, qtbot):
    tab = window.train_tab
    paused_at = paused_run(window, qtbot)
    tab.stop_button.click()
    qtbot.waitUntil(lambda: not tab.is_training(), timeout=10_000)
    assert len(window.state.model.history) == paused_at
    assert f"Stopped after {paused_at} epoch" in tab.epoch_figures.text()
    window.state.mark_saved(None)


def test_shutting_down_while_paused_stops_and_joins_the_child(window, qtbot):
    tab = window.train_tab
    paused_run(window, qtbot)
    child = tab.worker.child.process
    started = time.monotonic()
    tab.shutdown()
    assert time.monotonic() - started < 5, "the stop ended the pause at once"
    assert not tab.is_training() and child.exitcode is not None


def test_closing_the_window_while_paused_stops_the_run_and_closes(window, qtbot, unsaved_question):
    paused_run(window, qtbot)
    child = window.train_tab.worker.child.process
    seen = []
    answer_the_box(qtbot, "Stop and quit", seen)
    unsaved_question.answers.append("discard")
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert "still training" in seen[0]
    assert child.exitcode is not None


@pytest.mark.parametrize("key, paused", [(Qt.Key.Key_F6, True), (Qt.Key.Key_F7, False)])
def test_f6_pauses_and_f7_steps_from_a_text_field(window, qtbot, key, paused):
    paused_at = paused_run(window, qtbot) if not paused else None
    tab = window.train_tab
    if paused:
        choose_pace(window, 1.0)
        tab.set_settings(LONG_RUN)
        tab.train_button.click()
        qtbot.waitUntil(lambda: epochs_shown(window) >= 1, timeout=20_000)
    field = tab.form.widgets["hidden"]
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, key)
    if paused:
        assert tab.pace.is_paused()
    else:
        qtbot.waitUntil(lambda: epochs_shown(window) == paused_at + 1, timeout=10_000)
    tab.stop_training()
    qtbot.waitUntil(lambda: not tab.is_training(), timeout=10_000)
    window.state.mark_saved(None)
