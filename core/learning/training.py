"""Training: epochs of shuffled mini-batches, a history per epoch, a stop flag, a divergence guard."""

from __future__ import annotations

import math
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Protocol

import numpy as np
from threadpoolctl import threadpool_limits

from core.base.errors import ModelError, TrainingError
from core.base.i18n import _
from core.base.schema import parse_object
from core.learning.augment import augment
from core.learning.data import CLASSES, PIXELS, Dataset
from core.learning.evaluation import evaluate
from core.learning.layered import LayeredNetwork, LayeredOptimizer
from core.learning.network import Network
from core.learning.optimizers import make_optimizer
from core.learning.settings import TrainingSettings
from core.learning.textbook import cosine_learning_rate

TRAINING_BLAS_THREADS = 1
ExtraRows = Callable[[np.random.Generator], tuple[np.ndarray, np.ndarray]]   # an epoch's extra (pixels, labels)
# (settings, training pixels, training labels) -> the extra rows the settings ask for, or None
MakeExtraRows = Callable[[TrainingSettings, np.ndarray, np.ndarray], 'ExtraRows | None']


@dataclass
class History:
    """Figures recorded after every epoch."""

    train_cost: list[float] = field(default_factory=list)
    test_cost: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.train_cost)

    def append(self, train_cost: float, test_cost: float, test_accuracy: float, seconds: float) -> None:
        """One more epoch's figures."""
        self.train_cost.append(train_cost)
        self.test_cost.append(test_cost)
        self.test_accuracy.append(test_accuracy)
        self.seconds.append(seconds)

    def to_json(self) -> dict:
        return asdict(self)

    def csv(self) -> str:
        """One row per epoch, numbers written with a point: epoch,train_cost,test_cost,test_accuracy,seconds.
        The columns' names are English in every language, as machine columns: a program or a spreadsheet
        formula that reads them works whatever language wrote the file (like `grade --csv`)."""
        rows = ["epoch,train_cost,test_cost,test_accuracy,seconds"]
        seconds = self.seconds if len(self.seconds) == len(self) else [float("nan")] * len(self)
        columns = zip(self.train_cost, self.test_cost, self.test_accuracy, seconds, strict=True)
        for epoch, values in enumerate(columns, start=1):
            rows.append(",".join([str(epoch)] + [repr(float(value)) for value in values]))
        return "\n".join(rows) + "\n"

    @classmethod
    def from_json(cls, raw: Any, where: str = "metadata.history") -> "History":
        """A history read from a model file: lists of finite numbers, one per epoch, all as long."""
        lists = parse_object(raw, {name: _finite_numbers for name in cls.__dataclass_fields__}, where, ModelError)
        history = cls(**lists)
        if len({len(history.train_cost), len(history.test_cost), len(history.test_accuracy)}) != 1:
            raise ValueError(_("expected train_cost, test_cost and test_accuracy of the same length"))
        return history


def _finite_numbers(values: Any) -> list[float]:
    if not isinstance(values, list) or not all(
            type(value) in (int, float) and math.isfinite(value) for value in values):
        raise ValueError(_("expected a list of finite numbers"))
    return [float(value) for value in values]


@dataclass(frozen=True)
class EpochReport:
    """What a caller sees after each epoch."""

    epoch: int          # 1-based
    epochs: int
    train_cost: float
    test_cost: float
    test_accuracy: float
    elapsed: float      # seconds since training began
    # a copy of the network at the end of the epoch, the report's own
    network: Network | None = field(default=None, repr=False, compare=False)

    @property
    def remaining(self) -> float:
        """Seconds the run should still take, at the pace of its epochs so far."""
        return self.elapsed / self.epoch * (self.epochs - self.epoch)


@dataclass
class TrainingResult:
    network: Network | LayeredNetwork
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
    return cosine_learning_rate(settings.learning_rate, epoch, settings.epochs)


def initial_network(settings: TrainingSettings,
                    rng: np.random.Generator | None = None) -> Network | LayeredNetwork:
    """The random network a run with `settings` starts from: drawn first from its seed's generator; a
    LayeredNetwork when the settings give a list of layers."""
    rng = np.random.default_rng(settings.seed) if rng is None else rng
    if settings.layers:
        return LayeredNetwork.create(settings.layers, rng)
    return Network.create([PIXELS, *settings.hidden, CLASSES], settings.activation, settings.initialisation, rng)


def initial_optimizer(settings: TrainingSettings, network: Network | LayeredNetwork):
    """The settings' optimiser of `network`'s parameters."""
    if isinstance(network, LayeredNetwork):
        return LayeredOptimizer(settings.optimizer, network, settings.learning_rate, settings.momentum,
                                settings.weight_decay)
    return make_optimizer(settings.optimizer, network.parameters, settings.learning_rate, settings.momentum,
                          settings.weight_decay)


class EpochGate(Protocol):
    """When the next epoch may begin: a run paused, stepped one epoch at a time or slowed down
    (core/services/pacing.py)."""

    def holds(self) -> bool:
        """Whether the next epoch may have to wait; if so, the epochs trained are reported before it does."""
        ...

    def wait(self) -> None:
        """Return when the next epoch may begin, or as soon as a stop is asked."""
        ...


def train(
    data: Dataset,
    settings: TrainingSettings = TrainingSettings(),
    on_epoch: Callable[[EpochReport], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    extra_rows: ExtraRows | None = None,
    make_extra_rows: MakeExtraRows | None = None,
    gate: EpochGate | None = None,
) -> TrainingResult:
    """Train a new network; `should_stop` is asked before every mini-batch. `extra_rows` supplies more
    (pixels, labels) every epoch, shuffled in with the training rows; or `make_extra_rows` makes it from
    the settings and the training rows at the start (the Draw tab's reader passes its style and re-penned
    digits this way, core/handwriting/extra_rows.py). This loop knows nothing of where extra rows come from.
    `gate`, asked before every epoch, may hold it back (a paused or slowed-down run)."""
    settings.validate()
    if extra_rows is None and make_extra_rows is None and (settings.styles or settings.repen):
        raise ValueError(_("the settings ask for style or re-penned digits, and no maker of extra rows was "
                           "given"))
    train_x, train_y = data.rows_in(settings.train_rows)
    test_x, test_y = data.rows(settings.test_rows)
    # One BLAS thread, from the extra rows' pools (the re-penned digits' products) to the last epoch: the
    # same bits whatever the core count (OpenBLAS splits a product's sums differently on 1 and 2 threads),
    # and no BLAS thread spinning for a core another program holds.
    with threadpool_limits(limits=TRAINING_BLAS_THREADS, user_api="blas"):
        if extra_rows is None and make_extra_rows is not None:
            extra_rows = make_extra_rows(settings, train_x, train_y)
        rng = np.random.default_rng(settings.seed)
        network = initial_network(settings, rng)
        optimizer = initial_optimizer(settings, network)
        result = TrainingResult(network, settings, History(), data.name)
        started = time.perf_counter()
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is caught by the finite checks
            _run_epochs(result, optimizer, rng, train_x, train_y, test_x, test_y, on_epoch, should_stop,
                        extra_rows, gate)
    result.seconds = time.perf_counter() - started
    return result


def _run_epochs(result, optimizer, rng, train_x, train_y, test_x, test_y, on_epoch, should_stop, extra_rows=None,
                gate=None):
    """The epochs. A helper thread makes the next epoch's rows (shuffled, mixed, distorted) and computes
    the last epoch's costs and accuracy while this thread trains: NumPy lets go of the interpreter lock in
    its loops, so both run on two cores. Only the helper draws from `rng`, in the order one thread would,
    and it measures a copy of the network: the same bits and figures either way. An epoch's report thus
    comes while the next epoch trains, and at the latest when the run ends; or, when the gate may hold the next
    epoch back, before it waits (a paused run shows every epoch it trained)."""
    settings, network = result.settings, result.network
    batch_size = settings.batch_size or len(train_y)
    epochs = EpochRows(settings, rng, train_x, train_y, extra_rows)
    started = time.perf_counter()
    helper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="training-helper")
    ended = False
    try:
        upcoming, measured = helper.submit(epochs.prepare, 0), None
        last_finite = network.copy()
        for epoch in range(settings.epochs):
            if gate is not None and gate.holds():
                if measured is not None:
                    last_finite = _report(result, measured.result(), last_finite, on_epoch, started)
                    measured = None
                gate.wait()
            optimizer.learning_rate = learning_rate_at(settings, epoch)
            epoch_x, epoch_y = upcoming.result()
            if epoch + 1 < settings.epochs:
                upcoming = helper.submit(epochs.prepare, epoch + 1)
            outcome = train_epoch(network, optimizer, epoch_x, epoch_y, batch_size, should_stop)
            if measured is not None:
                last_finite = _report(result, measured.result(), last_finite, on_epoch, started)
                measured = None
            if outcome == "diverged":
                _diverged(result, last_finite, epoch, started)
            if outcome == "stopped":
                result.stopped = True
                break
            trained = network.copy()
            elapsed = time.perf_counter() - started
            measured = helper.submit(_measure_epoch, epoch, settings.epochs, trained, train_x, train_y,
                                     test_x, test_y, elapsed)
        if measured is not None:
            _report(result, measured.result(), last_finite, on_epoch, started)
        ended = True
    finally:
        # a stop or an error leaves the next epoch's rows unfinished: they are not waited for
        helper.shutdown(wait=ended, cancel_futures=True)


def _measure_epoch(epoch, epochs, network, train_x, train_y, test_x, test_y, elapsed) -> EpochReport:
    """An epoch's figures: the cost on the training rows, and the cost and accuracy on the test rows."""
    train_cost = network.cost(train_x, train_y)
    test = evaluate(network, test_x, test_y)
    return EpochReport(epoch + 1, epochs, train_cost, test.cost, test.rate, elapsed, network)


def _report(result, report: EpochReport, last_finite: Network, on_epoch, started) -> Network:
    """Record an epoch's figures and pass them on; the epoch's network, unless its cost is not finite."""
    if not math.isfinite(report.train_cost):
        _diverged(result, last_finite, report.epoch - 1, started)
    result.history.append(report.train_cost, report.test_cost, report.test_accuracy, report.elapsed)
    if on_epoch:
        on_epoch(report)
    assert report.network is not None, "an epoch's report holds its network until it is sent to another process"
    return report.network


class EpochRows:
    """Each epoch's training rows: the data's rows shuffled, the extra rows mixed in, then distorted.

    Two epochs' rows may be in use at once (one training, the next being made), so the shuffled copies
    alternate between two sets of arrays.
    """

    def __init__(self, settings: TrainingSettings, rng: np.random.Generator, x: np.ndarray, y: np.ndarray,
                 extra_rows: ExtraRows | None):
        self.settings, self.rng, self.extra_rows = settings, rng, extra_rows
        self.augmentation = settings.augmentation
        self.shuffled = (ShuffledRows(x, y), ShuffledRows(x, y))

    def prepare(self, epoch: int) -> tuple[np.ndarray, np.ndarray]:
        epoch_x, epoch_y = self.shuffled[epoch % 2].next_epoch(self.rng)
        if self.extra_rows is not None:
            epoch_x, epoch_y = with_extra_rows(epoch_x, epoch_y, self.extra_rows(self.rng), self.rng)
        if self.settings.augment:
            epoch_x = augment(epoch_x, self.rng, self.augmentation)
        return epoch_x, epoch_y


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


def train_epoch(network: Network | LayeredNetwork, optimizer, x: np.ndarray, y: np.ndarray, batch_size: int,
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


def _diverged(result: TrainingResult, last_finite: Network, epoch: int, started: float):
    """Restore the last finite weights and raise, so the caller keeps what was learned."""
    result.network = last_finite
    result.stopped = True
    result.seconds = time.perf_counter() - started
    raise TrainingError(
        _("training diverged in epoch {epoch}: the cost is no longer a finite number. Try a smaller learning "
          "rate (it was {rate:g}).").format(epoch=epoch + 1, rate=result.settings.learning_rate),
        result,
    )
