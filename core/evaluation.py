"""Testing a network on labelled rows: the recognition rate, the mistakes, the confusion matrix."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.data import CLASSES
from core.network import Network


@dataclass(frozen=True)
class Evaluation:
    """Predictions for rows [first_row, first_row + len(labels)) of a data file."""

    probabilities: np.ndarray
    labels: np.ndarray
    first_row: int = 0

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
    def cost(self) -> float:
        true_class = self.probabilities[np.arange(self.total), self.labels]
        return float(-np.log(np.maximum(true_class, 1e-30)).mean())

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

    def confidence(self, index: int) -> float:
        return float(self.probabilities[index].max())

    def most_confused_pairs(self, count: int = 5) -> list[tuple[int, int, int]]:
        """(true, predicted, how many) for the most frequent mistakes."""
        matrix = self.confusion.copy()
        np.fill_diagonal(matrix, 0)
        order = np.argsort(-matrix, axis=None, kind="stable")[:count]
        pairs = [(int(i // CLASSES), int(i % CLASSES), int(matrix.flat[i])) for i in order]
        return [pair for pair in pairs if pair[2] > 0]


def evaluate(network: Network, pixels: np.ndarray, labels: np.ndarray, first_row: int = 0) -> Evaluation:
    return Evaluation(network.probabilities(pixels), np.asarray(labels), first_row)


def format_rate(evaluation: Evaluation) -> str:
    """'Recognition rate: 97.00% (97/100)', the line the assignment asks for."""
    return f"Recognition rate: {100 * evaluation.rate:.2f}% ({evaluation.correct}/{evaluation.total})"
