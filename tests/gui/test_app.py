"""`python main.py` with and without a display."""

import os
import subprocess
import sys

import pytest

from gui import app
from tests.core.samples import ROOT


def run_main(env, *args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env=env)


def environment_without_display():
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return env


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the display check is for Linux")
def test_without_a_display_main_says_what_to_do_and_exits_non_zero():
    result = run_main(environment_without_display())
    assert result.returncode == app.EXIT_NO_DISPLAY != 0
    assert "QT_QPA_PLATFORM=offscreen python main.py" in result.stderr
    assert "python main.py test" in result.stderr
    assert "Aborted" not in result.stderr and "could not connect to display" not in result.stderr


@pytest.mark.parametrize("variable", ["DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"])
def test_any_display_setting_lets_qt_try(monkeypatch, variable):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert app.missing_display_message() is not None
    monkeypatch.setenv(variable, ":0" if variable != "QT_QPA_PLATFORM" else "offscreen")
    assert app.missing_display_message() is None


def test_main_opens_the_window_offscreen_and_runs_until_it_closes(tmp_path):
    """The app command builds the window on the shipped files; a timer closes it so the test ends."""
    script = (
        "import sys, main\n"
        "from PySide6.QtCore import QSettings, QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "application = QApplication([])  # first, so the timer below has an event loop to run in\n"
        f"QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, {str(tmp_path)!r})\n"
        "def close():\n"
        "    windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == 'mainWindow']\n"
        "    print('title:', windows[0].windowTitle(), 'tabs:', windows[0].tabs.count())\n"
        "    windows[0].close()\n"
        "QTimer.singleShot(500, close)\n"
        "sys.exit(main.main([]))\n"
    )
    env = dict(environment_without_display(), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30, cwd=ROOT,
                            env=env)
    assert result.returncode == 0, result.stderr
    assert "title: model.npz[*] - Trazo tabs: 4" in result.stdout
