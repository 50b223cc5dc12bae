"""Training: epochs of shuffled mini-batches, a history per epoch, a stop flag, a divergence guard."""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field, fields
from typing import Callable

import numpy as np

from core.augment import Augmentation, augment
from core.data import (CLASSES, PIXELS, Dataset, RowRanges, as_row_ranges, count_rows, format_row_range,
                       format_row_ranges, parse_row_range, parse_row_ranges, ranges_overlap)
from core.errors import SettingsError, TrainingError
from core.evaluation import evaluate
from core.network import ACTIVATIONS, INITIALISATIONS, Network
from core.optimizers import OPTIMIZERS, make_optimizer

SCHEDULES = ("constant", "cosine")
ExtraRows = Callable[[np.random.Generator], tuple[np.ndarray, np.ndarray]]   # an epoch's extra (pixels, labels)


@dataclass(frozen=True)
class TrainingSettings:
    """Every choice a training run makes; the defaults are the recipe of the shipped model."""

    hidden: tuple[int, ...] = (256, 256)
    activation: str = "relu"
    initialisation: str = "he"
    optimizer: str = "adam"
    learning_rate: float = 0.002
    momentum: float = 0.9
    schedule: str = "cosine"
    epochs: int = 120
    batch_size: int = 32            # 0 trains on the whole training set at once
    weight_decay: float = 0.0
    augment: bool = True
    thickness: float = 0.8          # augmentation: strokes up to this many pixels thicker or thinner
    seed: int = 0
    train_rows: RowRanges = ((0, 900),)    # one range (0, 900) or several ((0, 900), (1000, 4000))
    test_rows: tuple[int, int] = (900, 1000)

    def __post_init__(self):
        object.__setattr__(self, "train_rows", as_row_ranges(self.train_rows))

    @property
    def train_count(self) -> int:
        return count_rows(self.train_rows)

    def validate(self) -> "TrainingSettings":
        """Self, or a SettingsError naming the first setting out of range."""
        checks = [
            ("hidden", len(self.hidden) >= 1 and all(1 <= size <= 10_000 for size in self.hidden),
             "one or more layer sizes from 1 to 10000"),
            ("activation", self.activation in ACTIVATIONS, " / ".join(ACTIVATIONS)),
            ("initialisation", self.initialisation in INITIALISATIONS, " / ".join(INITIALISATIONS)),
            ("optimizer", self.optimizer in OPTIMIZERS, " / ".join(OPTIMIZERS)),
            ("schedule", self.schedule in SCHEDULES, " / ".join(SCHEDULES)),
            ("learning_rate", 0 < self.learning_rate <= 10, "a number above 0 and at most 10"),
            ("momentum", 0 <= self.momentum < 1, "a number from 0 to below 1"),
            ("epochs", 1 <= self.epochs <= 100_000, "a whole number from 1 to 100000"),
            ("batch_size", self.batch_size >= 0, "0 (the whole set) or a positive whole number"),
            ("weight_decay", 0 <= self.weight_decay < 1, "a number from 0 to below 1"),
            ("thickness", 0 <= self.thickness <= 3, "a number of pixels from 0 to 3"),
            ("train_rows", len(self.train_rows) >= 1 and all(0 <= start < end for start, end in self.train_rows)
             and not ranges_overlap(self.train_rows), "START:END ranges with START < END that do not overlap"),
            ("test_rows", 0 <= self.test_rows[0] < self.test_rows[1], "START:END with START < END"),
        ]
        for name, ok, expected in checks:
            if not ok:
                raise SettingsError(f"setting {name} = {getattr(self, name)!r}: expected {expected}")
        return self

    @property
    def augmentation(self) -> Augmentation:
        return Augmentation(max_thickness=self.thickness)

    def to_dict(self) -> dict:
        values = asdict(self)
        values["hidden"] = list(self.hidden)
        values["train_rows"] = format_row_ranges(self.train_rows)
        values["test_rows"] = format_row_range(self.test_rows)
        return values

    @classmethod
    def from_dict(cls, values: dict) -> "TrainingSettings":
        """Settings from `to_dict`'s form; unknown keys are ignored, missing ones take the default."""
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in values.items() if key in known}
        if "hidden" in values:
            values["hidden"] = tuple(int(size) for size in values["hidden"])
        if isinstance(values.get("train_rows"), str):
            values["train_rows"] = parse_row_ranges(values["train_rows"])
        if isinstance(values.get("test_rows"), str):
            values["test_rows"] = parse_row_range(values["test_rows"])
        elif "test_rows" in values:
            values["test_rows"] = tuple(values["test_rows"])
        return cls(**values)


@dataclass
class History:
    """Figures recorded after every epoch."""

    train_cost: list[float] = field(default_factory=list)
    test_cost: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.train_cost)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class EpochReport:
    """What a caller sees after each epoch."""

    epoch: int          # 1-based
    epochs: int
    train_cost: float
    test_cost: float
    test_accuracy: float
    elapsed: float      # seconds since training began


@dataclass
class TrainingResult:
    network: Network
    settings: TrainingSettings
    history: History
    data_name: str
    stopped: bool = False
    seconds: float = 0.0

    @property
    def epochs_run(self) -> int:
        return len(self.history)


def learning_rate_at(settings: TrainingSettings, epoch: int) -> float:
    """The learning rate of a 0-based epoch: constant, or a cosine decay to zero over the run."""
    if settings.schedule == "constant":
        return settings.learning_rate
    return settings.learning_rate * 0.5 * (1 + math.cos(math.pi * epoch / settings.epochs))


def train(
    data: Dataset,
    settings: TrainingSettings = TrainingSettings(),
    on_epoch: Callable[[EpochReport], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    extra_rows: ExtraRows | None = None,
) -> TrainingResult:
    """Train a new network; `should_stop` is asked before every mini-batch; `extra_rows`, when given,
    supplies more (pixels, labels) every epoch, shuffled in with the training rows (core/styles.py)."""
    settings.validate()
    train_x, train_y = data.rows_in(settings.train_rows)
    test_x, test_y = data.rows(settings.test_rows)
    rng = np.random.default_rng(settings.seed)
    network = Network.create([PIXELS, *settings.hidden, CLASSES], settings.activation,
                             settings.initialisation, rng)
    optimizer = make_optimizer(settings.optimizer, network.parameters, settings.learning_rate,
                               settings.momentum, settings.weight_decay)
    result = TrainingResult(network, settings, History(), data.name)
    started = time.perf_counter()
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is caught by the finite checks
        _run_epochs(result, optimizer, rng, train_x, train_y, test_x, test_y, on_epoch, should_stop, extra_rows)
    result.seconds = time.perf_counter() - started
    return result


def _run_epochs(result, optimizer, rng, train_x, train_y, test_x, test_y, on_epoch, should_stop, extra_rows=None):
    settings, network = result.settings, result.network
    last_finite = network.copy()
    batch_size = settings.batch_size or len(train_y)
    augmentation = settings.augmentation
    shuffled = ShuffledRows(train_x, train_y)
    started = time.perf_counter()
    for epoch in range(settings.epochs):
        optimizer.learning_rate = learning_rate_at(settings, epoch)
        epoch_x, epoch_y = shuffled.next_epoch(rng)
        if extra_rows is not None:
            epoch_x, epoch_y = with_extra_rows(epoch_x, epoch_y, extra_rows(rng), rng)
        if settings.augment:
            epoch_x = augment(epoch_x, rng, augmentation)
        outcome = train_epoch(network, optimizer, epoch_x, epoch_y, batch_size, should_stop)
        if outcome == "diverged":
            _diverged(result, last_finite, epoch, started)
        if outcome == "stopped":
            result.stopped = True
            break
        report = _record_epoch(result, epoch, train_x, train_y, test_x, test_y, started)
        if not math.isfinite(report.train_cost):
            _diverged(result, last_finite, epoch, started)
        last_finite = network.copy()
        if on_epoch:
            on_epoch(report)


def with_extra_rows(x: np.ndarray, y: np.ndarray, extra: tuple[np.ndarray, np.ndarray],
                    rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """An epoch's rows with the extra rows shuffled in among them."""
    order = rng.permutation(len(y) + len(extra[1]))
    return np.concatenate([x, extra[0]])[order], np.concatenate([y, extra[1]])[order]


class ShuffledRows:
    """Every epoch's shuffled copy of the training rows, gathered into arrays made once: a fresh copy
    of a large set each epoch costs more in page faults than the copying itself."""

    def __init__(self, x: np.ndarray, y: np.ndarray):
        self.x, self.y = x, y
        self.epoch_x, self.epoch_y = np.empty_like(x), np.empty_like(y)

    def next_epoch(self, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        order = rng.permutation(len(self.y))
        # a permutation is always in range; mode="clip" skips the bounds check that makes take buffer `out`
        np.take(self.x, order, axis=0, out=self.epoch_x, mode="clip")
        np.take(self.y, order, out=self.epoch_y, mode="clip")
        return self.epoch_x, self.epoch_y


def train_epoch(network: Network, optimizer, x: np.ndarray, y: np.ndarray, batch_size: int,
                should_stop: Callable[[], bool] = lambda: False) -> str:
    """One pass over (already shuffled) rows in mini-batches: 'done', 'stopped' or 'diverged'."""
    for start in range(0, len(y), batch_size):
        if should_stop():
            return "stopped"
        cost, gradients = network.gradients(x[start:start + batch_size], y[start:start + batch_size])
        if not math.isfinite(cost):
            return "diverged"
        optimizer.update(network.parameters, gradients)
    return "done"


def _record_epoch(result, epoch, train_x, train_y, test_x, test_y, started) -> EpochReport:
    network, history = result.network, result.history
    train_cost = network.cost(train_x, train_y)
    test = evaluate(network, test_x, test_y)
    test_cost = test.cost
    elapsed = time.perf_counter() - started
    history.train_cost.append(train_cost)
    history.test_cost.append(test_cost)
    history.test_accuracy.append(test.rate)
    history.seconds.append(elapsed)
    return EpochReport(epoch + 1, result.settings.epochs, train_cost, test_cost, test.rate, elapsed)


def _diverged(result: TrainingResult, last_finite: Network, epoch: int, started: float):
    """Restore the last finite weights and raise, so the caller keeps what was learned."""
    result.network = last_finite
    result.stopped = True
    result.seconds = time.perf_counter() - started
    raise TrainingError(
        f"training diverged in epoch {epoch + 1}: the cost is no longer a finite number. "
        f"Try a smaller learning rate (it was {result.settings.learning_rate:g}). The weights of "
        f"epoch {len(result.history)} were kept.",
        result,
    )
