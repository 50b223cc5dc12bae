"""The user's own digits: drawings they labelled, kept in the assignment's data format.

One line per digit: its 784 pixels as whole numbers 0-255, column-major, then the label, exactly what
`--data` reads; so the collection is also a data file (File > Open data..., `main.py train --data`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.data import CLASSES, PIXELS, load_dataset
from core.errors import DataError
from core.files import write_atomically
from core.i18n import _


@dataclass(frozen=True)
class Collection:
    """Digits (n, 784) in [0, 1], column-major like the data, and their labels."""

    pixels: np.ndarray = field(default_factory=lambda: np.zeros((0, PIXELS), dtype=np.float32))
    labels: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.labels)

    def added(self, pixels: np.ndarray, label: int) -> "Collection":
        if not 0 <= label < CLASSES:
            raise DataError(_("label {label}: expected a digit from 0 to 9").format(label=label))
        row = np.asarray(pixels, dtype=np.float32).reshape(1, PIXELS)
        return Collection(np.vstack([self.pixels, row]), np.append(self.labels, np.int64(label)))

    def removed(self, index: int) -> "Collection":
        return Collection(np.delete(self.pixels, index, axis=0), np.delete(self.labels, index))

    def relabelled(self, index: int, label: int) -> "Collection":
        if not 0 <= label < CLASSES:
            raise DataError(_("label {label}: expected a digit from 0 to 9").format(label=label))
        labels = self.labels.copy()
        labels[index] = label
        return Collection(self.pixels, labels)

    def text(self) -> str:
        """The data file's lines: whole-number pixels 0-255, then the label."""
        values = np.rint(np.clip(self.pixels, 0, 1) * 255).astype(np.int64)
        return "".join(",".join(map(str, row)) + f",{label}\n" for row, label in zip(values, self.labels))


def load_collection(path: Path) -> Collection:
    """The collection in `path`; an empty one when there is no such file yet."""
    if not Path(path).exists() or Path(path).stat().st_size == 0:
        return Collection()
    data = load_dataset(path)
    return Collection(data.pixels, data.labels)


def save_collection(collection: Collection, path: Path) -> Path:
    return write_atomically(path, collection.text().encode("ascii"), DataError)
