"""Teaching the drawing reader the user's own hand: a few epochs of fine-tuning on their digits.

Each epoch mixes the user's digits, repeated and randomly distorted, with a fresh sample of the rows the
reader first learned from, so it learns the new hand without forgetting the old ones. An epoch holds at
most YOURS_PER_EPOCH distorted digits of the user's, so a collection of thousands takes the memory and
time of a few hundred. It starts from the
reader's own weights with a small Adam step, and reports how it reads the user's digits and the test rows
900-999 before and after, so the user sees what it learned and whether it forgot anything.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Callable

import numpy as np

from core.base.errors import DataError
from core.base.i18n import _, ngettext
from core.handwriting.drawing import READING_SHIFTS, read_drawings
from core.learning.augment import Augmentation, augment
from core.learning.data import PIXELS, Dataset
from core.learning.evaluation import evaluate
from core.learning.layered import LayeredNetwork
from core.learning.model import Model
from core.learning.network import Network
from core.learning.settings import TrainingSettings
from core.learning.training import initial_optimizer, train_epoch
from core.services.collection import Collection
from core.services.runs import check_memory, memory_needed, network_counts

EPOCHS = 6
REPEATS = 60            # each of the user's digits, this many distorted copies an epoch
YOURS_PER_EPOCH = 12_000  # at most this many (200 digits' worth): a larger collection gives a fresh sample
OLD_ROWS = 1500         # rows the reader learned from, a fresh sample every epoch
LEARNING_RATE = 3e-4     # chosen on flagged 1s of bench/styles.py's other seeds (README, Teach it your hand)
BATCH_SIZE = 32
TEST_ROWS = (900, 1000)
SCORING_CHUNK = 1000    # the user's digits read at a time for the figures (nine positions each)
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
    check_memory(memory_needed_to_teach(reader.network, len(collection)), lambda needed, available: DataError(
        ngettext("teaching your {count:,} digit needs about {needed} of memory but {available} is available; close "
                 "other programs and teach again",
                 "teaching your {count:,} digits needs about {needed} of memory but {available} is available; "
                 "close other programs and teach again", len(collection)).format(
            count=len(collection), needed=needed, available=available)))
    rows = reader.settings.train_rows if reader.settings else ((0, TEST_ROWS[0]),)
    old_x, old_y = data.rows_in(rows)
    test_x, test_y = data.rows(TEST_ROWS)
    network = reader.network.copy()
    optimizer = initial_optimizer(TrainingSettings(optimizer="adam", learning_rate=LEARNING_RATE), network)
    rng = np.random.default_rng(seed)
    for epoch in range(EPOCHS):
        chosen = rng.choice(len(old_y), size=min(OLD_ROWS, len(old_y)), replace=False)
        yours = _yours_this_epoch(len(collection), rng)
        x = np.vstack([augment(old_x[chosen], rng), augment(collection.pixels[yours], rng, DISTORTION)])
        y = np.concatenate([old_y[chosen], collection.labels[yours]])
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


def _yours_this_epoch(count: int, rng: np.random.Generator) -> np.ndarray:
    """Which of the user's digits an epoch distorts, once for each time it appears: each of them REPEATS
    times, or YOURS_PER_EPOCH chosen anew when that would be more."""
    if count * REPEATS <= YOURS_PER_EPOCH:
        return np.repeat(np.arange(count), REPEATS)
    return rng.choice(count, size=YOURS_PER_EPOCH, replace=count < YOURS_PER_EPOCH)


def memory_needed_to_teach(network: Network | LayeredNetwork, count: int) -> int:
    """Bytes Teach takes at its peak for `count` digits of the user's: an epoch's training, counted as
    core/services/runs.py counts a run's, the collection itself, and the reading of a chunk of it in nine positions."""
    epoch_rows = OLD_ROWS + min(count * REPEATS, YOURS_PER_EPOCH)
    shape = ({"layers": network.spec} if isinstance(network, LayeredNetwork)
             else {"hidden": tuple(network.layer_sizes[1:-1])})
    settings = TrainingSettings(**shape, optimizer="adam", batch_size=BATCH_SIZE, augment=True, styles=0, repen=0,
                                train_rows=((0, epoch_rows),), test_rows=TEST_ROWS)
    _parameters, values = network_counts(settings)
    scoring = 4 * min(count, SCORING_CHUNK) * len(READING_SHIFTS) * values * 2
    return memory_needed(settings) + 4 * count * PIXELS + scoring


def _rate_on_drawings(network: Network | LayeredNetwork, collection: Collection) -> float:
    """The part of the user's digits the network reads right, read as the Draw tab reads a drawing (a chunk
    at a time: nine positions of thousands of digits would not fit in memory)."""
    right = sum(int(np.sum(read_drawings(network, collection.pixels[start:start + SCORING_CHUNK]).argmax(axis=1)
                           == collection.labels[start:start + SCORING_CHUNK]))
                for start in range(0, len(collection), SCORING_CHUNK))
    return right / len(collection)
