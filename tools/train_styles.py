"""Prototype: train the Draw tab's drawing model with synthetic style digits mixed into every epoch.

The recipe of resources/draw-model.npz (rows 0-899 and 1000-3999, 200 epochs, the shipped model's other
settings), plus `--per-epoch` digits of core/styles.py's styles drawn each epoch from a pool of `--pool`
made once with `--pool-seed`; they are shuffled in with the rows and augmented like them.

    python tools/train_styles.py --out /tmp/styles-models/candidate.npz [--per-epoch 400] [--pool 4000]
                                 [--pool-seed 1000] [--weight one_with_flag=2 ...] [--epochs 200] [--seed 0]
                                 [--hidden 256 256] [--thickness 0.8]

The model's metadata records the synthetic digits under "synthetic_styles". Measure it with
bench/styles.py --model PATH and bench/drawn_digits.py --draw-model PATH.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.data import load_dataset  # noqa: E402
from core.evaluation import evaluate  # noqa: E402
from core.model_io import model_from_training, save_model  # noqa: E402
from core.resources import DATA_FILE  # noqa: E402
from core.styles import STYLES, StyleRows  # noqa: E402
from core.training import TrainingSettings, train  # noqa: E402

DRAWING_MODEL_ROWS = ((0, 900), (1000, 4000))


def weight(text: str) -> tuple[str, float]:
    name, _, value = text.partition("=")
    if name not in STYLES:
        raise argparse.ArgumentTypeError(f"unknown style {name!r}: expected one of {', '.join(STYLES)}")
    return name, float(value)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--per-epoch", type=int, default=400, help="synthetic digits added to each epoch")
    parser.add_argument("--pool", type=int, default=4000, help="synthetic digits made once to draw from")
    parser.add_argument("--pool-seed", type=int, default=1000)
    parser.add_argument("--weight", type=weight, nargs="*", default=[], metavar="STYLE=W",
                        help="relative share of a style in the pool (default 1 each)")
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--hidden", type=int, nargs="+", default=list(TrainingSettings.hidden))
    parser.add_argument("--thickness", type=float, default=TrainingSettings.thickness)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    weights = {name: 1.0 for name in STYLES} | dict(args.weight)
    data = load_dataset(DATA_FILE)
    settings = TrainingSettings(train_rows=DRAWING_MODEL_ROWS, epochs=args.epochs, hidden=tuple(args.hidden),
                                thickness=args.thickness, seed=args.seed).validate()
    started = time.perf_counter()
    styles = StyleRows.make(args.pool, args.per_epoch, args.pool_seed, weights)
    pool_seconds = time.perf_counter() - started
    print(f"pool of {args.pool} style digits in {pool_seconds:.1f} s")

    def progress(report):
        print(f"\repoch {report.epoch}/{report.epochs}  cost {report.train_cost:.4f}  {report.elapsed:.0f} s",
              end="", flush=True)

    result = train(data, settings, on_epoch=progress, extra_rows=styles if args.per_epoch else None)
    print()
    test = evaluate(result.network, *data.rows(settings.test_rows))
    model = model_from_training(result, test.rate)
    model.metadata["synthetic_styles"] = {
        "per_epoch": args.per_epoch, "pool": args.pool, "pool_seed": args.pool_seed, "weights": weights,
        "pool_seconds": round(pool_seconds, 3), "generator": "core/styles.py",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_model(model, args.out)
    print(f"trained in {result.seconds:.1f} s (+ {pool_seconds:.1f} s for the pool): {args.out}")
    print(f"rows 900-999: {100 * test.rate:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
