"""The package: one set of pins, a wheel that installs and runs from any folder, one version everywhere."""

from __future__ import annotations

import os
import re
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from core.base.version import version
from tests.core.samples import ROOT
from tools.check_wheel import build_wheel, scripts

pytestmark = pytest.mark.xdist_group("wheel")    # one worker builds and installs the wheel, once


def requirements(name: str) -> set[str]:
    """The pins of a requirements file, its -r includes followed, written the same way."""
    pins = set()
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            pins |= requirements(line[3:].strip())
        elif line:
            pins.add(str(Requirement(line)))
    return pins


def pyproject() -> str:
    return (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def optional(extra: str) -> set[str]:
    listed = re.search(rf"^{extra} = \[(.*?)\]", pyproject(), re.M | re.S).group(1)
    return {str(Requirement(pin)) for pin in re.findall(r'"([^"]+)"', listed)}


def test_requirements_and_pyproject_agree():
    assert 'dependencies = {file = ["requirements.txt"]}' in pyproject(), "the runtime pins come from one file"
    runtime = requirements("requirements.txt")
    assert optional("dev") == requirements("requirements-dev.txt") - runtime
    assert optional("bench") == requirements("requirements-bench.txt") - runtime
    assert re.findall(r'^version = "([^"]+)"', pyproject(), re.M) == [version()], "the one place of the version"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel, installed in a venv outside the checkout (its dependencies borrowed from this one)."""
    folder = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(folder)
    environment = folder / "venv"
    venv.create(environment)    # no pip of its own: this one's installs into it (pip --python)
    borrow_dependencies(environment)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(scripts(environment) / "python"), "install",
                    "--quiet", "--no-deps", str(wheel)], check=True, timeout=300)
    return environment, wheel


def borrow_dependencies(environment) -> None:
    """Let the new venv import this one's packages (NumPy, PySide6, ...) after its own, by a .pth file."""
    site_packages = subprocess.run([str(scripts(environment) / "python"), "-c",
                                    "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                   capture_output=True, text=True, check=True).stdout.strip()
    ours = [path for path in site.getsitepackages() if "site-packages" in path]
    (Path(site_packages) / "borrowed-dependencies.pth").write_text("\n".join(ours) + "\n")


def trazo(environment, *args, cwd):
    return subprocess.run([str(scripts(environment) / "trazo"), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_the_wheel_holds_one_package_with_its_data(installed):
    import zipfile

    _, wheel = installed
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.startswith("trazo-")}
    assert tops == {"trazo"}, "nothing but trazo/ in site-packages"
    assert f"trazo-{version()}.dist-info/licenses/LICENSE" in names, "the licence travels with the code"
    for data in ("trazo/resources/mnist.txt", "trazo/resources/model.npz", "trazo/resources/draw-model.npz",
                 "trazo/resources/locale/es/LC_MESSAGES/trazo.mo", "trazo/resources/locale/es/qt_es_MX.qm",
                 "trazo/resources/icons/trazo-256.png",
                 "trazo/resources/trazo.desktop", "trazo/report/templates/report.html.j2"):
        assert data in names, data


def test_trazo_tests_the_shipped_model_from_any_folder(installed, tmp_path):
    environment, _ = installed
    result = trazo(environment, "test", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Recognition rate: 99.00% (99/100)" in result.stdout.splitlines()
    assert "site-packages" in result.stdout.splitlines()[0], "the installed copy of the model, not the checkout's"
    spanish = trazo(environment, "test", "--lang", "es", cwd=tmp_path)
    assert "Tasa de reconocimiento: 99.00% (99/100)" in spanish.stdout.splitlines(), "its catalogues came along"


def test_trazo_version_matches_the_package_and_help_about(installed, tmp_path):
    environment, _ = installed
    result = trazo(environment, "--version", cwd=tmp_path)
    assert result.stdout.strip() == f"trazo {version()}"


def test_a_report_without_out_is_written_in_the_current_folder(installed, tmp_path):
    environment, _ = installed
    result = trazo(environment, "report", "--lang", "es", "--rows", "900:920", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "informe-model.pdf"
    assert written.read_bytes().startswith(b"%PDF") and str(written) in result.stdout


def test_the_desktop_entry_installs_into_the_users_data_folder(installed, tmp_path, monkeypatch):
    environment, _ = installed
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    result = trazo(environment, "install-desktop", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    entry = (tmp_path / "share" / "applications" / "trazo.desktop").read_text()
    assert "Icon=trazo" in entry and "@EXEC@" not in entry and "-m trazo" in entry
    assert (tmp_path / "share" / "icons" / "hicolor" / "256x256" / "apps" / "trazo.png").read_bytes()[:4] == \
        b"\x89PNG"


def test_the_checkout_entry_point_is_the_same_function():
    import main
    from trazo.launch import main as launch

    assert main.main is launch
    assert subprocess.run([sys.executable, str(ROOT / "main.py"), "--version"], capture_output=True,
                          text=True).stdout.strip() == f"trazo {version()}"


# The app started the way a user starts it (the script as __main__, which a "spawn" child imports again
# under another name), a three-epoch run by the Train button, then the window closed.
APP_TRAINS = """
import os, runpy, sys
from PySide6.QtCore import QTimer
script = sys.argv[1]
sys.argv = [script]
sys.path.insert(0, os.path.dirname(os.path.abspath(script)))   # as `python script` would
import trazo  # noqa: F401  (puts the parts on sys.path, as the script will)
from core.learning.settings import TrainingSettings
from gui.main_window import MainWindow

show = MainWindow.show

def show_then_train(window):
    show(window)
    tab = window.train_tab

    def train():
        if window.state.data is None:
            QTimer.singleShot(50, train)
            return
        tab.set_settings(TrainingSettings(hidden=(16,), epochs=3, train_rows=(0, 200), augment=False))
        tab.train_button.click()
        child = tab.worker.child     # its process starts in the worker's thread: read it at the end
        tab.trainingEnded.connect(lambda: (print("STATUS", tab.epoch_figures.text()),
                                           print("CHILD", child.process.exitcode), window.state.mark_saved(None),
                                           window.close()))

    QTimer.singleShot(0, train)

MainWindow.show = show_then_train
runpy.run_path(script, run_name="__main__")
"""


def app_trains(python, script, tmp_path):
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
                   "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    return subprocess.run([str(python), "-c", APP_TRAINS, str(script)], capture_output=True, text=True,
                          cwd=tmp_path, env=environment, timeout=300)


def test_the_app_from_main_py_trains_in_a_child_process(tmp_path):
    result = app_trains(sys.executable, ROOT / "main.py", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "STATUS Finished 3 epochs in" in result.stdout and "CHILD 0" in result.stdout, result.stdout


def test_the_installed_app_trains_in_a_child_process(installed, tmp_path):
    environment, _ = installed
    result = app_trains(scripts(environment) / "python", scripts(environment) / "trazo", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "STATUS Finished 3 epochs in" in result.stdout and "CHILD 0" in result.stdout, result.stdout
