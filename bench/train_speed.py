"""Milliseconds per training epoch: Trazo's NumPy core against PyTorch and scikit-learn.

The same network (784-200-10, ReLU, softmax cross-entropy), data (rows 0-899), plain gradient descent,
float32, 2 threads, batch sizes 32 and 900 (full batch). Each library is timed in its own block (their
thread pools interfere when interleaved); the figure is the median epoch over several repeats.

    python bench/train_speed.py            # PyTorch: pip install torch==2.13.0; sklearn: requirements-bench.txt
"""

from __future__ import annotations

import os

THREADS = "2"
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = THREADS

import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.data import load_dataset  # noqa: E402
from core.network import Network  # noqa: E402
from core.optimizers import GradientDescent  # noqa: E402
from core.training import train_epoch  # noqa: E402

BATCH_SIZES = (32, 900)
EPOCHS = 10          # timed epochs per repeat
REPEATS = 5
WARMUP_EPOCHS = 3
LEARNING_RATE = 0.01


def median_epoch_ms(run_epoch) -> float:
    for _ in range(WARMUP_EPOCHS):
        run_epoch()
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        for _ in range(EPOCHS):
            run_epoch()
        timings.append((time.perf_counter() - started) / EPOCHS * 1000)
    return statistics.median(timings)


def trazo(x, y, batch_size) -> float:
    network = Network.create([784, 200, 10], seed=0)
    optimizer = GradientDescent(network.parameters, LEARNING_RATE)
    rng = np.random.default_rng(0)

    def run_epoch():
        order = rng.permutation(len(y))
        train_epoch(network, optimizer, x[order], y[order], batch_size)

    return median_epoch_ms(run_epoch)


def pytorch(x, y, batch_size) -> float | None:
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

    return median_epoch_ms(run_epoch)


def scikit_learn(x, y, batch_size) -> float | None:
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

    return median_epoch_ms(run_epoch)


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
    forward = sum(2 * samples * n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))
    weight_gradients = forward
    hidden_gradients = sum(2 * samples * n_in * n_out for n_in, n_out in zip(sizes[1:-1], sizes[2:]))
    return forward + weight_gradients + hidden_gradients


def fmt(value: float | None) -> str:
    return "   absent" if value is None else f"{value:9.2f}"


def main() -> int:
    data = load_dataset(ROOT / "resources" / "mnist.txt")
    x, y = (np.ascontiguousarray(a) for a in data.rows((0, 900)))
    print(f"threads {THREADS}; numpy {np.__version__}; {EPOCHS} epochs x {REPEATS} repeats per figure")
    results = {}
    for name, function in (("trazo", trazo), ("pytorch", pytorch), ("sklearn", scikit_learn)):
        results[name] = {batch: function(x, y, batch) for batch in BATCH_SIZES}
    if results["pytorch"][32] is None:
        print("note: PyTorch is absent (pip install torch==2.13.0); its columns are skipped")
    if results["sklearn"][32] is None:
        print("note: scikit-learn is absent (pip install -r requirements-bench.txt); its columns are skipped")
    print(f"{'ms per epoch':>14}{'trazo':>10}{'pytorch':>10}{'sklearn':>10}")
    for batch in BATCH_SIZES:
        label = "full batch" if batch == len(y) else f"batch {batch}"
        print(f"{label:>14}" + "".join(fmt(results[name][batch]) + " " for name in results))
    rate = gemm_rate()
    achieved = full_batch_flops(len(y)) / (results["trazo"][len(y)] / 1000)
    print(f"float32 GEMM rate {rate / 1e9:.1f} GFLOP/s; trazo full-batch epoch {achieved / 1e9:.1f} GFLOP/s")
    ratios = []
    for batch, key in ((32, "batch32"), (len(y), "fullbatch")):
        reference = results["pytorch"][batch]
        ratios.append(f"{key}={results['trazo'][batch] / reference:.2f}" if reference else f"{key}=n/a")
    print(f"ratio_vs_pytorch {' '.join(ratios)} gemm_fraction={achieved / rate:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
