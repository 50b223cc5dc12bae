"""Teaching the drawing reader the user's own hand: a few epochs of fine-tuning on their digits.

Each epoch mixes the user's digits, repeated and randomly distorted, with a fresh sample of the rows the
reader first learned from, so it learns the new hand without forgetting the old ones. It starts from the
reader's own weights with a small Adam step, and reports how it reads the user's digits and the test rows
900-999 before and after, so the user sees what it learned and whether it forgot anything.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Callable

import numpy as np

from core.augment import Augmentation, augment
from core.collection import Collection
from core.data import Dataset
from core.drawing import read_drawings
from core.errors import DataError
from core.evaluation import evaluate
from core.i18n import _
from core.model import Model
from core.network import Network
from core.optimizers import Adam
from core.training import train_epoch

EPOCHS = 6
REPEATS = 60            # each of the user's digits, this many distorted copies an epoch
OLD_ROWS = 1500         # rows the reader learned from, a fresh sample every epoch
LEARNING_RATE = 3e-4     # chosen on flagged 1s of bench/styles.py's other seeds (README, Teach it your hand)
BATCH_SIZE = 32
TEST_ROWS = (900, 1000)
DISTORTION = Augmentation(max_shift=1.5, max_rotation=10.0, min_scale=0.9, max_scale=1.1, max_slant=0.2,
                          elastic=0.8, max_thickness=0.5)


@dataclass(frozen=True)
class Taught:
    """The taught reader and how it reads the user's digits and the test rows, before and after."""

    model: Model
    yours_before: float
    yours_after: float
    test_before: float
    test_after: float


def teach(reader: Model, data: Dataset, collection: Collection, seed: int = 0,
          on_epoch: Callable[[int, int], None] | None = None,
          should_stop: Callable[[], bool] = lambda: False) -> Taught | None:
    """The reader fine-tuned on `collection`; None when stopped before it finished."""
    if not len(collection):
        raise DataError(_("there are no digits of yours to learn from yet: draw one and give its right digit"))
    rows = reader.settings.train_rows if reader.settings else ((0, TEST_ROWS[0]),)
    old_x, old_y = data.rows_in(rows)
    test_x, test_y = data.rows(TEST_ROWS)
    network = reader.network.copy()
    optimizer = Adam(network.parameters, LEARNING_RATE)
    rng = np.random.default_rng(seed)
    yours_x = np.repeat(collection.pixels, REPEATS, axis=0)
    yours_y = np.repeat(collection.labels, REPEATS)
    for epoch in range(EPOCHS):
        chosen = rng.choice(len(old_y), size=min(OLD_ROWS, len(old_y)), replace=False)
        x = np.vstack([augment(old_x[chosen], rng), augment(yours_x, rng, DISTORTION)])
        y = np.concatenate([old_y[chosen], yours_y])
        order = rng.permutation(len(y))
        if train_epoch(network, optimizer, x[order], y[order], BATCH_SIZE, should_stop) != "done":
            return None
        if on_epoch:
            on_epoch(epoch + 1, EPOCHS)
    before = _rate_on_drawings(reader.network, collection)
    after = _rate_on_drawings(network, collection)
    test_before = evaluate(reader.network, test_x, test_y).rate
    test_after = evaluate(network, test_x, test_y).rate
    provenance = replace(reader.provenance, taught_digits=len(collection), test_accuracy=test_after,
                         created=datetime.now(timezone.utc).replace(microsecond=0))
    model = Model(network, reader.settings, reader.history, provenance)
    return Taught(model, before, after, test_before, test_after)


def _rate_on_drawings(network: Network, collection: Collection) -> float:
    """The part of the user's digits the network reads right, read as the Draw tab reads a drawing."""
    return float(np.mean(read_drawings(network, collection.pixels).argmax(axis=1) == collection.labels))
