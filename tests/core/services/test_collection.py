"""The user's digits: the data format both ways, a damaged or hostile file refused with its reason, and the
changes that another window's copy of the file can take (a digit found again by its pixels and label)."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

from core.base import files
from core.base.errors import DataError
from core.base.i18n import set_language
from core.services import collection as collection_module
from core.services.collection import Collection, as_kept, load_collection, save_collection
from tests.core.samples import good_row, write_rows

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files: pipes")


@pytest.fixture
def spanish():
    set_language("es")
    yield
    set_language("en")


def digits(count: int, seed: int = 0) -> Collection:
    rng = np.random.default_rng(seed)
    pixels = rng.random((count, 784)).astype(np.float32)
    pixels[:, :100] = 0.0
    pixels[:, 100] = 1.0
    return Collection(as_kept(pixels), rng.integers(0, 10, count))


def sparse_file(path, size: int):
    """A file of `size` bytes that takes no room on disk (a million rows would take 1.6 GB)."""
    with open(path, "wb") as stream:
        stream.write((",".join(good_row()) + "\n").encode())
        stream.truncate(size)
    return path


HOSTILE = {
    "truncated": (lambda path: path.write_text(",".join(good_row()) + "\n" + ",".join(good_row()[:400])),
                  "line 2: 400 values, expected 785"),
    "label 11": (lambda path: write_rows(path, [good_row(), good_row(label=11)]), "line 2: the label is 11"),
    "label -1": (lambda path: write_rows(path, [good_row(label=-1)]), "line 1: the label is -1"),
    "NaN pixels": (lambda path: write_rows(path, [["nan"] * 784 + ["3"]]), "value 1 is 'nan'"),
    "binary garbage": (lambda path: path.write_bytes(bytes(range(256)) * 64), "line 1:"),
    "a million rows": (lambda path: sparse_file(path, 1_000_000 * 1571),
                       "the file has 1,571 MB; a collection of 30,000"),
    "a folder": (lambda path: path.mkdir(), "is a folder, not a data file"),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_damaged_collection_is_refused_with_its_line_and_reason(tmp_path, kind):
    path = tmp_path / "my-digits.txt"
    make, message = HOSTILE[kind]
    make(path)
    before = path.read_bytes() if path.is_file() and path.stat().st_size < 10**6 else None
    with pytest.raises(DataError) as raised:
        load_collection(path)
    assert message in str(raised.value) and str(path) in str(raised.value)
    if before is not None:
        assert path.read_bytes() == before, "reading never changes the file"


@posix_only
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "my-digits.txt")
    with pytest.raises(DataError, match="is a named pipe \\(FIFO\\), not a data file"):
        load_collection(tmp_path / "my-digits.txt")


def test_more_digits_than_a_collection_holds_are_refused_by_count_and_by_size(tmp_path, monkeypatch, spanish):
    monkeypatch.setattr(collection_module, "MAX_DIGITS", 3)
    path = write_rows(tmp_path / "my-digits.txt", [good_row()] * 4)
    with pytest.raises(DataError, match="el archivo tiene 4 dígitos; una colección guarda como máximo 3"):
        load_collection(path)
    monkeypatch.setattr(collection_module, "MAX_FILE_BYTES", 100)
    with pytest.raises(DataError, match="el archivo tiene 0 MB; una colección de 3 dígitos"):
        load_collection(path)
    with pytest.raises(DataError, match="una colección guarda como máximo 3 dígitos; borre algunos primero"):
        digits(3).added(np.zeros(784), 1)


def test_no_file_or_an_empty_one_is_an_empty_collection(tmp_path):
    assert len(load_collection(tmp_path / "missing.txt")) == 0
    (tmp_path / "empty.txt").write_bytes(b"")
    assert len(load_collection(tmp_path / "empty.txt")) == 0


def test_the_file_holds_each_digit_as_the_data_format_writes_it_and_reads_back_the_same(tmp_path):
    drawn = np.random.default_rng(1).random(784).astype(np.float32)
    drawn[5], drawn[6] = np.nan, 2.0     # never from the canvas; still a whole number 0-255 in the file
    kept = digits(40).added(drawn, 7)
    path = save_collection(kept, tmp_path / "my-digits.txt")
    lines = path.read_text().splitlines()
    expected = [",".join(str(int(v)) for v in np.rint(np.clip(np.nan_to_num(row), 0, 1) * 255)) + f",{label}"
                for row, label in zip(kept.pixels, kept.labels, strict=True)]
    assert lines == expected and lines[-1].split(",")[5:7] == ["0", "255"]
    read = load_collection(path)
    np.testing.assert_array_equal(read.pixels, kept.pixels)
    np.testing.assert_array_equal(read.labels, kept.labels)
    assert read.index_of(*kept.digit(40)) == 40, "a digit added in memory is found again in the file"


def test_a_change_finds_its_digit_in_another_windows_copy_of_the_file():
    mine = digits(3)
    theirs = digits(1, seed=9).added(mine.pixels[2], int(mine.labels[2])).added(mine.pixels[0], int(mine.labels[0]))
    pixels, label = mine.digit(2)
    assert theirs.index_of(pixels, label) == 1 and theirs.index_of(pixels, (label + 1) % 10) == -1
    without = theirs.without(pixels, label)
    assert len(without) == 2 and without.index_of(pixels, label) == -1
    assert without.without(pixels, label) is without, "a digit another window deleted stays deleted"
    relabelled = theirs.relabelled_digit(*mine.digit(0), new_label=(int(mine.labels[0]) + 1) % 10)
    assert list(relabelled.labels[:2]) == list(theirs.labels[:2]) and relabelled.labels[2] != theirs.labels[2]


@pytest.mark.parametrize("language, message", [
    ("en", "that digit is no longer among your digits (another Trazo window deleted or relabelled it)"),
    ("es", "ese dígito ya no está entre sus dígitos (otra ventana de Trazo lo borró o le cambió la etiqueta)")])
def test_relabelling_a_digit_another_window_deleted_says_so(language, message):
    set_language(language)
    try:
        with pytest.raises(DataError) as raised:
            digits(2).relabelled_digit(*digits(1, seed=5).digit(0), new_label=3)
    finally:
        set_language("en")
    assert str(raised.value) == message


def test_a_write_that_fails_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = save_collection(digits(2), tmp_path / "my-digits.txt")
    before = path.read_bytes()

    def no_room(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", no_room)
    with pytest.raises(DataError, match="the disk is full"):
        save_collection(digits(5), path)
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["my-digits.txt"]
