"""Does training slow down as it goes? Epoch times over the shipped recipe's whole run, and what this
CPU pays for float32 subnormal numbers.

Numbers below float32's smallest normal (1.18e-38) are several times slower to compute with on some
CPUs (about 4x on AVX-512 Xeons). Optimiser state that decays towards zero where the gradient is zero
(Adam's running mean, momentum's velocity) ends up there after several hundred steps, so the late
epochs of a run are slower than the early ones on such a CPU and not on others. The ratio of the last
30 epochs to epochs 6-35 catches that on any CPU; the micro-benchmark says how much this one pays.

    python -m bench.epochs [--runs 3]     # epoch times of the shipped recipe, subnormal price
    python -m bench.epochs --parts        # also: where an epoch's time goes, per thread
    python -m bench.epochs --census       # also: subnormal entries in every kind of training array

On a machine shared with other work the wall-time ratio is noisy: each run also prints the ratio of
this process's CPU time, which leaves out the moments other programs had the CPU, and
OPENBLAS_NUM_THREADS=1 keeps a busy core from stalling the matrix products (two BLAS threads wait for
each other).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import platform
import statistics
import sys
import time
from collections import Counter
from functools import partial
from itertools import pairwise

import numpy as np

import core.learning.network
import core.learning.training
from core.base.resources import DATA_FILE
from core.learning.data import load_dataset
from core.learning.network import Network
from core.learning.training import TrainingSettings, train

TINY = np.finfo(np.float32).tiny     # the smallest normal float32
# a softmax output exp(log_y_hat) is subnormal for log_y_hat in [ln(2**-149), ln(TINY))
SUBNORMAL_LOGS = (float(np.log(np.float64(2) ** -149)), float(np.log(TINY)))
EARLY = slice(5, 35)                 # epochs 6-35: past the first epochs' warm-up, before decay sets in
LATE_EPOCHS = 30
TARGET_RATIO = 1.1
MICRO_ELEMENTS = 1_000_000
MICRO_REPEATS = 31


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            lines = info.read().splitlines()
    except OSError:
        return platform.processor() or platform.machine()
    name = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "?")
    flags = next((line.split(":", 1)[1].split() for line in lines if line.startswith("flags")), [])
    vector = "avx512f" if "avx512f" in flags else "avx2" if "avx2" in flags else "no avx2"
    return f"{name} ({vector})"


def blas_name() -> str:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (threadpoolctl absent)"
    pools = [pool for pool in threadpool_info() if pool.get("user_api") == "blas"]
    return "; ".join(f"{pool['internal_api']} {pool.get('version')} {pool.get('architecture')} kernels, "
                     f"{pool['num_threads']} threads" for pool in pools) or "none found"


def subnormal_price() -> dict[str, float]:
    """Time of the same expression on 1M subnormal over 1M normal float32 values (median ratio)."""
    rng = np.random.default_rng(0)
    normal = rng.uniform(1, 2, MICRO_ELEMENTS).astype(np.float32) * np.float32(1e-3)
    subnormal = rng.uniform(1, 2, MICRO_ELEMENTS).astype(np.float32) * np.float32(TINY / 16)
    out = np.empty_like(normal)
    expressions = {
        "multiply": lambda m: np.multiply(m, np.float32(0.9), out=out),    # m * 0.9, Adam's decay of its mean
        "divide": lambda m: np.divide(m, normal, out=out),                 # m / d
        "sqrt": lambda m: np.sqrt(m, out=out),
    }
    prices = {}
    for name, expression in expressions.items():
        ratios = []
        for _ in range(MICRO_REPEATS):   # alternate, so that a slow moment of the machine hits both
            ratios.append(_seconds(partial(expression, subnormal)) / _seconds(partial(expression, normal)))
        prices[name] = statistics.median(ratios)
    return prices


def _seconds(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def epoch_milliseconds(data, settings: TrainingSettings) -> tuple[list[float], list[float]]:
    """Each epoch's wall time and this process's CPU time (training and the per-epoch evaluation) of
    one whole run. CPU time leaves out the moments other programs had the CPU."""
    ends = [(time.perf_counter(), time.process_time())]
    train(data, settings, on_epoch=lambda report: ends.append((time.perf_counter(), time.process_time())))
    wall, cpu = ([1000 * (end[clock] - start[clock]) for start, end in pairwise(ends)] for clock in (0, 1))
    return wall, cpu


def early_and_late(milliseconds: list[float]) -> tuple[float, float]:
    return statistics.median(milliseconds[EARLY]), statistics.median(milliseconds[-LATE_EPOCHS:])


@contextlib.contextmanager
def patched(owner, name: str, replacement):
    original = getattr(owner, name)
    setattr(owner, name, replacement(original))
    try:
        yield
    finally:
        setattr(owner, name, original)


def timed(totals: Counter, part: str):
    def wrap(function):
        def timed_function(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                totals[part] += time.perf_counter() - started
        return timed_function
    return wrap


def wrap_optimizer(wrap_update):
    """Wraps the update method of every optimizer training makes."""
    def make(original_make):
        def make_optimizer(*args, **kwargs):
            optimizer = original_make(*args, **kwargs)
            optimizer.update = wrap_update(optimizer, optimizer.update)
            return optimizer
        return make_optimizer
    return make


def parts(data, settings: TrainingSettings) -> dict[str, dict[str, float]]:
    """Seconds of one run per part, per thread: the training thread's back-propagation, update and the
    rest (waiting for the next epoch's rows included); the helper thread's augmentation and evaluation,
    which overlap the training thread's work."""
    totals: Counter = Counter()
    with contextlib.ExitStack() as stack:
        stack.enter_context(patched(core.learning.training, "augment", timed(totals, "augmentation")))
        stack.enter_context(patched(core.learning.training, "_measure_epoch",
                                    timed(totals, "evaluation (costs, accuracy)")))
        stack.enter_context(patched(Network, "gradients", timed(totals, "gradients")))
        stack.enter_context(patched(core.learning.training, "make_optimizer",
                                    wrap_optimizer(lambda optimizer, update: timed(totals, "update")(update))))
        started = time.perf_counter()
        train(data, settings)
        whole = time.perf_counter() - started
    training = {part: totals[part] for part in ("gradients", "update")}
    training["rest (waiting for rows, copies)"] = whole - sum(training.values())
    helper = {part: totals[part] for part in ("augmentation", "evaluation (costs, accuracy)")}
    helper["idle"] = whole - sum(helper.values())
    return {"whole run": {"": whole}, "training thread": training, "helper thread": helper}


def subnormal_count(array: np.ndarray) -> int:
    if array.dtype != np.float32:
        return 0
    magnitude = np.abs(array)
    return int(np.count_nonzero((magnitude < TINY) & (magnitude > 0)))


def census(data, settings: TrainingSettings) -> dict[str, tuple[int, int]]:
    """Subnormal entries and all entries seen over one run, per kind of array."""
    seen: dict[str, list[int]] = {}

    def count(kind: str, arrays) -> None:
        entry = seen.setdefault(kind, [0, 0])
        for array in arrays:
            entry[0] += subnormal_count(array)
            entry[1] += array.size

    def counted(kind: str, pick=lambda result: [result]):
        def wrap(function):
            def counting_function(*args, **kwargs):
                result = function(*args, **kwargs)
                count(kind, pick(result))
                return result
            return counting_function
        return wrap

    def counted_update(optimizer, update):
        def counting_update(parameters, gradients):
            count("gradients", gradients)
            update(parameters, gradients)
            count("optimizer state", optimizer.state)
            count("weights and biases", parameters)
        return counting_update

    def softmax_counted(log_softmax):
        def counting_log_softmax(logits):
            log_y_hat = log_softmax(logits)
            entry = seen.setdefault("softmax outputs", [0, 0])
            lowest, highest = SUBNORMAL_LOGS
            entry[0] += int(np.count_nonzero((log_y_hat >= lowest) & (log_y_hat < highest)))
            entry[1] += log_y_hat.size
            return log_y_hat
        return counting_log_softmax

    with contextlib.ExitStack() as stack:
        stack.enter_context(patched(core.learning.training, "augment", counted("augmented images")))
        stack.enter_context(patched(Network, "forward", counted("activations", lambda outputs: outputs[1:])))
        stack.enter_context(patched(core.learning.network, "log_softmax", softmax_counted))
        stack.enter_context(patched(core.learning.training, "make_optimizer", wrap_optimizer(counted_update)))
        train(data, settings)
    return {kind: (entry[0], entry[1]) for kind, entry in seen.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="whole training runs to time (default 3; 0: none)")
    parser.add_argument("--parts", action="store_true", help="one more run, timing its parts")
    parser.add_argument("--census", action="store_true", help="one more run, counting subnormal entries")
    parser.add_argument("--optimizer", default=None, help="instead of the recipe's (adam)")
    parser.add_argument("--epochs", type=int, default=None, help="instead of the recipe's (120)")
    args = parser.parse_args(argv)
    settings = TrainingSettings()
    if args.optimizer:
        settings = dataclasses.replace(settings, optimizer=args.optimizer)
    if args.epochs:
        settings = dataclasses.replace(settings, epochs=args.epochs)
    data = load_dataset(DATA_FILE)

    print(f"cpu: {cpu_name()}")
    print(f"blas: {blas_name()}; numpy {np.__version__}")
    prices = subnormal_price()
    print("subnormal price (time on 1M subnormal / 1M normal float32; m * 0.9, m / d, sqrt(m)): "
          + ", ".join(f"{name} {price:.2f}x" for name, price in prices.items()))

    print(f"recipe: {settings.epochs} epochs, {settings.optimizer}, batch {settings.batch_size}, "
          f"hidden {'-'.join(map(str, settings.hidden))}, augment={settings.augment}; {args.runs} runs")
    if args.runs:
        print(f"{'run':>4}{'seconds':>9}{'epochs 6-35 ms':>16}{'last 30 ms':>12}{'late / early':>14}"
              f"{'cpu: 6-35 ms':>14}{'last 30 ms':>12}{'late / early':>14}")
    ratios, cpu_ratios = [], []
    for run in range(args.runs):
        wall, cpu = epoch_milliseconds(data, settings)
        (early, late), (cpu_early, cpu_late) = early_and_late(wall), early_and_late(cpu)
        ratios.append(late / early)
        cpu_ratios.append(cpu_late / cpu_early)
        print(f"{run + 1:>4}{sum(wall) / 1000:9.2f}{early:16.1f}{late:12.1f}{late / early:14.2f}"
              f"{cpu_early:14.1f}{cpu_late:12.1f}{cpu_late / cpu_early:14.2f}")
    ratio = statistics.median(ratios) if ratios else None

    if args.parts:
        threads = parts(data, settings)
        whole = threads.pop("whole run")[""]
        print(f"where a run's {whole:.2f} s go ({settings.epochs} epochs; one more run with timers):")
        for thread, totals in threads.items():
            print(f"  {thread}:")
            for part, seconds in totals.items():
                print(f"    {part:<32}{seconds:7.2f} s {100 * seconds / whole:5.1f}%  "
                      f"{1000 * seconds / settings.epochs:6.1f} ms per epoch")
    if args.census:
        print("subnormal entries over one more run (entries seen = size of every array each time it is made):")
        for kind, (subnormal, total) in census(data, settings).items():
            print(f"  {kind:<22}{subnormal:>12} of {total:>13}  ({100 * subnormal / max(total, 1):.3f}%)")

    if ratio is None:
        measured = "late_over_early=n/a (no timed runs)"
    else:
        measured = (f"late_over_early={ratio:.2f} (target <= {TARGET_RATIO}, "
                    f"{'met' if ratio <= TARGET_RATIO else 'MISSED'}) "
                    f"cpu_late_over_early={statistics.median(cpu_ratios):.2f}")
    print(f"epochs {measured} "
          + " ".join(f"subnormal_{name}={price:.2f}" for name, price in prices.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
