"""Milliseconds per training epoch: Trazo's NumPy core against PyTorch and scikit-learn.

The same network (784-200-10, ReLU, softmax cross-entropy), data (rows 0-899), plain gradient descent,
float32, 2 threads, batch sizes 32 and 900 (full batch). Each library is timed in its own block (their
thread pools interfere when interleaved), one block after another in several rounds with a pause
between blocks; figures are medians over the rounds, and the ratios are medians of the per-round ratios
(this machine's speed drifts between rounds; a ratio within one round compares like with like).

    python -m bench.train_speed            # PyTorch: pip install torch==2.13.0; sklearn: requirements-bench.txt
"""

from __future__ import annotations

import os
import statistics
import sys
import time

# two threads for every library, set before NumPy (or PyTorch) loads its BLAS
os.environ["OMP_NUM_THREADS"] = "2"
os.environ["OPENBLAS_NUM_THREADS"] = "2"
os.environ["MKL_NUM_THREADS"] = "2"

import numpy as np

from core.base.resources import DATA_FILE
from core.learning.data import load_dataset
from core.learning.network import Network
from core.learning.optimizers import GradientDescent
from core.learning.training import ShuffledRows, train_epoch

THREADS = os.environ["OPENBLAS_NUM_THREADS"]

BATCH_SIZES = (32, 900)
ROUNDS = 9           # each round times every library in turn, one block each
EPOCHS = 10          # timed epochs per block
WARMUP_EPOCHS = 3
PAUSE = 0.3          # seconds between blocks, so the last library's idle threads stop spinning
LEARNING_RATE = 0.01


def block_ms(run_epoch) -> float:
    """The median of EPOCHS epochs, after a few untimed ones."""
    for _ in range(WARMUP_EPOCHS):
        run_epoch()
    timings = []
    for _ in range(EPOCHS):
        started = time.perf_counter()
        run_epoch()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def trazo(x, y, batch_size):
    network = Network.create([784, 200, 10], seed=0)
    optimizer = GradientDescent(network.parameters, LEARNING_RATE)
    rng = np.random.default_rng(0)
    shuffled = ShuffledRows(x, y)

    def run_epoch():
        train_epoch(network, optimizer, *shuffled.next_epoch(rng), batch_size)

    return run_epoch


def pytorch(x, y, batch_size):
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(int(THREADS))
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 200), torch.nn.ReLU(), torch.nn.Linear(200, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    loss_function = torch.nn.CrossEntropyLoss()
    inputs, labels = torch.from_numpy(x), torch.from_numpy(y)

    def run_epoch():
        order = torch.randperm(len(labels))
        epoch_x, epoch_y = inputs[order], labels[order]
        for start in range(0, len(labels), batch_size):
            optimizer.zero_grad()
            loss = loss_function(model(epoch_x[start:start + batch_size]), epoch_y[start:start + batch_size])
            loss.backward()
            optimizer.step()

    return run_epoch


def scikit_learn(x, y, batch_size):
    try:
        from sklearn.neural_network import MLPClassifier
    except ImportError:
        return None
    import warnings

    model = MLPClassifier(hidden_layer_sizes=(200,), solver="sgd", learning_rate_init=LEARNING_RATE,
                          momentum=0.0, nesterovs_momentum=False, batch_size=batch_size, alpha=0.0,
                          random_state=0)
    classes = np.arange(10)

    def run_epoch():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.partial_fit(x, y, classes=classes)

    return run_epoch


def gemm_rate() -> float:
    """The machine's float32 matrix-multiply rate in FLOP/s (1024-cube products, best of 5)."""
    a = np.random.default_rng(0).random((1024, 1024), dtype=np.float32)
    a @ a
    best = min(_time(lambda: a @ a) for _ in range(5))
    return 2 * 1024**3 / best


def _time(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def full_batch_flops(samples: int, sizes=(784, 200, 10)) -> int:
    """Forward plus backward without the input gradient: 2*m*n*k per matrix product."""
    forward = sum(2 * samples * n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True))
    weight_gradients = forward
    hidden_gradients = sum(2 * samples * n_in * n_out for n_in, n_out in zip(sizes[1:-1], sizes[2:], strict=True))
    return forward + weight_gradients + hidden_gradients


def fmt(value: float | None) -> str:
    return "   absent" if value is None else f"{value:9.2f}"


def main() -> int:
    data = load_dataset(DATA_FILE)
    x, y = (np.ascontiguousarray(a) for a in data.rows((0, 900)))
    print(f"threads {THREADS}; numpy {np.__version__}; {ROUNDS} rounds of one {EPOCHS}-epoch block per "
          f"library and batch size; figures are medians")
    libraries = {"trazo": trazo, "pytorch": pytorch, "sklearn": scikit_learn}
    epochs = {(name, batch): make(x, y, batch) for name, make in libraries.items() for batch in BATCH_SIZES}
    timings = {key: [] for key, run_epoch in epochs.items() if run_epoch is not None}
    rates = []
    for _ in range(ROUNDS):
        for key in timings:
            time.sleep(PAUSE)
            timings[key].append(block_ms(epochs[key]))
        time.sleep(PAUSE)
        rates.append(gemm_rate())
    if ("pytorch", 32) not in timings:
        print("note: PyTorch is absent (pip install torch==2.13.0); its columns are skipped")
    if ("sklearn", 32) not in timings:
        print("note: scikit-learn is absent (pip install -r requirements-bench.txt); its columns are skipped")
    median = {key: statistics.median(values) for key, values in timings.items()}
    print(f"{'ms per epoch':>14}" + "".join(f"{name:>10}" for name in libraries))
    for batch in BATCH_SIZES:
        label = "full batch" if batch == len(y) else f"batch {batch}"
        print(f"{label:>14}" + "".join(fmt(median.get((name, batch))) + " " for name in libraries))
    # the machine's rate is its best 1024-cube product of the run: a slow moment lowers one round's
    # GEMM figure as much as its epoch, and would show fractions above 1
    rate = max(rates)
    fractions = [full_batch_flops(len(y)) / (ms / 1000) / rate for ms in timings["trazo", len(y)]]
    print(f"float32 GEMM rate {rate / 1e9:.1f} GFLOP/s (best of the run); trazo full-batch epoch "
          f"{full_batch_flops(len(y)) / median['trazo', len(y)] / 1e6:.1f} GFLOP/s")
    ratios = []
    for batch, key in ((32, "batch32"), (len(y), "fullbatch")):
        if ("pytorch", batch) not in timings:
            ratios.append(f"{key}=n/a")
            continue
        pairs = zip(timings["trazo", batch], timings["pytorch", batch], strict=True)
        per_round = [ours / theirs for ours, theirs in pairs]
        print(f"{key}: trazo / pytorch per round {' '.join(f'{ratio:.2f}' for ratio in per_round)}")
        ratios.append(f"{key}={statistics.median(per_round):.2f}")
    print(f"gemm fraction per round {' '.join(f'{fraction:.2f}' for fraction in fractions)}")
    print(f"ratio_vs_pytorch {' '.join(ratios)} gemm_fraction={statistics.median(fractions):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
