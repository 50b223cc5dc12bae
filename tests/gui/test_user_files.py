"""The user's own files, whatever is found in their place: the window opens within 5 s, a file that cannot be
read is moved aside whole and the user told in their language what was wrong and where it went, the
feature starts clean, and a folder that cannot be written turns off what needs it and says why."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from PySide6.QtCore import QLocale, QStandardPaths
from PySide6.QtWidgets import QPushButton

import numpy as np
import pytest

from core.learning.model_io import load_model
from core.services import teach as teach_module
from core.services.collection import Collection, as_kept, load_collection, save_collection
from gui import user_files
from gui.main_window import MainWindow
from gui.translation import apply_language
from gui.user_files import COLLECTION_NAME, TAUGHT_READER_NAME
from tests.core.samples import DRAW_MODEL_FILE, good_row, write_rows
from tests.gui.conftest import shown

REAL_USER_FOLDER = user_files.user_folder    # before the autouse fixture puts the test's folder in its place
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files: links, pipes, modes")


@pytest.fixture(autouse=True)
def english_and_no_traceback(capfd):
    yield
    apply_language("en")
    QLocale.setDefault(QLocale.c())
    assert "Traceback" not in capfd.readouterr().err


def open_window(qtbot, monkeypatch, language: str = "en") -> MainWindow:
    """A window opened in `language`, which must be up within 5 s, its startup dialogs shown."""
    monkeypatch.setenv("LANG", "es_MX.UTF-8" if language == "es" else "C.UTF-8")
    started = time.perf_counter()
    window = shown(qtbot, MainWindow())
    assert time.perf_counter() - started < 5.0, "the window opens in bounded time"
    qtbot.wait(10)   # the startup problems are shown once the event loop runs
    return window


def in_language(reason: str | tuple[str, str], language: str) -> str:
    """A reason the same in both languages, or its (English, Spanish) pair."""
    return reason if isinstance(reason, str) else reason[language == "es"]


def aside_of(path: Path) -> Path:
    return path.with_name(f"{path.name}.damaged-{date.today().isoformat()}")


def drawing(seed: int) -> np.ndarray:
    pixels = np.zeros(784, dtype=np.float32)
    pixels[np.random.default_rng(seed).choice(784, 40, replace=False)] = 1.0
    return pixels


def add(panel, digit: int, seed: int) -> None:
    panel.current_input = lambda: drawing(seed)
    panel.add(digit)


@contextmanager
def read_only(folder: Path):
    """`folder` where nothing can be made, renamed or removed (for root too: it is made immutable)."""
    folder.chmod(0o555)
    immutable = os.geteuid() == 0 and subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    try:
        if user_files.folder_problem(folder) == "":
            pytest.skip("this system lets this user write in any folder")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def app_data_location() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def snapshot(path: Path):
    """What must survive of `path`: its kind and identity, its bytes or link or listing."""
    status = os.lstat(path)
    if path.is_symlink():
        content = os.readlink(path)
    elif path.is_dir():
        content = sorted((entry.name, entry.read_bytes()) for entry in path.iterdir())
    elif path.is_file() and status.st_size < 10**6:
        content = path.read_bytes()
    else:
        content = None
    return status.st_mode, status.st_ino, status.st_size, content


def sparse(path: Path, size: int) -> None:
    with open(path, "wb") as stream:
        stream.write((",".join(good_row()) + "\n").encode())
        stream.truncate(size)


OTHER_FILE = b"0,0,3\nsomeone's notes, not digits\n"
DAMAGED_COLLECTIONS = {
    "truncated": (lambda path: path.write_text(",".join(good_row()) + "\n" + ",".join(good_row()[:300])),
                  ("line 2: 300 values", "línea 2: 300 valores")),
    "label 11": (lambda path: write_rows(path, [good_row(label=11)]), ("the label is 11", "la etiqueta es 11")),
    "label -1": (lambda path: write_rows(path, [good_row(label=-1)]), ("the label is -1", "la etiqueta es -1")),
    "NaN pixels": (lambda path: write_rows(path, [good_row()[:5] + ["NaN"] + good_row()[6:]]),
                   ("value 6 is 'NaN'", "el valor 6 es 'NaN'")),
    "binary garbage": (lambda path: path.write_bytes(os.urandom(3000)), f"{COLLECTION_NAME}"),
    "a million rows": (lambda path: sparse(path, 1_000_000 * 1571), "1,571 MB"),
    "a link to another file": (lambda path: path.symlink_to(path.parent.parent / "notes.txt"),
                               ("is a link to", "es un enlace a")),
    "a link to a device": (lambda path: path.symlink_to("/dev/zero"),
                           ("is a link to /dev/zero, not a file of its own", "es un enlace a /dev/zero, no un archivo "
                                                                             "propio")),
    "a folder": (lambda path: (path.mkdir(), (path / "inside.txt").write_text("kept")),
                 ("is a folder, not a file", "es una carpeta, no un archivo")),
    "a named pipe": (lambda path: os.mkfifo(path), ("is a named pipe (FIFO), not a file", "es una tubería")),
}
COLLECTION_TEXTS = {
    "en": ("Your digits", "Your digits could not be read: ", "The file is now {aside}, exactly as it was. Your next "
                                                             "digits go to a new my-digits.txt."),
    "es": ("Sus dígitos", "No se pudieron leer sus dígitos: ", "El archivo ahora es {aside}, tal como estaba. Sus "
                                                               "próximos dígitos van a un my-digits.txt nuevo."),
}


@posix_only
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("kind", DAMAGED_COLLECTIONS)
def test_a_damaged_collection_is_moved_aside_whole_said_and_the_digits_start_clean(
        qtbot, monkeypatch, private_user_folder, error_dialogs, tmp_path, kind, language):
    (tmp_path / "notes.txt").write_bytes(OTHER_FILE)
    path = private_user_folder / COLLECTION_NAME
    make, reason = DAMAGED_COLLECTIONS[kind]
    make(path)
    before = snapshot(path)
    window = open_window(qtbot, monkeypatch, language)
    title, problem, advice = COLLECTION_TEXTS[language]
    aside = aside_of(path)
    assert error_dialogs == [(title, error_dialogs[0][1], advice.format(aside=aside))]
    assert error_dialogs[0][1].startswith(problem + str(path)) and in_language(reason, language) in error_dialogs[0][1]
    assert snapshot(aside) == before and (tmp_path / "notes.txt").read_bytes() == OTHER_FILE
    panel = window.draw_tab.teach_panel
    assert len(panel.collection) == 0 and panel.findChild(QPushButton, "labelButton4").isEnabled()
    add(panel, 4, seed=1)
    assert list(load_collection(path).labels) == [4] and snapshot(aside) == before


@posix_only
def test_an_aside_name_already_taken_is_never_overwritten(qtbot, monkeypatch, private_user_folder, error_dialogs):
    path = private_user_folder / COLLECTION_NAME
    aside_of(path).write_bytes(b"yesterday's damaged digits")
    path.write_bytes(b"today's damaged digits")
    open_window(qtbot, monkeypatch)
    second = aside_of(path).with_name(aside_of(path).name + "-2")
    assert aside_of(path).read_bytes() == b"yesterday's damaged digits"
    assert second.read_bytes() == b"today's damaged digits"
    assert str(second) in error_dialogs[0][2]


def test_a_good_collection_opens_with_no_dialog(qtbot, monkeypatch, private_user_folder, error_dialogs):
    kept = Collection(as_kept(np.stack([drawing(1), drawing(2)])), np.array([1, 2]))
    save_collection(kept, private_user_folder / COLLECTION_NAME)
    before = (private_user_folder / COLLECTION_NAME).read_bytes()
    window = open_window(qtbot, monkeypatch)
    assert error_dialogs == [] and list(window.draw_tab.teach_panel.collection.labels) == [1, 2]
    assert (private_user_folder / COLLECTION_NAME).read_bytes() == before


DAMAGED_READERS = {
    "truncated": (lambda path: path.write_bytes(DRAW_MODEL_FILE.read_bytes()[:5000]), "taught-reader.npz"),
    "garbage": (lambda path: path.write_bytes(b"PK\x03\x04" + os.urandom(500)), "taught-reader.npz"),
    "a folder": (lambda path: path.mkdir(), ("is a folder, not a file", "es una carpeta, no un archivo")),
    "a link to the shipped reader": (lambda path: path.symlink_to(DRAW_MODEL_FILE),
                                     ("is a link to", "es un enlace a")),
    "a named pipe": (lambda path: os.mkfifo(path), ("is a named pipe (FIFO), not a file", "es una tubería")),
}
READER_TEXTS = {
    "en": ("Your taught reader", "The reader taught on your digits could not be read: ",
           "The file is now {aside}, exactly as it was. The shipped reader reads your drawings; press Teach to teach "
           "it your digits again."),
    "es": ("Su lector enseñado", "No se pudo leer el lector enseñado con sus dígitos: ",
           "El archivo ahora es {aside}, tal como estaba. El lector incluido lee sus dibujos; pulse Enseñar para "
           "volver a enseñarle sus dígitos."),
}


@posix_only
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("kind", DAMAGED_READERS)
def test_a_damaged_taught_reader_is_moved_aside_and_the_shipped_reader_reads(
        qtbot, monkeypatch, private_user_folder, error_dialogs, kind, language):
    path = private_user_folder / TAUGHT_READER_NAME
    make, reason = DAMAGED_READERS[kind]
    make(path)
    before = snapshot(path)
    shipped = DRAW_MODEL_FILE.read_bytes()
    window = open_window(qtbot, monkeypatch, language)
    title, problem, advice = READER_TEXTS[language]
    assert error_dialogs == [(title, error_dialogs[0][1], advice.format(aside=aside_of(path)))]
    assert error_dialogs[0][1].startswith(problem + str(path)) and in_language(reason, language) in error_dialogs[0][1]
    assert snapshot(aside_of(path)) == before and DRAW_MODEL_FILE.read_bytes() == shipped
    assert window.state.draw_model_path == DRAW_MODEL_FILE and window.draw_tab.reader() is window.state.draw_model
    assert not os.path.lexists(path), "no damaged reader is read again at the next start"


@posix_only
def test_after_a_damaged_reader_teach_works_and_writes_a_new_one_beside_it(
        qtbot, monkeypatch, private_user_folder, error_dialogs):
    monkeypatch.setattr(teach_module, "EPOCHS", 1)
    path = private_user_folder / TAUGHT_READER_NAME
    path.write_bytes(b"not a model")
    window = open_window(qtbot, monkeypatch)
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    panel = window.draw_tab.teach_panel
    add(panel, 1, seed=1)
    path.mkdir()            # while the window runs, a folder takes the taught reader's place
    assert panel.teach_button.isEnabled() and not panel.revert_button.isEnabled()
    panel.start_teaching()
    qtbot.waitUntil(lambda: not panel.is_teaching(), timeout=180_000)
    assert load_model(path).provenance.taught_digits == 1 and window.state.draw_model_path == path
    assert aside_of(path).read_bytes() == b"not a model" and aside_of(path).with_name(
        aside_of(path).name + "-2").is_dir()
    assert [dialog[0] for dialog in error_dialogs] == ["Your taught reader", "Your taught reader"]
    assert panel.revert_button.isEnabled()


@posix_only
def test_a_collection_damaged_while_the_window_runs_is_moved_aside_at_the_next_change(
        qtbot, monkeypatch, private_user_folder, error_dialogs):
    window = open_window(qtbot, monkeypatch)
    panel = window.draw_tab.teach_panel
    add(panel, 2, seed=1)
    path = private_user_folder / COLLECTION_NAME
    path.write_bytes(b"\x00\x01 another program wrote this")
    add(panel, 3, seed=2)
    assert aside_of(path).read_bytes() == b"\x00\x01 another program wrote this"
    assert list(load_collection(path).labels) == [3] and error_dialogs[0][0] == "Your digits"


FOLDER_TEXTS = {
    "en": "Your digits cannot be kept: the folder {folder} cannot be {made} ({reason}). Adding, changing and teaching "
          "digits are off; exporting them still works.",
    "es": "Sus dígitos no se pueden guardar: no se puede {made} la carpeta {folder} ({reason}). Agregar, cambiar y "
          "enseñar dígitos está desactivado; exportarlos todavía funciona.",
}


def assert_changes_are_off(panel, folder: Path, made: str, reason: str, language: str) -> None:
    words = {"en": {"made": "made", "written": "written"}, "es": {"made": "crear", "written": "escribir en"}}
    message = FOLDER_TEXTS[language].format(folder=folder, made=words[language][made], reason=reason)
    assert panel.message.text() == message
    assert not any(button.isEnabled() for button in panel.label_buttons)
    assert not panel.teach_button.isEnabled() and not panel.revert_button.isEnabled()


@posix_only
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_data_folder_that_cannot_be_made_turns_the_digits_off_and_says_why(
        qtbot, monkeypatch, tmp_path, error_dialogs, language):
    monkeypatch.setattr(user_files, "user_folder", REAL_USER_FOLDER)
    (tmp_path / "a-file").write_text("XDG_DATA_HOME points here")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "a-file"))
    window = open_window(qtbot, monkeypatch, language)
    folder = app_data_location()
    assert error_dialogs == [] and (tmp_path / "a-file").read_text() == "XDG_DATA_HOME points here"
    panel = window.draw_tab.teach_panel
    assert_changes_are_off(panel, folder, "made", "Not a directory", language)
    add(panel, 5, seed=1)
    assert len(panel.collection) == 0 and window.state.draw_model_path == DRAW_MODEL_FILE


@posix_only
def test_a_read_only_home_turns_the_digits_off_and_says_why(qtbot, monkeypatch, tmp_path, error_dialogs):
    monkeypatch.setattr(user_files, "user_folder", REAL_USER_FOLDER)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    with read_only(home):
        window = open_window(qtbot, monkeypatch)
        reason = user_files.folder_problem(home).rsplit("(", 1)[1].rstrip(")")
        folder = app_data_location()
        assert_changes_are_off(window.draw_tab.teach_panel, folder, "made", reason, "en")
    assert error_dialogs == [] and list(home.iterdir()) == []


@posix_only
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_read_only_folder_shows_the_digits_lets_them_be_exported_and_changes_nothing(
        qtbot, monkeypatch, private_user_folder, tmp_path, error_dialogs, language):
    kept = Collection(as_kept(np.stack([drawing(1), drawing(2)])), np.array([1, 2]))
    save_collection(kept, private_user_folder / COLLECTION_NAME)
    before = (private_user_folder / COLLECTION_NAME).read_bytes()
    with read_only(private_user_folder):
        window = open_window(qtbot, monkeypatch, language)
        panel = window.draw_tab.teach_panel
        reason = user_files.folder_problem(private_user_folder).rsplit("(", 1)[1].rstrip(")")
        assert_changes_are_off(panel, private_user_folder, "written", reason, language)
        assert list(panel.collection.labels) == [1, 2] and panel.export_button.isEnabled()
        assert panel.export(tmp_path / "exported.txt") and (tmp_path / "exported.txt").read_bytes() == before
    assert (private_user_folder / COLLECTION_NAME).read_bytes() == before and error_dialogs == []


@posix_only
def test_a_damaged_collection_in_a_read_only_folder_stays_as_it_is_and_is_said(
        qtbot, monkeypatch, private_user_folder, error_dialogs):
    path = private_user_folder / COLLECTION_NAME
    path.write_bytes(b"3,1,4\n")
    with read_only(private_user_folder):
        window = open_window(qtbot, monkeypatch, "es")
        reason = user_files.folder_problem(private_user_folder)
    assert path.read_bytes() == b"3,1,4\n" and not os.path.lexists(aside_of(path))
    (title, problem, advice), = error_dialogs
    assert title == "Sus dígitos" and advice == "Agregar y enseñar dígitos queda desactivado."
    assert problem.startswith(f"{path}, línea 1: 3 valores") and problem.endswith(f"; se queda como está ({reason})")
    assert not window.draw_tab.teach_panel.findChild(QPushButton, "labelButton0").isEnabled()


def install_taught_reader(folder: Path) -> Path:
    path = folder / TAUGHT_READER_NAME
    shutil.copyfile(DRAW_MODEL_FILE, path)
    return path


@posix_only
@pytest.mark.parametrize("language, texts", [
    ("en", ("Revert", "The taught reader stays, and reads at the next start too.")),
    ("es", ("Revertir", "El lector enseñado se queda, y también leerá la próxima vez que se abra Trazo."))])
def test_revert_in_a_folder_made_read_only_keeps_the_taught_reader_and_says_why(
        qtbot, monkeypatch, private_user_folder, error_dialogs, language, texts):
    path = install_taught_reader(private_user_folder)
    before = path.read_bytes()
    window = open_window(qtbot, monkeypatch, language)
    panel = window.draw_tab.teach_panel
    assert window.state.draw_model_path == path and panel.revert_button.isEnabled()
    taught = window.state.draw_model
    with read_only(private_user_folder):
        panel.revert_button.click()
        reason = user_files.folder_problem(private_user_folder)
    assert error_dialogs == [(texts[0], reason, texts[1])]
    assert window.state.draw_model is taught and window.state.draw_model_path == path and path.read_bytes() == before


@posix_only
def test_a_digit_added_in_a_folder_made_read_only_is_refused_with_the_reason(
        qtbot, monkeypatch, private_user_folder, error_dialogs):
    window = open_window(qtbot, monkeypatch)
    panel = window.draw_tab.teach_panel
    add(panel, 6, seed=1)
    before = (private_user_folder / COLLECTION_NAME).read_bytes()
    with read_only(private_user_folder):
        add(panel, 7, seed=2)
        reason = user_files.folder_problem(private_user_folder)
    assert error_dialogs == [("Your digits", reason, "The change was not kept.")]
    assert (private_user_folder / COLLECTION_NAME).read_bytes() == before and list(panel.collection.labels) == [6]


def test_a_write_that_fails_halfway_leaves_the_users_files_as_they_were(
        qtbot, monkeypatch, private_user_folder, error_dialogs):
    """Every write of the user's files goes through the atomic writer: the old file stays whole."""
    from core.base import files

    monkeypatch.setattr(teach_module, "EPOCHS", 1)
    window = open_window(qtbot, monkeypatch)
    qtbot.waitUntil(lambda: window.state.data is not None, timeout=20_000)
    panel = window.draw_tab.teach_panel
    add(panel, 1, seed=1)
    reader = install_taught_reader(private_user_folder)
    before = {path: path.read_bytes() for path in (private_user_folder / COLLECTION_NAME, reader)}

    def no_room(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", no_room)
    add(panel, 2, seed=2)
    panel.start_teaching()
    qtbot.waitUntil(lambda: not panel.is_teaching(), timeout=180_000)
    assert [(title, "the disk is full" in problem) for title, problem, _ in error_dialogs] == [
        ("Your digits", True), ("Teach", True)]
    assert {path: path.read_bytes() for path in before} == before and list(panel.collection.labels) == [1]
    assert sorted(path.name for path in private_user_folder.iterdir()) == [COLLECTION_NAME, TAUGHT_READER_NAME]
