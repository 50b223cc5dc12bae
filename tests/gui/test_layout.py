"""No two widgets overlap and nothing is cut, on every tab, at a laptop screen's first window and at the
window's minimum size, in both languages (tools/layout_check.py, offscreen: no window manager's frame; CI
runs the same tool under Xvfb with a window manager for the frame). Also with what a session adds: runs
in the Train tab's list, captions in the Test tab's grid of mistakes."""

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSize

import pytest

from gui.window_placement import MINIMUM_SIZE
from tests.gui.conftest import QUICK_RUN
from tools.layout_check import MAXIMUM_MINIMUM, problems

ROOT = Path(__file__).resolve().parents[2]


def layout_check(tmp_path, width: int, height: int, language: str, *options: str) -> dict:
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    environment = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}")
    result = subprocess.run([sys.executable, "tools/layout_check.py", "--json", "--lang", language, *options],
                            capture_output=True, text=True, cwd=ROOT, env=environment, timeout=300)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("width, height, language", [(1280, 720, "es"), (1366, 768, "en"), (1024, 768, "es")])
def test_no_widget_overlaps_or_is_cut_at_the_first_size_and_the_minimum(tmp_path, width, height, language):
    checked = layout_check(tmp_path, width, height, language)
    assert checked["findings"] == [], "\n".join(checked["findings"])
    minimum = [int(side) for side in checked["summary"]["minimum"].split("x")]
    assert minimum[0] <= MAXIMUM_MINIMUM[0] and minimum[1] <= MAXIMUM_MINIMUM[1]
    first = [int(side) for side in checked["summary"]["first_frame"].split("+")[0].split("x")]
    assert first[0] <= width and first[1] <= height


@pytest.mark.parametrize("language, options", [("es", ("--zoom", "150")), ("en", ("--zoom", "150", "--full-screen"))])
def test_nothing_is_cut_zoomed_to_150_or_in_full_screen_at_1024x768(tmp_path, language, options):
    checked = layout_check(tmp_path, 1024, 768, language, *options)
    assert checked["findings"] == [], "\n".join(checked["findings"])


def test_the_check_finds_an_overlap_and_a_cut_text(window, qtbot):
    from PySide6.QtWidgets import QLabel

    window.show()
    page = window.test_tab
    window.tabs.setCurrentWidget(page)
    intruder = QLabel("A label much wider than the room it is given", page)
    intruder.setGeometry(page.run_button.geometry())
    intruder.setObjectName("intruder")
    intruder.show()
    found = problems(window)
    assert any("intruder" in problem and "overlap" in problem for problem in found), found
    assert any("intruder" in problem and "cuts its text" in problem for problem in found), found
    intruder.deleteLater()


@pytest.mark.parametrize("size", [QSize(1180, 660), QSize(*MINIMUM_SIZE)])
def test_runs_and_mistakes_fit_their_lists(window, qtbot, size):
    window.show()
    train = window.train_tab
    for hidden in ((32,), (24, 16)):
        train.set_settings(dataclasses.replace(QUICK_RUN, hidden=hidden, epochs=2))
        train.train_button.click()
        qtbot.waitUntil(lambda: not train.is_training(), timeout=30_000)
    window.state.mark_saved(None)
    window.resize(size)
    window.tabs.setCurrentWidget(train)
    qtbot.wait(100)
    assert train.session_runs.run_list.count() == 2
    assert problems(window) == []
    test = window.test_tab
    window.tabs.setCurrentWidget(test)
    test.run_test()
    qtbot.waitUntil(lambda: test.evaluation is not None)
    widest = "8 → 3 (100%)"       # the widest caption a mistake can have
    test.grid.item(0).setText(widest)
    qtbot.wait(100)
    assert problems(window) == []
