"""Train, then test, then make a model: the one training service of the command line and the app.

A run ends in one of three ways. It finishes, or it is stopped after at least one epoch: either way
it gives a model. It is stopped before its first epoch ends, or its cost stops being a finite number:
then it gives no model, and whatever the caller had stays as it was.
"""

from __future__ import annotations

import ctypes
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from core.base.errors import SettingsError, TrainingError
from core.base.i18n import _
from core.handwriting.extra_rows import settings_extra_rows
from core.handwriting.styles import POOL_PER_EPOCH
from core.learning.data import CLASSES, PIXELS, Dataset
from core.learning.evaluation import Evaluation, evaluate
from core.learning.layer_spec import INPUT_SHAPE, Convolution, shapes
from core.learning.model import Model, model_from_training
from core.learning.settings import TrainingSettings
from core.learning.training import EpochGate, EpochReport, TrainingResult, train

FLOAT_BYTES = 4

FINISHED, STOPPED, NOTHING_LEARNED, DIVERGED = "finished", "stopped", "nothing learned", "diverged"


@dataclass
class Run:
    status: str                     # one of the four above
    result: TrainingResult
    model: Model | None             # None when nothing was learned or the run diverged
    test: Evaluation | None         # the model on the settings' test rows
    message: str = ""               # why there is no model

    @property
    def has_model(self) -> bool:
        return self.model is not None


def run_training(data: Dataset, settings: TrainingSettings,
                 on_epoch: Callable[[EpochReport], None] | None = None,
                 should_stop: Callable[[], bool] = lambda: False, gate: EpochGate | None = None) -> Run:
    """Train with `settings`, reporting each epoch; `should_stop` is asked before every mini-batch, `gate` before
    every epoch."""
    check_resources(data, settings)
    try:
        result = train(data, settings, on_epoch=on_epoch, should_stop=should_stop,
                       make_extra_rows=settings_extra_rows, gate=gate)
    except TrainingError as error:
        return Run(DIVERGED, error.result, None, None, str(error))
    if result.epochs_run == 0:
        return Run(NOTHING_LEARNED, result, None, None,
                   _("Stopped before the first epoch ended: nothing was learned."))
    test = evaluate(result.network, *data.rows(settings.test_rows), first_row=settings.test_rows[0])
    status = STOPPED if result.stopped else FINISHED
    return Run(status, result, model_from_training(result, test.rate), test)


def check_resources(data: Dataset, settings: TrainingSettings) -> None:
    """Refuse, before training starts, rows the data does not have and a run that cannot fit in memory."""
    for rows in (*settings.train_rows, settings.test_rows):
        data.rows(rows)
    check_memory(memory_needed(settings), lambda needed, available: SettingsError(_(
        "this run needs about {needed} of memory (the weights, their gradients and the optimiser's state, a "
        "batch's activations, the data) but {available} is available; choose smaller or fewer hidden layers, a "
        "smaller batch or fewer training rows").format(needed=needed, available=available), "hidden"))


def check_memory(needed: int, refusal: Callable[[str, str], Exception]) -> None:
    """Raise `refusal(needed, available)`, both as text ('1.5 GiB'), when `needed` bytes are more than the
    system can give now; nothing when they fit or the system cannot tell."""
    available = available_memory()
    if available is not None and needed > available:
        raise refusal(_bytes(needed), _bytes(available))


def network_counts(settings: TrainingSettings) -> tuple[int, int]:
    """(parameters, values one digit's forward pass keeps: the pixels, every layer's output and, for a
    convolution, its im2col matrix) of the network the settings describe."""
    if not settings.layers:
        sizes = [PIXELS, *settings.hidden, CLASSES]
        parameters = sum((inputs + 1) * outputs for inputs, outputs in zip(sizes[:-1], sizes[1:], strict=True))
        return parameters, sum(sizes)
    described = shapes(settings.layers)
    values = PIXELS + sum(math.prod(layer.output_shape) for layer in described)
    shape: tuple[int, ...] = INPUT_SHAPE
    for layer, output in zip(settings.layers, described):
        if isinstance(layer, Convolution):
            values += shape[0] * layer.size ** 2 * math.prod(output.output_shape[1:])
        shape = output.output_shape
    return sum(layer.parameters for layer in described), values


def memory_needed(settings: TrainingSettings) -> int:
    """Bytes a run takes at its peak, counted from how core/learning/training.py works, rounded up."""
    parameters, values = network_counts(settings)
    optimiser_state = 2 if settings.optimizer == "adam" else 1
    # the weights, their gradients, the last finite copy, the copy being measured, the update's temporaries,
    # the optimiser's state
    weights = FLOAT_BYTES * parameters * (5 + optimiser_state)
    rows = settings.train_count
    batch = settings.batch_size or rows
    activations = FLOAT_BYTES * batch * values * 3          # outputs, errors and derivatives
    evaluation = FLOAT_BYTES * max(rows, settings.test_rows[1] - settings.test_rows[0]) * (values - PIXELS)
    repenned = min(settings.repen, settings.train_count)
    pool = settings.train_count if settings.repen else 0
    rows += settings.styles + repenned
    # two epochs' shuffled and distorted copies: one training, the next being made
    data = FLOAT_BYTES * rows * PIXELS * (5 if settings.augment else 2)
    data += FLOAT_BYTES * PIXELS * settings.styles * POOL_PER_EPOCH        # the handwriting styles' pool
    data += FLOAT_BYTES * PIXELS * pool                                    # every training row re-penned
    return weights + activations + evaluation + data


def available_memory() -> int | None:
    """Bytes the system can give this process now, or None where it cannot be told."""
    if sys.platform.startswith("linux"):
        try:
            for line in Path("/proc/meminfo").read_text().splitlines():
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            return None
    if sys.platform == "win32":
        return _windows_available_memory()
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def _windows_available_memory() -> int | None:
    if sys.platform != "win32":     # ctypes.windll is Windows's own
        return None
    class MemoryStatus(ctypes.Structure):
        _fields_ = [("length", ctypes.c_ulong), ("load", ctypes.c_ulong), ("total", ctypes.c_ulonglong),
                    ("available", ctypes.c_ulonglong), ("page_total", ctypes.c_ulonglong),
                    ("page_available", ctypes.c_ulonglong), ("virtual_total", ctypes.c_ulonglong),
                    ("virtual_available", ctypes.c_ulonglong), ("extended", ctypes.c_ulonglong)]

    status = MemoryStatus(length=ctypes.sizeof(MemoryStatus))
    ok = ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status))
    return int(status.available) if ok else None


def _bytes(size: int) -> str:
    return f"{size / 2**30:.1f} GiB" if size >= 2**30 else f"{size / 2**20:.0f} MiB"
