"""Where a convolutional recipe lands: train a layered network on rows 0-899 and read rows 1000-4999.

Training is the app's own loop, piece by piece (core/learning/training.py's shuffled rows, distortions and epoch
function, its cosine schedule, one BLAS thread, the next epoch's distorted rows made by a helper thread
while this one trains); the network is core/learning/layered.py's. Rows 900-999, the assignment's test rows, are
never read here: a recipe is chosen on rows 1000-4999 only.

    python -m bench.conv_accuracy --epochs 60 --seeds 0 1 2 [--layers ...] [--learning-rate 0.002]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from threadpoolctl import threadpool_limits

from core.learning.data import load_dataset
from core.learning.evaluation import evaluate
from core.learning.layer_spec import format_layers, parameter_count, parse_layers
from core.learning.layered import LayeredNetwork, LayeredOptimizer
from core.base.resources import DATA_FILE
from core.learning.settings import TrainingSettings
from core.learning.training import EpochRows, learning_rate_at, train_epoch

LAYERS = "conv:16:5:same,pool:2,conv:32:5:same,pool:2,dense:128"
TRAIN_ROWS = (0, 900)
MEASURE_ROWS = (1000, 5000)


def run(data, layers, settings: TrainingSettings, every: int) -> tuple[float, float]:
    """Train one network; (rate on rows 1000-4999, seconds of training)."""
    train_x, train_y = data.rows(TRAIN_ROWS)
    measure_x, measure_y = data.rows(MEASURE_ROWS)
    rng = np.random.default_rng(settings.seed)
    network = LayeredNetwork.create(layers, rng)
    optimizer = LayeredOptimizer(settings.optimizer, network, settings.learning_rate, settings.momentum,
                                 settings.weight_decay)
    epochs = EpochRows(settings, rng, train_x, train_y, None)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=1) as helper:
        upcoming = helper.submit(epochs.prepare, 0)
        for epoch in range(settings.epochs):
            optimizer.learning_rate = learning_rate_at(settings, epoch)
            epoch_x, epoch_y = upcoming.result()
            if epoch + 1 < settings.epochs:
                upcoming = helper.submit(epochs.prepare, epoch + 1)
            if train_epoch(network, optimizer, epoch_x, epoch_y, settings.batch_size) != "done":
                raise SystemExit(f"epoch {epoch + 1}: the cost is no longer finite")
            if every and (epoch + 1) % every == 0 and epoch + 1 < settings.epochs:
                rate = evaluate(network, measure_x, measure_y).rate
                print(f"    epoch {epoch + 1}: rows 1000-4999 {100 * rate:.2f}% "
                      f"({time.perf_counter() - started:.0f} s)", flush=True)
    seconds = time.perf_counter() - started
    return evaluate(network, measure_x, measure_y).rate, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", default=LAYERS)
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--learning-rate", type=float, default=0.002)
    parser.add_argument("--optimizer", default="adam")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--weight-decay", type=float, default=0.0)
    parser.add_argument("--thickness", type=float, default=0.8)
    parser.add_argument("--no-augment", action="store_true")
    parser.add_argument("--every", type=int, default=0, help="also measure every this many epochs")
    args = parser.parse_args(argv)
    layers = parse_layers(args.layers)
    data = load_dataset(DATA_FILE)
    print(f"layers {format_layers(layers)} ({parameter_count(layers):,} parameters); {args.optimizer} "
          f"{args.learning_rate:g}, cosine, {args.epochs} epochs, batch {args.batch}, weight decay "
          f"{args.weight_decay:g}, augmentation {'none' if args.no_augment else f'thickness {args.thickness:g}'}")
    rates = []
    for seed in args.seeds:
        settings = TrainingSettings(optimizer=args.optimizer, learning_rate=args.learning_rate, schedule="cosine",
                                    epochs=args.epochs, batch_size=args.batch, weight_decay=args.weight_decay,
                                    augment=not args.no_augment, thickness=args.thickness, seed=seed)
        with threadpool_limits(limits=1, user_api="blas"):
            rate, seconds = run(data, layers, settings.validate(), args.every)
        rates.append(rate)
        print(f"  seed {seed}: rows 1000-4999 {100 * rate:.2f}% in {seconds:.0f} s "
              f"({seconds / args.epochs:.2f} s per epoch)", flush=True)
    print(f"mean of {len(rates)} seeds: {100 * statistics.mean(rates):.2f}% on rows 1000-4999")
    return 0


if __name__ == "__main__":
    sys.exit(main())
