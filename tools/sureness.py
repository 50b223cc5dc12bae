"""How often the Draw tab shows a wrong answer as sure, and what a threshold or a temperature would change.

Reads the probabilities the drawing benchmarks save (`--probabilities`): a tuning set to choose a
temperature and thresholds, and a separate test set to report them on.

    python tools/sureness.py --tune a.npz b.npz --test c.npz d.npz [--target 0.01]

For each threshold the tab could use instead of gui.draw_tab.UNSURE_BELOW, it prints the part of all
drawings that are wrong but shown as sure, and the part that are right but shown as "not sure". The
temperature T divides the log-probabilities before the softmax; it is fitted on the tuning set by the
mean cross-entropy (the usual temperature scaling), which keeps every answer and changes only the
shown probabilities.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

THRESHOLDS = (0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99)
TEMPERATURES = np.exp(np.linspace(np.log(0.5), np.log(8), 161))
SMALLEST = 1e-30        # saved float32 probabilities can underflow to 0


def load(paths: list[Path]) -> tuple[np.ndarray, np.ndarray]:
    parts = [np.load(path) for path in paths]
    labels = np.concatenate([part["labels"] for part in parts])
    probabilities = np.concatenate([part["probabilities"] for part in parts]).astype(np.float64)
    return probabilities, labels


def with_temperature(probabilities: np.ndarray, temperature: float) -> np.ndarray:
    logits = np.log(np.maximum(probabilities, SMALLEST)) / temperature
    logits -= logits.max(axis=1, keepdims=True)
    scaled = np.exp(logits)
    return scaled / scaled.sum(axis=1, keepdims=True)


def cross_entropy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    return float(-np.mean(np.log(np.maximum(probabilities[np.arange(len(labels)), labels], SMALLEST))))


def fitted_temperature(probabilities: np.ndarray, labels: np.ndarray) -> float:
    costs = [cross_entropy(with_temperature(probabilities, t), labels) for t in TEMPERATURES]
    return float(TEMPERATURES[int(np.argmin(costs))])


def rates(probabilities: np.ndarray, labels: np.ndarray, threshold: float) -> tuple[float, float]:
    """(wrong and shown sure, right and shown not sure), as parts of all drawings."""
    right = probabilities.argmax(axis=1) == labels
    sure = probabilities.max(axis=1) >= threshold
    return float(np.mean(~right & sure)), float(np.mean(right & ~sure))


def lowest_threshold(probabilities: np.ndarray, labels: np.ndarray, target: float) -> float | None:
    """The lowest threshold (in steps of 0.005) at which at most `target` of the drawings are wrong and
    shown sure; None if even 0.995 shows more."""
    for threshold in np.arange(100, 200) / 200:
        if rates(probabilities, labels, threshold)[0] <= target:
            return float(threshold)
    return None


def print_table(name: str, probabilities: np.ndarray, labels: np.ndarray, thresholds) -> None:
    print(f"  {name}: {len(labels)} drawings, accuracy {100 * np.mean(probabilities.argmax(1) == labels):.1f}%")
    for threshold in thresholds:
        wrong_sure, right_unsure = rates(probabilities, labels, threshold)
        print(f"    threshold {threshold:.3f}: wrong and sure {100 * wrong_sure:5.2f}%, "
              f"right but 'not sure' {100 * right_unsure:5.2f}%")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", type=Path, nargs="+", required=True, help="probabilities to choose on")
    parser.add_argument("--test", type=Path, nargs="+", required=True, help="probabilities to report on")
    parser.add_argument("--target", type=float, default=0.01, help="wrong-and-sure part to aim for (default 0.01)")
    args = parser.parse_args(argv)

    tune, test = load(args.tune), load(args.test)
    temperature = fitted_temperature(*tune)
    threshold = lowest_threshold(*tune, args.target)
    scaled = with_temperature(tune[0], temperature)
    scaled_threshold = lowest_threshold(scaled, tune[1], args.target)
    print(f"tuning set: {len(tune[1])} drawings; fitted temperature {temperature:.2f} "
          f"(cross-entropy {cross_entropy(*tune):.3f} -> {cross_entropy(scaled, tune[1]):.3f}); "
          f"lowest threshold with at most {100 * args.target:g}% wrong and sure: {threshold} "
          f"({scaled_threshold} after the temperature)")
    print("test set:")
    print_table("as shown today", *test, sorted({*THRESHOLDS, threshold or 0.6}))
    print_table(f"temperature {temperature:.2f}", with_temperature(test[0], temperature), test[1],
                sorted({0.6, 0.8, scaled_threshold or 0.6}))
    print(f"  test cross-entropy {cross_entropy(*test):.3f} -> "
          f"{cross_entropy(with_temperature(test[0], temperature), test[1]):.3f} with the temperature")
    return 0


if __name__ == "__main__":
    sys.exit(main())
