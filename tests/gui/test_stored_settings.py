"""The settings file, whatever is in it or in its place: the window opens within 5 s with its defaults and a
dialog the user can read in their language; what was there is moved aside whole, and nothing is ever
written through a link or onto a device."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from datetime import date

from PySide6.QtCore import QLocale

import pytest

from core.learning.settings import TrainingSettings
from gui.main_window import MainWindow
from gui.stored_settings import LANGUAGE_KEY, SETTINGS_KEY, SessionSettings, app_settings, settings_file
from gui.translation import apply_language
from tests.core.samples import ROOT
from tests.gui.conftest import shown
from tests.gui.test_user_files import read_only, snapshot

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files: links, pipes, devices")


@pytest.fixture(autouse=True)
def english_and_no_traceback(capfd):
    yield
    apply_language("en")
    QLocale.setDefault(QLocale.c())
    SessionSettings.values.clear()
    assert "Traceback" not in capfd.readouterr().err


def open_window(qtbot, monkeypatch, language: str = "en") -> MainWindow:
    monkeypatch.setenv("LANG", "es_MX.UTF-8" if language == "es" else "C.UTF-8")
    started = time.perf_counter()
    window = shown(qtbot, MainWindow())
    assert time.perf_counter() - started < 5.0, "the window opens in bounded time"
    qtbot.wait(10)
    return window


def store_training_settings(value) -> None:
    stored = app_settings()
    stored.setValue(SETTINGS_KEY, value)
    stored.sync()


REFUSED = {
    "deeply nested JSON": ("[" * 10_000 + "]" * 10_000, "training/settings: nests deeper than 8 levels",
                           "training/settings: se anida a más de 8 niveles"),
    "far too long": ('{"hidden": "' + "9" * 100_000 + '"}', "characters of text, more than the 65,536 expected",
                     "caracteres de texto, más de los 65,536 esperados"),
    "not JSON": ("{epochs: 3}", "training/settings: not valid JSON", "training/settings: no es JSON válido"),
    "a list, not text": (["a", "b"], "expected JSON text, found ['a', 'b']", "se esperaba texto JSON y se encontró"),
    "absurd epochs": ('{"epochs": 1000000000}', "epochs = 1000000000", "epochs = 1000000000"),
    "a negative learning rate": ('{"learning_rate": -1.0}', "learning_rate = -1.0", "learning_rate = -1.0"),
}
REFUSED_TEXTS = {"en": ("Stored settings", "The stored training settings were not usable: ",
                        "The form shows the shipped recipe."),
                 "es": ("Ajustes guardados", "Los ajustes de entrenamiento guardados no se pudieron usar: ",
                        "El formulario muestra la receta incluida.")}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("case", REFUSED)
def test_unusable_stored_training_settings_give_the_recipe_and_a_dialog_that_stays(
        qtbot, monkeypatch, error_dialogs, case, language):
    value, english, spanish = REFUSED[case]
    store_training_settings(value)
    window = open_window(qtbot, monkeypatch, language)
    title, problem, advice = REFUSED_TEXTS[language]
    (shown_title, shown_problem, shown_advice), = error_dialogs
    assert (shown_title, shown_advice) == (title, advice) and shown_problem.startswith(problem)
    assert (english if language == "en" else spanish) in shown_problem
    assert window.train_tab.settings() == TrainingSettings()
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    assert error_dialogs == [(shown_title, shown_problem, shown_advice)], "nothing replaces it: it is a dialog"


def moved_texts(language: str, path, aside) -> tuple[str, str, str]:
    if language == "es":
        return ("Ajustes guardados", f"No se pudo usar el archivo de ajustes: {path}: ",
                f"Ahora es {aside}, tal como estaba. Trazo empieza con sus ajustes incluidos.")
    return ("Stored settings", f"The settings file could not be used: {path}: ",
            f"It is now {aside}, exactly as it was. Trazo starts with its shipped settings.")


def other_settings(folder):
    """Someone else's INI file, with Spanish as its language and a window size of its own."""
    target = folder / "elsewhere.ini"
    target.write_text(f"[interface]\nlanguage=es\n\n[training]\nsettings={json.dumps(json.dumps({'epochs': 7}))}\n")
    return target


def device_node(folder):
    """A character device like /dev/null, made in the test's folder (only root can make one)."""
    if os.geteuid() != 0:
        pytest.skip("only root can make a device node")
    node = folder / "null-device"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return node


IN_ITS_PLACE = {
    "a link to a file": (lambda path, folder: path.symlink_to(other_settings(folder)),
                         ("is a link to", "es un enlace a")),
    "a link to a device": (lambda path, folder: path.symlink_to(device_node(folder)),
                           ("is a link to", "es un enlace a")),
    "a folder": (lambda path, folder: (path.mkdir(), (path / "Trazo.ini").write_text("[x]\na=1\n")),
                 ("is a folder, not a file", "es una carpeta, no un archivo")),
    "a device": (lambda path, folder: os.rename(device_node(folder), path), ("is a device", "es un dispositivo")),
    "two megabytes": (lambda path, folder: path.write_bytes(b"[x]\n" + b"a=" + b"1" * 2_000_000 + b"\n"),
                      ("has 2.0 MB; a settings file has a few kilobytes", "tiene 2.0 MB; un archivo de ajustes")),
}


@posix_only
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("kind", IN_ITS_PLACE)
def test_anything_in_the_settings_files_place_is_moved_aside_and_nothing_is_written_through_it(
        qtbot, monkeypatch, tmp_path, error_dialogs, kind, language):
    path = settings_file()
    path.parent.mkdir(parents=True)
    make, reason = IN_ITS_PLACE[kind]
    make(path, tmp_path)
    before = snapshot(path)
    targets = {target: snapshot(target) for target in tmp_path.iterdir() if target.is_file() or target.is_char_device()}
    window = open_window(qtbot, monkeypatch, language)
    aside = path.with_name(f"Trazo.ini.damaged-{date.today().isoformat()}")
    title, problem, advice = moved_texts(language, path, aside)
    assert error_dialogs == [(title, error_dialogs[0][1], advice)]
    assert error_dialogs[0][1].startswith(problem) and reason[language == "es"] in error_dialogs[0][1]
    assert window.train_tab.settings() == TrainingSettings() and snapshot(aside) == before
    window.set_language("es" if language == "en" else "en")
    window.close()
    assert path.is_file() and not path.is_symlink() and app_settings().value(LANGUAGE_KEY) in ("en", "es")
    assert {target: snapshot(target) for target in targets} == targets, "nothing written through a link"


PIPE_SCRIPT = """
import sys, time
import numpy as np
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
application = QApplication([])
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[1])
from gui import dialogs, user_files
user_files.user_folder = lambda: Path(sys.argv[2])
dialogs.show_error = lambda parent, title, problem, advice: print("dialog:", title, "|", problem, "|", advice)
from gui.main_window import MainWindow
started = time.perf_counter()
window = MainWindow()
window.show()
print(f"opened in {time.perf_counter() - started:.1f} s", flush=True)

def add_and_close():
    panel = window.draw_tab.teach_panel
    panel.current_input = lambda: np.eye(1, 784, 300, dtype=np.float32)[0]
    panel.add(3)
    print("digits:", len(panel.collection), flush=True)
    window.set_language("es")      # QSettings writes, taking its lock
    window.close()

QTimer.singleShot(100, add_and_close)
sys.exit(application.exec())
"""
PIPES = {
    "the settings file": (lambda settings, user: settings, {
        "en": "dialog: Stored settings | The settings file could not be used: {path}: is a named pipe (FIFO), not a "
              "file | It is now {aside}, exactly as it was. Trazo starts with its shipped settings.",
        "es": "dialog: Ajustes guardados | No se pudo usar el archivo de ajustes: {path}: es una tubería con nombre "
              "(FIFO), no un archivo | Ahora es {aside}, tal como estaba. Trazo empieza con sus ajustes incluidos."}),
    "the settings file's lock": (lambda settings, user: settings.with_name("Trazo.ini.lock"), {}),
    "the user folder's lock": (lambda settings, user: user / ".trazo.lock", {}),
}


@posix_only
@pytest.mark.parametrize("where, language", [("the settings file", "en"), ("the settings file", "es"),
                                             ("the settings file's lock", "en"), ("the user folder's lock", "en")])
def test_a_named_pipe_in_place_of_any_of_trazos_files_never_hangs_it(tmp_path, private_settings, where, language):
    """In a process of its own, which must end: a pipe would make Qt wait for a writer forever."""
    user = tmp_path / "user"
    user.mkdir(exist_ok=True)
    place, texts = PIPES[where]
    pipe = place(settings_file(), user)
    pipe.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(pipe)
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="es_MX.UTF-8" if language == "es" else "C.UTF-8")
    result = subprocess.run([sys.executable, "-c", PIPE_SCRIPT, str(private_settings), str(user)],
                            capture_output=True, text=True, timeout=60, cwd=ROOT, env=environment)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    seconds = float(result.stdout.split("opened in ")[1].split(" s")[0])
    aside = pipe.with_name(f"{pipe.name}.damaged-{date.today().isoformat()}")
    assert seconds < 5.0 and "digits: 1" in result.stdout and stat.S_ISFIFO(os.lstat(aside).st_mode)
    dialogs = [line for line in result.stdout.splitlines() if line.startswith("dialog:")]
    assert dialogs == ([texts[language].format(path=pipe, aside=aside)] if texts else [])
    assert settings_file().is_file() and "language=es" in settings_file().read_text()


@posix_only
@pytest.mark.parametrize("language, texts", [
    ("en", ("Stored settings", "The settings file could not be used: {folder}: is not a folder",
            "Trazo starts with its shipped settings, and keeps the choices of this session until it closes.")),
    ("es", ("Ajustes guardados", "No se pudo usar el archivo de ajustes: {folder}: no es una carpeta",
            "Trazo empieza con sus ajustes incluidos y conserva lo que elija en esta sesión hasta que se cierre."))])
def test_a_file_in_place_of_the_settings_folder_keeps_this_sessions_choices_only(
        qtbot, monkeypatch, error_dialogs, language, texts):
    folder = settings_file().parent
    folder.parent.mkdir(parents=True)
    folder.write_bytes(b"not a folder")
    window = open_window(qtbot, monkeypatch, language)
    title, problem, advice = texts
    assert error_dialogs == [(title, problem.format(folder=folder), advice)]
    window.set_language("en" if language == "es" else "es")
    assert app_settings().value(LANGUAGE_KEY) == ("en" if language == "es" else "es"), "kept for this session"
    window.close()
    assert folder.read_bytes() == b"not a folder"


@posix_only
def test_a_settings_file_that_cannot_be_moved_aside_stays_untouched(qtbot, monkeypatch, error_dialogs):
    path = settings_file()
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    with read_only(path.parent):
        window = open_window(qtbot, monkeypatch)
        window.close()
    (title, problem, advice), = error_dialogs
    assert title == "Stored settings" and "is a named pipe (FIFO), not a file; it stays as it is (" in problem
    assert advice.startswith("Trazo starts with its shipped settings") and stat.S_ISFIFO(os.lstat(path).st_mode)


@pytest.mark.parametrize("content", [
    bytes(range(256)) * 8,
    b"[interface]\nlanguage=@ByteArray(\xff\xfe)\n[window]\ngeometry=@ByteArray(\x00\x01garbage)\n",
    b"[interface]\nlanguage=@Variant(\x00\x00\x00\x7f\x00\x00\x00\x00)\n[training]\nsettings=@Invalid()\n",
])
def test_garbage_in_a_settings_file_leaves_the_defaults(qtbot, monkeypatch, error_dialogs, content):
    path = settings_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    window = open_window(qtbot, monkeypatch)
    assert window.train_tab.settings() == TrainingSettings() and window.tabs.tabText(0) == "&Train"
    assert all(title == "Stored settings" for title, _, _ in error_dialogs)
    window.close()
    assert path.is_file() and not path.is_symlink()
