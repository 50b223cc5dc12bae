"""Testing a network on labelled rows: the recognition rate, the mistakes, the confusion matrix."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.learning.data import CLASSES
from core.base import i18n
from core.learning.network import Network
from core.learning.textbook import cross_entropy, softmax

COST_DIGITS = 3     # significant digits of a printed cost


@dataclass(frozen=True)
class Evaluation:
    """Predictions for rows [first_row, first_row + len(labels)) of a data file."""

    probabilities: np.ndarray
    labels: np.ndarray
    first_row: int = 0
    cost: float = float("nan")     # the mean cross-entropy, by the training cost's own function

    @property
    def predictions(self) -> np.ndarray:
        return self.probabilities.argmax(axis=1)

    @property
    def total(self) -> int:
        return len(self.labels)

    @property
    def correct(self) -> int:
        return int((self.predictions == self.labels).sum())

    @property
    def rate(self) -> float:
        """The recognition rate as a fraction of 1."""
        return self.correct / self.total

    @property
    def misclassified(self) -> np.ndarray:
        """Indices (into these rows) of the samples the network got wrong."""
        return np.flatnonzero(self.predictions != self.labels)

    @property
    def confusion(self) -> np.ndarray:
        """confusion[true, predicted] = number of samples."""
        matrix = np.zeros((CLASSES, CLASSES), dtype=np.int64)
        np.add.at(matrix, (self.labels, self.predictions), 1)
        return matrix

    @property
    def recall(self) -> np.ndarray:
        """Per digit, the fraction of its samples read right (the accuracy per digit): the confusion matrix's
        diagonal over its rows' sums; NaN for a digit with no samples."""
        confusion = self.confusion
        totals = confusion.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(totals > 0, np.diag(confusion) / totals, np.nan)

    def at_threshold(self, threshold: float) -> tuple[float, float]:
        """(coverage, accuracy) when answers less sure than `threshold` count as "not sure": the fraction of
        samples answered, and the fraction of those answered right (NaN when none is answered)."""
        coverage, accuracy = self.threshold_curve(np.array([threshold]))
        return float(coverage[0]), float(accuracy[0])

    def threshold_curve(self, thresholds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Coverage and accuracy (as at_threshold gives them) at each threshold, all at once."""
        answered = self.probabilities.max(axis=1) >= np.asarray(thresholds, dtype=np.float64).reshape(-1, 1)
        counts = answered.sum(axis=1)
        right = (answered & (self.predictions == self.labels)).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return counts / answered.shape[1], np.where(counts > 0, right / counts, np.nan)

    def confidence(self, index: int) -> float:
        return float(self.probabilities[index].max())

    def most_confused_pairs(self, count: int = 5) -> list[tuple[int, int, int]]:
        """(true, predicted, how many) for the `count` most frequent mistakes, and every pair that ties with
        the last of them: a cut never falls between pairs of the same count."""
        pairs = self.mistaken_pairs()
        if len(pairs) <= count:
            return pairs
        least = pairs[count - 1][2]
        return [pair for pair in pairs if pair[2] >= least]

    def mistaken_pairs(self) -> list[tuple[int, int, int]]:
        """(true, predicted, how many) for every pair the network confused, the most frequent first."""
        matrix = self.confusion.copy()
        np.fill_diagonal(matrix, 0)
        order = np.argsort(-matrix, axis=None, kind="stable")
        pairs = [(int(i // CLASSES), int(i % CLASSES), int(matrix.flat[i])) for i in order]
        return [pair for pair in pairs if pair[2] > 0]


def evaluate(network: Network, pixels: np.ndarray, labels: np.ndarray, first_row: int = 0) -> Evaluation:
    labels = np.asarray(labels)
    logits = network.logits(pixels)
    return Evaluation(softmax(logits), labels, first_row, cross_entropy(logits, labels))


def format_cost(cost: float, digits: int = COST_DIGITS) -> str:
    """A cost with `digits` significant digits and never in exponent form: 0.463, 0.0512, 0.000512, 2.31.
    Every cost the program prints goes through here, so prose, tables and logs agree."""
    if not math.isfinite(cost) or cost == 0:
        return "0" if cost == 0 else str(cost)
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(cost))))
    written = f"{cost:.{decimals}f}"
    if len(written.replace("-", "").replace(".", "").lstrip("0")) > digits:   # rounding carried: 0.09996 -> 0.1000
        written = f"{cost:.{max(0, decimals - 1)}f}"
    return written


def format_rate(evaluation: Evaluation, gettext=None) -> str:
    """'Recognition rate: 97.00% (97/100)', the line the assignment asks for, in the interface language
    (or in the language of `gettext`)."""
    _ = gettext or i18n._
    return _("Recognition rate: {percent:.2f}% ({correct}/{total})").format(
        percent=100 * evaluation.rate, correct=evaluation.correct, total=evaluation.total)
