"""How fast `load_dataset` reads a data file: the shipped 5000 rows as integers, as a gzip and as
decimals in [0, 1], and (with --big) a 60,000-row file like the one bench/scale.py makes.

Each figure is the median of several loads in this process, after one untimed load.

    python -m bench.load_speed [--repeats 9] [--big PATH]
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from core.base.resources import DATA_FILE
from core.learning.data import load_dataset


def median_seconds(path: Path, repeats: int) -> float:
    load_dataset(path)
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        load_dataset(path)
        timings.append(time.perf_counter() - started)
    return float(np.median(timings))


def write_variants(folder: Path) -> dict[str, Path]:
    """The shipped file, a gzip of it and a copy with pixels written as decimals in [0, 1]."""
    gzipped = folder / "mnist.txt.gz"
    gzipped.write_bytes(gzip.compress(Path(DATA_FILE).read_bytes(), compresslevel=6))
    data = load_dataset(DATA_FILE)
    decimals = folder / "scaled.txt"
    with open(decimals, "w", encoding="ascii") as stream:
        for pixels, label in zip(data.pixels, data.labels, strict=True):
            stream.write(",".join(f"{value:.6g}" for value in pixels) + f",{label}\n")
    return {"shipped (integers)": Path(DATA_FILE), "shipped, gzip": gzipped, "decimals in [0, 1]": decimals}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--big", type=Path, help="also time this file (e.g. bench/scale.py --keep PATH)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        files = write_variants(Path(scratch))
        if args.big:
            files["big file"] = args.big
        for name, path in files.items():
            seconds = median_seconds(path, args.repeats if name != "big file" else max(3, args.repeats // 3))
            print(f"{name:>20}: {1000 * seconds:8.1f} ms  ({path.name})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
