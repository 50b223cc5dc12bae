"""A class's models, made as students would make them: honest ones with the shipped recipes at several seeds,
and one trained on rows 0:1000 whose file was then edited to say 0:900.

The assignment recipe trains whole (40 epochs, about a second). The shipped recipe's 120 epochs take about
six seconds a model here, so its models train 15 epochs; the shipped model itself (the full recipe) and the
Draw tab's reader join the class as they are.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from core.learning.data import Dataset
from core.learning.model_io import save_model
from core.learning.settings import RECIPES
from core.services.runs import run_training
from tests.core.samples import DRAW_MODEL_FILE, MODEL_FILE

SHORT_SHIPPED_EPOCHS = 15
HONEST = {f"assignment-seed{seed}.npz": RECIPES["assignment"].with_changes(seed=seed) for seed in range(4)}
HONEST |= {f"shipped-{SHORT_SHIPPED_EPOCHS}-epochs-seed{seed}.npz": RECIPES["shipped"].with_changes(
    seed=seed, epochs=SHORT_SHIPPED_EPOCHS) for seed in range(2)}
SHIPPED = {"shipped-model.npz": MODEL_FILE, "draw-model.npz": DRAW_MODEL_FILE}
FORGED = "forged.npz"
FORGED_SETTINGS = RECIPES["assignment"].with_changes(train_rows=((0, 1000),))


def make_class(folder: Path, data: Dataset) -> Path:
    """The honest models, the shipped ones and the forged one in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, settings in HONEST.items():
        save_model(run_training(data, settings).model, folder / name)
    for name, path in SHIPPED.items():
        shutil.copyfile(path, folder / name)
    save_model(run_training(data, FORGED_SETTINGS).model, folder / FORGED)
    edit_train_rows(folder / FORGED, "0:900")
    return folder


def edit_train_rows(path: Path, rows: str) -> None:
    """What a student would do in five lines of NumPy: rewrite the training rows in the file's metadata."""
    with np.load(path) as archive:
        arrays = {name: archive[name] for name in archive.files}
    metadata = json.loads(arrays["metadata"].tobytes().decode("utf-8"))
    metadata["settings"]["train_rows"] = rows
    arrays["metadata"] = np.frombuffer(json.dumps(metadata).encode("utf-8"), dtype=np.uint8)
    np.savez(path, **arrays)
