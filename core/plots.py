"""Static figures drawn with matplotlib (no Qt): the cost per epoch."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the non-interactive backend)


def cost_figure(history: dict, labels: dict | None = None):
    """A figure of training and test cost per epoch, with test accuracy on a second axis."""
    labels = labels or {"title": "Cost per epoch", "epoch": "epoch", "cost": "cost (mean cross-entropy)",
                        "train": "training cost", "test": "test cost", "accuracy": "test accuracy (%)"}
    epochs = range(1, len(history["train_cost"]) + 1)
    figure, cost_axis = plt.subplots(figsize=(7, 4), dpi=110)
    cost_axis.plot(epochs, history["train_cost"], label=labels["train"], color="#1f77b4")
    cost_axis.plot(epochs, history["test_cost"], label=labels["test"], color="#ff7f0e")
    cost_axis.set_xlabel(labels["epoch"])
    cost_axis.set_ylabel(labels["cost"])
    cost_axis.set_title(labels["title"])
    cost_axis.grid(alpha=0.3)
    accuracy_axis = cost_axis.twinx()
    accuracy_axis.plot(epochs, [100 * a for a in history["test_accuracy"]], label=labels["accuracy"],
                       color="#2ca02c", linestyle="--")
    accuracy_axis.set_ylabel(labels["accuracy"])
    lines = cost_axis.get_lines() + accuracy_axis.get_lines()
    cost_axis.legend(lines, [line.get_label() for line in lines], loc="center right")
    figure.tight_layout()
    return figure


def save_cost_plot(history, path: str | Path) -> None:
    history = history.to_dict() if hasattr(history, "to_dict") else history
    figure = cost_figure(history)
    figure.savefig(path)
    plt.close(figure)
