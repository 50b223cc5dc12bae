"""Two Trazo windows, or two processes, on the same user folder: each change applies to what the file holds
at that moment, under the folder's lock, so neither loses what the other did (gui/user_files.py)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from core.learning.model_io import load_model
from core.services import teach as teach_module
from core.services.collection import load_collection
from gui.main_window import MainWindow
from gui.user_files import COLLECTION_NAME, TAUGHT_READER_NAME
from tests.core.samples import ROOT
from tests.gui.conftest import shown
from tests.gui.test_user_files import add, drawing


@pytest.fixture
def two_windows(qtbot):
    """Window A, then window B, both up before either changes anything."""
    first, second = shown(qtbot, MainWindow()), shown(qtbot, MainWindow())
    yield first.draw_tab.teach_panel, second.draw_tab.teach_panel
    for window in (first, second):
        window.draw_tab.teach_panel.shutdown()
        window.data_loading.shutdown()


def in_file(folder) -> list[tuple[int, int]]:
    """The file's digits as (which drawing, label): the drawing told by its pixels."""
    kept = load_collection(folder / COLLECTION_NAME)
    known = {tuple(np.flatnonzero(drawing(seed))): seed for seed in range(100)}
    return [(known[tuple(np.flatnonzero(pixels))], int(label))
            for pixels, label in zip(kept.pixels, kept.labels, strict=True)]


def select(panel, seed: int) -> None:
    """Select the digit drawn with `seed` in the panel's grid."""
    shown_rows = [tuple(np.flatnonzero(pixels)) for pixels in panel.collection.pixels]
    panel.grid.setCurrentRow(shown_rows.index(tuple(np.flatnonzero(drawing(seed)))))


def test_a_digit_added_in_each_window_is_kept(two_windows, private_user_folder, error_dialogs):
    first, second = two_windows
    add(second, 2, seed=2)
    add(first, 1, seed=1)
    assert in_file(private_user_folder) == [(2, 2), (1, 1)]
    assert len(first.collection) == 2 and first.grid.captions() == ["2", "1"], "A shows B's digit too"
    assert error_dialogs == []


def test_add_relabel_and_delete_interleaved_in_two_windows_lose_nothing(two_windows, private_user_folder,
                                                                          error_dialogs):
    first, second = two_windows
    add(first, 1, seed=1)
    add(second, 2, seed=2)
    add(first, 3, seed=3)
    select(second, 1)               # B shows [1, 2]: it relabels A's first digit
    second.relabel_selected(7)
    assert in_file(private_user_folder) == [(1, 7), (2, 2), (3, 3)]
    select(first, 2)                # A last wrote [1, 2, 3]: it deletes B's digit
    first.delete_selected()
    assert in_file(private_user_folder) == [(1, 7), (3, 3)]
    add(second, 4, seed=4)
    select(first, 3)
    first.relabel_selected(8)
    assert in_file(private_user_folder) == [(1, 7), (3, 8), (4, 4)]
    second.refresh()
    assert list(first.collection.labels) == list(second.collection.labels) == [7, 8, 4]
    assert error_dialogs == []


@pytest.mark.parametrize("language, texts", [
    ("en", ("Your digits", "that digit is no longer among your digits (another Trazo window deleted or relabelled it)",
            "The change was not kept.")),
    ("es", ("Sus dígitos",
            "ese dígito ya no está entre sus dígitos (otra ventana de Trazo lo borró o le cambió la etiqueta)",
            "El cambio no se guardó."))])
def test_relabelling_a_digit_the_other_window_deleted_changes_nothing_and_says_so(
        two_windows, private_user_folder, error_dialogs, language, texts):
    from gui.translation import apply_language

    first, second = two_windows
    add(first, 1, seed=1)
    add(first, 2, seed=2)
    second.refresh()
    select(second, 1)
    select(first, 1)
    first.delete_selected()
    before = (private_user_folder / COLLECTION_NAME).read_bytes()
    apply_language(language)
    try:
        second.relabel_selected(9)
    finally:
        apply_language("en")
    assert error_dialogs == [texts]
    assert (private_user_folder / COLLECTION_NAME).read_bytes() == before and list(second.collection.labels) == [2]


def test_teach_in_either_window_learns_the_digits_both_added_and_writes_a_whole_reader(
        qtbot, two_windows, private_user_folder, monkeypatch, error_dialogs):
    monkeypatch.setattr(teach_module, "EPOCHS", 1)
    first, second = two_windows
    qtbot.waitUntil(lambda: first.state.data is not None and second.state.data is not None, timeout=20_000)
    add(first, 1, seed=1)
    add(second, 2, seed=2)
    add(second, 3, seed=3)
    first.start_teaching()          # A teaches B's digits too: it reads the file before it starts
    add(second, 4, seed=4)          # while A teaches, B adds one: it is kept, and B teaches all four
    second.start_teaching()
    qtbot.waitUntil(lambda: not first.is_teaching() and not second.is_teaching(), timeout=180_000)
    assert in_file(private_user_folder) == [(1, 1), (2, 2), (3, 3), (4, 4)]
    taught = {first.state.draw_model.provenance.taught_digits, second.state.draw_model.provenance.taught_digits}
    assert taught == {3, 4}
    assert load_model(private_user_folder / TAUGHT_READER_NAME).provenance.taught_digits in taught
    second.revert()                 # B's Revert removes the file; A keeps reading its taught reader this session
    assert not (private_user_folder / TAUGHT_READER_NAME).exists() and first.state.draw_model.provenance.taught_digits
    first.revert()
    assert error_dialogs == []


WRITER = """
import sys
from pathlib import Path
import numpy as np
from PySide6.QtCore import QCoreApplication
application = QCoreApplication([])
from gui import user_files
user_files.user_folder = lambda: Path(sys.argv[1])
digits = user_files.MyDigits()
label, count = int(sys.argv[2]), int(sys.argv[3])
for number in range(count):
    pixels = np.zeros(784, dtype=np.float32)
    pixels[[number, 700 + label]] = 1.0
    digits.change(lambda current: current.added(pixels, label))
print(len(digits.collection))
"""


def test_two_processes_adding_at_the_same_time_keep_every_digit(qtbot, private_user_folder):
    window = shown(qtbot, MainWindow())
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(private_user_folder), str(label), "60"],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for label in (4, 5)]
    qtbot.waitUntil(lambda: (private_user_folder / COLLECTION_NAME).exists(), timeout=180_000)
    for seed in range(10):          # while the two processes write
        add(window.draw_tab.teach_panel, 9, seed=seed)
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0 and "Traceback" not in err, err
    kept = load_collection(private_user_folder / COLLECTION_NAME)
    assert list(np.bincount(kept.labels, minlength=10)[[4, 5, 9]]) == [60, 60, 10]
    for label in (4, 5):
        mine = kept.pixels[kept.labels == label]
        assert sorted(int(np.flatnonzero(row)[0]) for row in mine) == list(range(60)), "each digit once"
