"""How soon a training run's child process answers: from `ChildRun.start()` to its first epoch's message.

The app's way (core/services/child_run.py's CONTEXT: a fork of a server that has imported NumPy and the
training code once, where the system has one) against a new interpreter for every run ("spawn", Windows'
only way), in the same process, taking turns. A one-epoch run on 100 rows, so that the figure is the start:
the interpreter, the imports, the data sent, one tiny epoch. The first run of each way is reported apart (the
server starts then), and the others as their median.

    python -m bench.child_start [--runs 7]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time

from bench.epochs import blas_name, cpu_name
from core.base.resources import DATA_FILE
from core.learning.data import load_dataset
from core.learning.settings import TrainingSettings
from core.services import child_run
from core.services.child_run import EPOCH, ChildRun

SETTINGS = TrainingSettings(hidden=(16,), epochs=1, train_rows=(0, 100), augment=False)


def first_epoch_seconds(context, data) -> float:
    """Seconds from the start of a one-epoch run to its first epoch's message; the run is then read to its end."""
    started = time.perf_counter()
    run = ChildRun(data, SETTINGS, context)
    run.start()
    messages = run.messages()
    kind, _ = next(messages)
    seconds = time.perf_counter() - started
    assert kind == EPOCH, kind
    for _ in messages:
        pass
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each way (default: 7)")
    args = parser.parse_args(argv)
    data = load_dataset(DATA_FILE)
    ways = {"the app's (" + child_run.CONTEXT.get_start_method() + ")": child_run.CONTEXT,
            "spawn": multiprocessing.get_context("spawn")}
    seconds: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(args.runs):
        for name, context in ways.items():
            seconds[name].append(first_epoch_seconds(context, data))
    print(f"{cpu_name()}, {blas_name()}; {args.runs} runs of each way, taking turns")
    for name, times in seconds.items():
        first, then = 1000 * times[0], 1000 * statistics.median(times[1:])
        print(f"{name:>26}: first run {first:6.0f} ms, then median {then:6.0f} ms")


if __name__ == "__main__":
    main()
