"""Figures drawn with matplotlib (no Qt): the cost per epoch, and the report's formulas and figures."""

from __future__ import annotations

import functools
import io
from pathlib import Path

import matplotlib
import matplotlib.image

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the non-interactive backend)
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from core.base.errors import TrazoError  # noqa: E402
from core.base.files import write_atomically  # noqa: E402
from core.base.i18n import _  # noqa: E402
from core.learning.training import History  # noqa: E402

PLOT_FORMATS = (".png", ".svg", ".pdf")


def cost_figure(history: History, labels: dict[str, str]):
    """A figure of training and test cost per epoch, with test accuracy on a second axis."""
    epochs = range(1, len(history) + 1)
    figure, cost_axis = plt.subplots(figsize=(7, 4), dpi=110)
    cost_axis.plot(epochs, history.train_cost, label=labels["train"], color="#1f77b4")
    cost_axis.plot(epochs, history.test_cost, label=labels["test"], color="#ff7f0e")
    cost_axis.set_xlabel(labels["epoch"])
    cost_axis.set_ylabel(labels["cost"])
    cost_axis.set_title(labels["title"])
    cost_axis.grid(alpha=0.3)
    accuracy_axis = cost_axis.twinx()
    accuracy_axis.plot(epochs, [100 * a for a in history.test_accuracy], label=labels["accuracy"],
                       color="#2ca02c", linestyle="--")
    accuracy_axis.set_ylabel(labels["accuracy"])
    lines = cost_axis.get_lines() + accuracy_axis.get_lines()
    _legend_below(figure, lines, columns=len(lines))
    return figure


def runs_cost_figure(histories: list[History], names: list[str], labels: dict[str, str]):
    """Several runs' training (solid) and test (dashed) cost per epoch, one colour per run."""
    figure = Figure(figsize=(7, 4))
    axis = figure.add_subplot()
    for index, (history, name) in enumerate(zip(histories, names)):
        colour = f"C{index % 10}"
        epochs = range(1, len(history) + 1)
        axis.plot(epochs, history.train_cost, color=colour, label=labels["train"].format(run=name))
        axis.plot(epochs, history.test_cost, color=colour, linestyle="--", label=labels["test"].format(run=name))
    axis.set_xlabel(labels["epoch"])
    axis.set_ylabel(labels["cost"])
    axis.set_title(labels["title"])
    axis.grid(alpha=0.3)
    _legend_below(figure, axis.get_lines(), columns=2)
    return figure


def _legend_below(figure, lines: list, columns: int) -> None:
    """The legend under the axes, outside them, so it never hides a curve; the axes shrink to make room."""
    legend = figure.legend(lines, [line.get_label() for line in lines], loc="lower center", ncol=columns,
                           fontsize=8, frameon=False, bbox_to_anchor=(0.5, 0.0))
    figure.canvas.draw()        # the legend's height is known only once drawn
    height = legend.get_window_extent().height / figure.bbox.height
    figure.tight_layout(rect=(0, height + 0.01, 1, 1))


def cost_plot_labels(gettext=_) -> dict[str, str]:
    """The words of the cost-per-epoch figure, in the interface language or that of `gettext`."""
    _ = gettext  # noqa: F811 (the figure's own language)
    return {"title": _("Cost per epoch"), "epoch": _("epoch"), "cost": _("cost (mean cross-entropy)"),
            "train": _("training cost"), "test": _("test cost"), "accuracy": _("test recognition rate (%)")}


def plot_format(path: str | Path, error: type[TrazoError] = TrazoError) -> str:
    """'.png', '.svg' or '.pdf' from the file name, or an `error` that says which are accepted."""
    suffix = Path(path).suffix.lower()
    if suffix not in PLOT_FORMATS:
        raise error(_("{path}: a plot is written as .png, .svg or .pdf").format(path=path))
    return suffix


def save_cost_plot(history: History, path: str | Path, labels: dict[str, str] | None = None) -> Path:
    """The cost per epoch as a .png, .svg or .pdf file, written atomically; the path written."""
    suffix = plot_format(path)
    figure = cost_figure(history, labels or cost_plot_labels())
    buffer = io.BytesIO()
    figure.savefig(buffer, format=suffix[1:])
    plt.close(figure)
    return write_atomically(path, buffer.getvalue())


# Figures of the generated report (report/content.py). Each returns a matplotlib Figure not managed by
# pyplot, so building a report leaves no open figures behind; `figure_png` turns one into PNG bytes.

FORMULA_DPI = 300
FIGURE_DPI = 200


def figure_png(figure, dpi: int = FIGURE_DPI) -> bytes:
    """The figure as PNG bytes (white background), then closed."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    plt.close(figure)
    return buffer.getvalue()


def formula_png(lines: list[str], fontsize: float = 13, dpi: int = FORMULA_DPI) -> bytes:
    """Lines of mathtext (each without the enclosing $...$), left-aligned one under another, as a PNG."""
    rendered = [_formula_line(line, fontsize, dpi) for line in lines]
    gap = np.ones((round(0.45 * fontsize / 72 * dpi), 1, 3), dtype=np.float32)
    width = max(image.shape[1] for image in rendered)
    stacked = []
    for index, image in enumerate(rendered):
        if index:
            stacked.append(np.broadcast_to(gap, (gap.shape[0], width, 3)))
        padding = np.ones((image.shape[0], width - image.shape[1], 3), dtype=np.float32)
        stacked.append(np.concatenate((image, padding), axis=1))
    buffer = io.BytesIO()
    plt.imsave(buffer, np.concatenate(stacked, axis=0), format="png", dpi=dpi)
    return buffer.getvalue()


@functools.lru_cache(maxsize=256)
def _formula_line(line: str, fontsize: float, dpi: int) -> np.ndarray:
    """One line of mathtext as an RGB array on white, cropped tight (read-only: kept for the next report,
    as laying out mathtext takes a tenth of a second a line)."""
    with matplotlib.rc_context({"mathtext.fontset": "cm"}):
        figure = Figure(figsize=(1, 1), dpi=dpi)    # laid out at the dpi it is saved at: mathtext parses it once
        figure.text(0, 0, f"${line}$", fontsize=fontsize)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", pad_inches=0.03, facecolor="white")
    image = np.ascontiguousarray(matplotlib.image.imread(io.BytesIO(buffer.getvalue()), format="png")[:, :, :3])
    image.flags.writeable = False
    return image


def architecture_figure(layer_sizes: list[int], layer_labels: list[str], shape_label: str, title: str):
    """Layers as columns of units (at most eight drawn each), every drawn unit joined to the next layer."""
    figure = Figure(figsize=(6.6, 3.4))
    axis = figure.add_axes((0, 0, 1, 1))
    drawn = 8
    columns = len(layer_sizes)
    positions = []
    for column, size in enumerate(layer_sizes):
        x = column / max(columns - 1, 1)
        shown = min(size, drawn)
        ys = np.linspace(0.78, 0.28, shown) if shown > 1 else np.array([0.53])
        if size > drawn:  # leave a gap for the ellipsis between the last two units
            ys = np.append(np.linspace(0.78, 0.40, shown - 1), 0.28)
        positions.append((x, ys))
    for (x0, ys0), (x1, ys1) in zip(positions[:-1], positions[1:]):
        for y0 in ys0:
            for y1 in ys1:
                axis.plot([x0, x1], [y0, y1], color="#b0b8c4", linewidth=0.4, zorder=1)
    colours = ["#4c78a8"] + ["#f58518"] * (columns - 2) + ["#54a24b"]
    for column, ((x, ys), size) in enumerate(zip(positions, layer_sizes)):
        axis.scatter([x] * len(ys), ys, s=120, color=colours[column], edgecolor="black", linewidth=0.6,
                     zorder=2)
        if size > drawn:
            axis.text(x, 0.34, "⋮", ha="center", va="center", fontsize=14, zorder=3)
        axis.text(x, 0.17, layer_labels[column], ha="center", va="top", fontsize=9)
    for column in range(columns - 1):
        middle = (positions[column][0] + positions[column + 1][0]) / 2
        shape = shape_label.format(index=column + 1, outputs=layer_sizes[column + 1],
                                   inputs=layer_sizes[column])
        axis.text(middle, 0.86, shape, ha="center", va="bottom", fontsize=9,
                  bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    axis.text(0.5, 0.97, title, ha="center", va="top", fontsize=11, weight="bold")
    axis.set_xlim(-0.12, 1.12)
    axis.set_ylim(0, 1)
    axis.axis("off")
    return figure


def confusion_figure(confusion: np.ndarray, labels: dict):
    """A heat map of confusion[true, predicted]; counts written in each cell, mistakes in red."""
    figure = Figure(figsize=(4.8, 4.3))
    axis = figure.add_subplot()
    image = axis.imshow(confusion, cmap="Blues")
    figure.colorbar(image, ax=axis, fraction=0.046, pad=0.04, label=labels["count"])
    classes = range(confusion.shape[0])
    brightest = confusion.max() or 1
    for true in classes:
        for predicted in classes:
            count = int(confusion[true, predicted])
            if count == 0:
                continue
            if true != predicted:
                colour = "#d62728"
            else:
                colour = "white" if count > brightest / 2 else "black"
            axis.text(predicted, true, str(count), ha="center", va="center", fontsize=8, color=colour,
                      weight="bold" if true != predicted else "normal")
    axis.set_xticks(list(classes))
    axis.set_yticks(list(classes))
    axis.set_xlabel(labels["predicted"])
    axis.set_ylabel(labels["true"])
    axis.set_title(labels["title"])
    figure.tight_layout()
    return figure


def digit_grid_figure(images: np.ndarray, titles: list[str], columns: int = 8):
    """Upright 28x28 images in a grid, dark ink on white, each with a short title."""
    count = len(images)
    columns = max(1, min(columns, count))
    rows = -(-count // columns)
    cell = min(0.82, 6.6 / columns)  # inches; the whole grid fits an A4 text width
    figure = Figure(figsize=(cell * columns, 1.28 * cell * rows))
    for index, (image, title) in enumerate(zip(images, titles)):
        axis = figure.add_subplot(rows, columns, index + 1)
        axis.imshow(image, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
        axis.set_title(title, fontsize=7.5, pad=2, linespacing=1.1)
        axis.set_xticks([])
        axis.set_yticks([])
    figure.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=1 - 0.32 / rows, wspace=0.15,
                           hspace=0.45)
    return figure
