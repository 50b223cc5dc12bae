"""Seconds per training epoch of a convolutional network: Trazo's NumPy layers against PyTorch, one thread each.

The same layers (by default conv:16:5:same,pool:2,conv:32:5:same,pool:2,dense:128 and a softmax output of
10), the same data (rows 0-899, no distortions), Adam with the same learning rate, mini-batches of 32,
float32, on the CPU with one thread: NumPy's BLAS held to one thread by threadpoolctl, PyTorch by
torch.set_num_threads(1). Each round times one epoch of each library, in alternating order; the figures
are medians over the rounds, and the ratio is the median of the rounds' ratios (a busy machine slows both
libraries of a round alike). The target of issue 26 is a ratio of at most 2.0.

    python -m bench.conv_speed [--layers ...] [--rounds 7]   # PyTorch: pip install torch==2.13.0
"""

from __future__ import annotations

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import argparse  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

from core.learning.data import load_dataset  # noqa: E402
from core.learning.layer_spec import Convolution, Dense, Pool, format_layers, parse_layers, shapes  # noqa: E402
from core.learning.layered import LayeredNetwork, LayeredOptimizer, as_images  # noqa: E402
from core.base.resources import DATA_FILE  # noqa: E402
from core.learning.training import ShuffledRows, train_epoch  # noqa: E402

LAYERS = "conv:16:5:same,pool:2,conv:32:5:same,pool:2,dense:128"
ROWS = (0, 900)
BATCH = 32
LEARNING_RATE = 0.002
PAUSE = 0.3         # seconds between timed epochs


def trazo(layers, x, y, batch_size):
    network = LayeredNetwork.create(layers, seed=0)
    optimizer = LayeredOptimizer("adam", network, LEARNING_RATE)
    rng = np.random.default_rng(0)
    shuffled = ShuffledRows(x, y)

    def run_epoch():
        train_epoch(network, optimizer, *shuffled.next_epoch(rng), batch_size)

    return run_epoch


def torch_model(layers, torch):
    """The same layers in PyTorch: each convolution and hidden dense layer followed by ReLU."""
    modules, shape = [], (1, 28, 28)
    for layer, described in zip(layers, shapes(layers)):
        if isinstance(layer, Convolution):
            modules += [torch.nn.Conv2d(shape[0], layer.filters, layer.size, padding=layer.padding),
                        torch.nn.ReLU()]
        elif isinstance(layer, Pool):
            modules.append(torch.nn.MaxPool2d(layer.size))
        elif isinstance(layer, Dense):
            if len(shape) > 1:
                modules.append(torch.nn.Flatten())
            modules += [torch.nn.Linear(int(np.prod(shape)), layer.units), torch.nn.ReLU()]
        shape = described.output_shape
    if len(shape) > 1:
        modules.append(torch.nn.Flatten())
    modules.append(torch.nn.Linear(int(np.prod(shape)), 10))
    return torch.nn.Sequential(*modules)


def pytorch(layers, x, y, batch_size):
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = torch_model(layers, torch)
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    loss_function = torch.nn.CrossEntropyLoss()
    images = torch.from_numpy(np.ascontiguousarray(as_images(x)) if not isinstance(layers[0], Dense) else x)
    labels = torch.from_numpy(y)

    def run_epoch():
        order = torch.randperm(len(labels))
        epoch_x, epoch_y = images[order], labels[order]
        for start in range(0, len(labels), batch_size):
            optimizer.zero_grad()
            loss = loss_function(model(epoch_x[start:start + batch_size]), epoch_y[start:start + batch_size])
            loss.backward()
            optimizer.step()

    return run_epoch


def seconds(run_epoch) -> float:
    started = time.perf_counter()
    run_epoch()
    return time.perf_counter() - started


def processor() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def blas() -> str:
    libraries = [f"{each['internal_api']} {each.get('version')} kernel {each.get('architecture')} "
                 f"threads {each['num_threads']}" for each in threadpool_info() if each["user_api"] == "blas"]
    return "; ".join(libraries) or "none found"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", default=LAYERS)
    parser.add_argument("--batch", type=int, default=BATCH)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    layers = parse_layers(args.layers)
    x, y = (np.ascontiguousarray(array) for array in load_dataset(DATA_FILE).rows(ROWS))
    with threadpool_limits(limits=1, user_api="blas"):
        print(f"cpu {processor()}; numpy {np.__version__}, BLAS {blas()}")
        epochs = {"trazo": trazo(layers, x, y, args.batch), "pytorch": pytorch(layers, x, y, args.batch)}
        if epochs["pytorch"] is None:
            print("note: PyTorch is absent (pip install torch==2.13.0); only Trazo is timed")
            del epochs["pytorch"]
        else:
            import torch

            print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, "
                  f"CPU capability {torch.backends.cpu.get_cpu_capability()}")
        print(f"layers {format_layers(layers)}; rows {ROWS[0]}-{ROWS[1] - 1}, batch {args.batch}, Adam, float32; "
              f"one warm-up epoch each, then {args.rounds} rounds")
        for run_epoch in epochs.values():
            run_epoch()
        timings: dict[str, list[float]] = {name: [] for name in epochs}
        for round_number in range(args.rounds):
            names = list(epochs) if round_number % 2 == 0 else list(reversed(epochs))
            for name in names:
                time.sleep(PAUSE)
                timings[name].append(seconds(epochs[name]))
    for name, values in timings.items():
        print(f"{name:>8}: median {statistics.median(values):.3f} s per epoch "
              f"(rounds: {' '.join(f'{value:.3f}' for value in values)})")
    if "pytorch" in timings:
        ratios = [ours / theirs for ours, theirs in zip(timings["trazo"], timings["pytorch"])]
        print(f"trazo / pytorch per round: {' '.join(f'{ratio:.2f}' for ratio in ratios)}")
        print(f"ratio_vs_pytorch={statistics.median(ratios):.2f} (target <= 2.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
