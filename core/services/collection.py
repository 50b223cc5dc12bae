"""The user's own digits: drawings they labelled, kept in the assignment's data format.

One line per digit: its 784 pixels as whole numbers 0-255, column-major, then the label, exactly what
`--data` reads; so the collection is also a data file (File > Open data..., `main.py train --data`).
A digit is kept as its file holds it (pixels k/255), so a digit read back from the file is the same
digit, and a change made in one window can find it again in the file another window wrote.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.base.errors import DataError
from core.base.files import write_atomically
from core.base.i18n import _, ngettext
from core.learning.data import CLASSES, PIXELS, VALUES_PER_ROW, load_dataset

MAX_DIGITS = 30_000                             # far more than anyone draws; loads in about half a second
MAX_LINE_BYTES = VALUES_PER_ROW * len("255,")   # the longest line a collection has
MAX_FILE_BYTES = MAX_DIGITS * MAX_LINE_BYTES    # checked before reading, so a huge file costs no time
# Each value's text, four bytes wide, zeros after it: pixels 0-255 end in a comma, labels 0-9 end the line.
_TOKENS = np.zeros((256 + CLASSES, 4), dtype=np.uint8)
for _value, _text in enumerate([f"{pixel}," for pixel in range(256)] + [f"{label}\n" for label in range(CLASSES)]):
    _TOKENS[_value, :len(_text)] = np.frombuffer(_text.encode("ascii"), dtype=np.uint8)


@dataclass(frozen=True)
class Collection:
    """Digits (n, 784) in [0, 1], column-major like the data, and their labels."""

    pixels: np.ndarray = field(default_factory=lambda: np.zeros((0, PIXELS), dtype=np.float32))
    labels: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.labels)

    def added(self, pixels: np.ndarray, label: int) -> "Collection":
        _check_label(label)
        if len(self) >= MAX_DIGITS:
            raise DataError(ngettext("a collection holds at most {count:,} digit; delete one first",
                                     "a collection holds at most {count:,} digits; delete some first",
                                     MAX_DIGITS).format(count=MAX_DIGITS))
        row = as_kept(np.asarray(pixels, dtype=np.float32).reshape(1, PIXELS))
        return Collection(np.vstack([self.pixels, row]), np.append(self.labels, np.int64(label)))

    def removed(self, index: int) -> "Collection":
        return Collection(np.delete(self.pixels, index, axis=0), np.delete(self.labels, index))

    def relabelled(self, index: int, label: int) -> "Collection":
        _check_label(label)
        labels = self.labels.copy()
        labels[index] = label
        return Collection(self.pixels, labels)

    def digit(self, index: int) -> tuple[np.ndarray, int]:
        """The pixels and label of one digit, which `index_of` finds again in another copy of the collection."""
        return self.pixels[index].copy(), int(self.labels[index])

    def index_of(self, pixels: np.ndarray, label: int) -> int:
        """Where the first digit with these pixels (as the file holds them) and this label is; -1 if nowhere."""
        same = (_whole(self.pixels) == _whole(pixels[None, :])).all(axis=1) & (self.labels == label)
        found = np.flatnonzero(same)
        return int(found[0]) if len(found) else -1

    def without(self, pixels: np.ndarray, label: int) -> "Collection":
        """This digit deleted; the same collection when it is not there (another window deleted it)."""
        index = self.index_of(pixels, label)
        return self.removed(index) if index >= 0 else self

    def relabelled_digit(self, pixels: np.ndarray, label: int, new_label: int) -> "Collection":
        """This digit given `new_label`; a DataError if it is no longer there."""
        index = self.index_of(pixels, label)
        if index < 0:
            raise DataError(_("that digit is no longer among your digits (another Trazo window deleted or "
                              "relabelled it)"))
        return self.relabelled(index, new_label)

    def text(self) -> str:
        """The data file's lines: whole-number pixels 0-255, then the label."""
        values = np.empty((len(self), VALUES_PER_ROW), dtype=np.int16)
        values[:, :PIXELS] = _whole(self.pixels)
        values[:, PIXELS] = 256 + self.labels
        characters = _TOKENS.view(np.uint32).reshape(-1)[values].view(np.uint8).reshape(-1)
        return characters[characters != 0].tobytes().decode("ascii")


def as_kept(pixels: np.ndarray) -> np.ndarray:
    """Pixels as the file keeps them and reads them back: k/255 in float32."""
    return _whole(pixels).astype(np.float32) / np.float32(255.0)


def _whole(pixels: np.ndarray) -> np.ndarray:
    """Pixels in [0, 1] -> whole numbers 0-255 (fmax and fmin make a NaN 0)."""
    values = np.multiply(pixels, np.float32(255.0), dtype=np.float32)
    return np.rint(np.fmin(np.fmax(values, 0, out=values), 255, out=values), out=values).astype(np.int16)


def _check_label(label: int) -> None:
    if not 0 <= label < CLASSES:
        raise DataError(_("label {label}: expected a digit from 0 to 9").format(label=label))


def load_collection(path: Path) -> Collection:
    """The collection in `path`; an empty one when there is no such file yet; a DataError naming the file
    and what is wrong with it when it cannot be read or holds more than MAX_DIGITS digits."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return Collection()
    except OSError as problem:
        raise DataError(_("{path}: cannot be reached ({reason})").format(path=path, reason=problem.strerror)) from None
    size = status.st_size
    if size == 0 and stat.S_ISREG(status.st_mode):
        return Collection()
    if size > MAX_FILE_BYTES:
        raise DataError(_("{path}: the file has {megabytes:,.0f} MB; a collection of {count:,} digits, the most it "
                          "may hold, has at most {limit:,.0f} MB").format(
            path=path, megabytes=size / 1e6, count=MAX_DIGITS, limit=MAX_FILE_BYTES / 1e6))
    data = load_dataset(path)
    if len(data) > MAX_DIGITS:
        raise DataError(_("{path}: the file has {found:,} digits; a collection holds at most {count:,}").format(
            path=path, found=len(data), count=MAX_DIGITS))
    return Collection(data.pixels, data.labels)


def save_collection(collection: Collection, path: Path) -> Path:
    return write_atomically(path, collection.text().encode("ascii"), DataError)
