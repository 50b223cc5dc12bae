"""How Trazo scales: a 60,000-row file in the assignment's format, its load time and peak memory,
and the training epoch time at 900, 5000, 20000 and 60000 rows (it should grow linearly).

The big file is made from the 5000 shipped rows and distorted copies of them (core.learning.augment), written
once to a temporary folder (or --keep PATH). The load is measured in a fresh process so that its
peak resident memory is the loader's own.

    python -m bench.scale
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# before NumPy loads OpenBLAS
os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")

import numpy as np

from bench.train_speed import trazo
from core.base.resources import DATA_FILE
from core.learning.augment import augment
from core.learning.data import load_dataset

ROOT = Path(__file__).resolve().parent.parent
ROWS = 60_000
EPOCH_SIZES = (900, 5000, 20_000, 60_000)
LOAD_AND_MEASURE = """
import sys, time
sys.path.insert(0, {root!r})
started = time.perf_counter()
from core.learning.data import load_dataset
data = load_dataset({path!r})
seconds = time.perf_counter() - started
# Linux's VmHWM is this program's own peak; ru_maxrss also counts the parent it was forked from
try:
    with open("/proc/self/status") as status:
        peak_kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    import resource
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(len(data), seconds, peak_kib / 1024)
"""


def write_big_file(path: Path) -> None:
    data = load_dataset(DATA_FILE)
    rng = np.random.default_rng(0)
    copies = [data.pixels] + [augment(data.pixels, rng) for _ in range(ROWS // len(data) - 1)]
    pixels = np.rint(np.clip(np.concatenate(copies), 0, 1) * 255).astype(np.int64)
    labels = np.tile(data.labels, ROWS // len(data))
    table = np.hstack([pixels, labels[:, None]])
    with open(path, "w", encoding="ascii") as stream:
        np.savetxt(stream, table, fmt="%d", delimiter=",")


def measure_load(path: Path) -> tuple[int, float, float]:
    script = LOAD_AND_MEASURE.format(root=str(ROOT), path=str(path))
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    rows, seconds, peak = output.stdout.split()
    return int(rows), float(seconds), float(peak)


def epoch_ms(x: np.ndarray, y: np.ndarray, repeats: int = 5) -> float:
    """The median of a few epochs at batch 32, after one untimed one, with train_speed's Trazo epoch."""
    run_epoch = trazo(x, y, 32)
    timings = []
    for _ in range(repeats + 1):
        started = time.perf_counter()
        run_epoch()
        timings.append(time.perf_counter() - started)
    return 1000 * float(np.median(timings[1:]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the 60,000-row file here and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        path = args.keep or Path(scratch) / "mnist60k.txt"
        if not path.exists():
            started = time.perf_counter()
            write_big_file(path)
            print(f"wrote {path.name}: {path.stat().st_size / 2**20:.0f} MiB in {time.perf_counter() - started:.1f} s")
        rows, seconds, peak = measure_load(path)
        print(f"load {rows} rows: {seconds:.2f} s, peak memory {peak:.0f} MiB (targets: <= 5 s, <= 1024 MiB)")
        data = load_dataset(path)
    print(f"{'rows':>8}{'ms/epoch':>10}{'us/row':>8}   (batch 32, 784-200-10, plain gradient descent)")
    for size in EPOCH_SIZES:
        x, y = np.ascontiguousarray(data.pixels[:size]), data.labels[:size]
        milliseconds = epoch_ms(x, y)
        print(f"{size:>8}{milliseconds:>10.1f}{1000 * milliseconds / size:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
