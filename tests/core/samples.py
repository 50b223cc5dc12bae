"""Paths of the shipped files and small data files written on the fly."""

from __future__ import annotations

from pathlib import Path

# the shipped files, for the tests (a redundant alias marks a name this module passes on)
from core.base.resources import DATA_FILE as DATA_FILE
from core.base.resources import DRAW_MODEL_FILE as DRAW_MODEL_FILE
from core.base.resources import MODEL_FILE as MODEL_FILE

ROOT = Path(__file__).resolve().parents[2]


def good_row(label: int = 3, value: int = 0) -> list[str]:
    """785 values as strings: a blank image with one bright pixel, then the label."""
    row = [str(value)] * 784 + [str(label)]
    row[100] = "255"
    return row


def write_rows(path: Path, rows: list[list[str]], line_end: str = "\n") -> Path:
    path.write_text(line_end.join(",".join(row) for row in rows) + line_end, encoding="utf-8")
    return path


def record_epochs(monkeypatch) -> list:
    """The (x, y) each epoch of the next trainings hands to train_epoch, copied, in a list kept up to date."""
    from core.learning import training

    seen = []
    real_epoch = training.train_epoch

    def recording_epoch(network, optimizer, x, y, batch_size, should_stop=lambda: False):
        seen.append((x.copy(), y.copy()))
        return real_epoch(network, optimizer, x, y, batch_size, should_stop)

    monkeypatch.setattr(training, "train_epoch", recording_epoch)
    return seen
