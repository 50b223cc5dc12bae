"""What the assignment report says: a list of blocks (headings, paragraphs, tables, images, code).

`build_report` gathers them from the model, the data and the code itself, in the report's language;
report/render.py turns them into HTML or Markdown with Jinja2 templates, report/pdf.py into a PDF.
Every sentence is an English `_()` message translated by the catalogues in resources/locale.
"""

from __future__ import annotations

import inspect
import math
import textwrap
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, ClassVar

import numpy as np

from core.learning import network as network_module
from core.learning.layered import LayeredNetwork
from core.learning import optimizers
from core.learning import textbook
from core.services.comparison import RunRecord, comparison_rows
from core.learning.data import CLASSES, Dataset, column_major_to_image, format_row_range, format_row_ranges
from core.base.errors import ModelError, ReportError
from core.learning.evaluation import Evaluation, evaluate, format_rate
from core.learning.gradient_check import GradientCheck, check_method, check_model, check_summary, check_table
from core.base import i18n
from core.base.i18n import LANGUAGES, N_, _, translator, unknown_language
from core.learning.model import Model
from core.learning.settings import SETTINGS, TrainingSettings
from core.learning.training import History
from core.base.version import version
from core.base.visible import visible
from report import layered_content
from report.figures import (FIGURE_DPI, FORMULA_DPI, architecture_figure, confusion_figure, cost_figure,
                            cost_plot_labels, digit_grid_figure, figure_png, formula_png, runs_cost_figure)

MAX_MISTAKES_SHOWN = 48
SCREEN_DPI = 96  # image widths are given in CSS pixels
FORMULA_PREFIX = "formula-"  # names of the formula images
# The test that holds the training code equal to the code the report quotes, and its tolerance
EQUALITY_TEST = "tests/core/learning/test_textbook.py::test_training_code_equals_the_textbook_code"
EQUALITY_TOLERANCE = 1e-10
MAX_AUTHOR = 200             # characters of the author's name and student ID


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    text: str
    level: int
    new_page: bool = False


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class Items:
    kind: ClassVar[str] = "items"
    items: list[str]


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    rows: list[list[str]]
    header: bool = False
    marked: tuple[int, ...] = ()    # indices of rows shown in bold (differences, say)


@dataclass(frozen=True)
class Image:
    """A PNG and the width (CSS pixels) it is shown at; formulas are shown inline-sized."""

    kind: ClassVar[str] = "image"
    name: str
    png: bytes
    width: int
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class Code:
    kind: ClassVar[str] = "code"
    source: str


@dataclass
class Report:
    title: str
    subtitle: str
    lang: str
    blocks: list = field(default_factory=list)
    footer: str = ""        # every page's, beside its number: who wrote it and that Trazo generated it

    @property
    def images(self) -> list[Image]:
        return [block for block in self.blocks if isinstance(block, Image)]


@dataclass
class _Facts:
    model: Model
    model_name: str
    data: Dataset
    rows: tuple[int, int]
    lang: str
    settings: TrainingSettings
    history: History
    test: Evaluation
    train: Evaluation
    check: GradientCheck
    runs: tuple[RunRecord, ...] = ()
    author: str = ""

    @property
    def gettext(self) -> Callable[[str], str]:
        return translator(self.lang)


def build_report(model: Model, model_name: str, data: Dataset, rows: tuple[int, int], lang: str = "en",
                 runs: tuple[RunRecord, ...] = (), author: str = "") -> Report:
    """Everything the report says, checked before anything is written; with two or more `runs` of the
    session, a section compares them. `author` is the student's name and ID, as they type it."""
    if lang not in LANGUAGES:
        raise ReportError(unknown_language(lang))
    author = checked_author(author)
    if model.settings is None:
        raise _refusal(N_("{model}: the model has no training settings in its metadata, so the report cannot "
                          "describe how it was trained"), model_name)
    if not len(model.history):
        raise _refusal(N_("{model}: the model has no training history (cost per epoch), so the report cannot "
                          "plot it; train the model with Trazo first"), model_name)
    _ = translator(lang)
    settings = model.settings
    test = evaluate(model.network, *data.rows(rows), first_row=rows[0])
    train = evaluate(model.network, *data.rows_in(settings.train_rows), first_row=settings.train_rows[0][0])
    report = Report(_("Handwritten digit recognition with a neural network"),
                    _("Assignment report, generated by Trazo from the model, the data and the code"), lang)
    report.footer = _("{author} · generated with Trazo {version}").format(
        author=author or report.title, version=version())
    facts = _Facts(model, model_name, data, rows, lang, settings, model.history, test, train,
                   check_model(model, data), tuple(runs), author)
    for section in (_title_block, _problem, _method, _results, _comments, _code, _comparison):
        report.blocks.extend(section(facts))
    return report


def _refusal(message: str, model_name: str) -> ModelError:
    """Why no report can be made, in the interface's language (the report's may be another)."""
    return ModelError(i18n._(message).format(model=visible(model_name)))
def checked_author(author: str) -> str:
    """The author as it will be printed: one line of at most MAX_AUTHOR characters, or a ReportError."""
    unprintable = any(unicodedata.category(character)[0] == "C" for character in author)   # a line break, a tab
    author = " ".join(author.split())
    if len(author) > MAX_AUTHOR or unprintable:
        raise ReportError(_("the author {author!r}: expected one line of at most {most} characters, a name and a "
                            "student ID").format(author=author[:MAX_AUTHOR], most=MAX_AUTHOR))
    return author


def _title_block(facts: _Facts) -> list:
    """The first page: who, which model, how it was trained, and plainly that Trazo wrote the report."""
    _, settings, provenance = facts.gettext, facts.settings, facts.model.provenance
    created = provenance.created.date().isoformat() if provenance.created else _("not recorded")
    seconds = provenance.training_seconds
    rows = [
        [_("Author"), facts.author or _("not given")],
        [_("Generated with"), f"Trazo {version()}"],
        [_("Model file"), facts.model_name],
        [_("Data file"), _("{name} ({rows} rows)").format(name=facts.data.name, rows=len(facts.data))],
        [_("Report date"), date.today().isoformat()],
        [_("Model trained"), created],
        [_("Architecture"), _sizes_short(facts)],
        [_("Training time"), _("{value:.1f} s").format(value=seconds) if seconds is not None else _("not recorded")],
    ]
    if provenance.stopped_early:
        rows.append([_("Epochs run"), _("{epochs} (stopped early)").format(epochs=provenance.epochs_run)])
    rows += [[_(declared.label), declared.kind.describe(getattr(settings, declared.name), _)]
             for declared in SETTINGS if declared.applies_to(settings)]
    if facts.rows != settings.test_rows:
        rows.append([_("Rows tested in this report"), format_row_range(facts.rows)])
    return [Paragraph(_(
        "Generated with Trazo {version}. Trazo, a program, wrote this report's text, figures, formulas and comments "
        "from the model file and the data, and the code quoted in section 5 is Trazo's, not the author's. The "
        "author's part is the model: the settings it was trained with.").format(version=version()),
        emphasis=True), Table(rows)]


def _sizes_short(facts: _Facts) -> str:
    network = facts.model.network
    if isinstance(network, LayeredNetwork):
        return layered_content.layers_short(network)
    sizes = " – ".join(map(str, network.layer_sizes))
    return f"{sizes} ({facts.gettext(network_module.ACTIVATIONS[network.activation])}, softmax)"


def _overlaps(facts: _Facts) -> bool:
    return bool(facts.model.trained_on(facts.data.name, facts.rows))


def _problem(facts: _Facts) -> list:
    _, settings = facts.gettext, facts.settings
    blocks = [
        Heading(_("1. The problem"), 1, new_page=True),
        Heading(_("The data"), 2),
        Paragraph(_("The data file {file} has {rows} rows. Each row is one handwritten digit: a 28 × 28 "
                    "grey-scale image given as 784 pixel values from 0 (background) to 255 (ink), "
                    "followed by its label, the digit 0–9, all separated by commas. The pixels are stored "
                    "column by column (column-major order): value k is the pixel in row k mod 28 and "
                    "column ⌊k / 28⌋. Before use the pixels are divided by 255, so the network sees "
                    "numbers from 0 to 1.").format(file=facts.data.name, rows=len(facts.data))),
    ]
    split = dict(train=format_row_ranges(settings.train_rows), train_count=settings.train_count,
                 test=format_row_range(facts.rows), test_count=facts.test.total)
    if _overlaps(facts):
        blocks += [
            Paragraph(_("Rows {train} ({train_count} digits) train the network and rows {test} ({test_count} "
                        "digits) test it.").format(**split)),
            Paragraph(_("Warning: the test rows overlap the training rows, so the network has seen some of "
                        "the test digits and the test rate below is optimistic: it does not measure how well "
                        "the network reads digits it has never seen."), emphasis=True),
        ]
    else:
        blocks.append(Paragraph(_("Rows {train} ({train_count} digits) train the network and rows {test} "
                                  "({test_count} digits) test it; the test digits are never used to change "
                                  "the weights.").format(**split)))
    blocks.append(_sample_digits(facts))
    blocks += [Heading(_("The task"), 2),
               Paragraph(_("The network must read each image and say which of the ten digits it shows. It is "
                           "judged by its recognition rate: the percentage of test images whose predicted "
                           "digit equals the label."))]
    return blocks


def _sample_digits(facts: _Facts) -> Image:
    _ = facts.gettext
    pixels, labels = facts.data.rows_in(facts.settings.train_rows)
    chosen = [int(np.flatnonzero(labels == digit)[0]) for digit in range(CLASSES) if (labels == digit).any()]
    images = column_major_to_image(pixels[chosen])
    titles = [_("label {label}").format(label=int(labels[index])) for index in chosen]
    figure = digit_grid_figure(images, titles, columns=len(chosen))
    return _figure_image("samples", figure, _("Figure 1. One training digit of each class, shown upright after "
                                              "reordering the column-major pixels."))


def _figure_image(name: str, figure, caption: str) -> Image:
    width_inches = figure.get_figwidth()
    return Image(name, figure_png(figure, FIGURE_DPI), round(width_inches * SCREEN_DPI), caption, caption)


def _formula(name: str, lines: list[str]) -> Image:
    png = formula_png(lines)
    width = _png_width(png) * SCREEN_DPI / FORMULA_DPI
    return Image(name, png, round(width), "; ".join(lines))


def _png_width(png: bytes) -> int:
    return int.from_bytes(png[16:20], "big")  # the IHDR chunk's width field


def _method(facts: _Facts) -> list:
    if isinstance(facts.model.network, LayeredNetwork):
        return _layered_method(facts) + _cost_and_gradients(facts) + _update(facts)
    _, network = facts.gettext, facts.model.network
    sizes = network.layer_sizes
    parameters = sum(w.size + b.size for w, b in zip(network.weights, network.biases))
    described = [_("{size} inputs (the pixels)").format(size=sizes[0])]
    described += [_("a hidden layer of {size} units").format(size=size) for size in sizes[1:-1]]
    described.append(_("{size} outputs (the digits)").format(size=sizes[-1]))
    activation = _(network_module.ACTIVATIONS[network.activation])
    blocks = [
        Heading(_("2. The method"), 1, new_page=True),
        Heading(_("Architecture"), 2),
        Paragraph(_("The network is fully connected: {sizes}. Each hidden layer applies {activation} to its "
                    "weighted sums; the output layer has one unit per digit and turns its values into "
                    "probabilities with softmax. It has {parameters} weights and biases in all.").format(
            sizes=", ".join(described), activation=activation, parameters=f"{parameters:,}".replace(",", " "))),
        _architecture_image(facts),
        Paragraph(_("Forward pass. For a sample x (the 784 pixels as a column), each layer l = 1 … L computes a "
                    "weighted sum z and its activation a; the output layer applies softmax, so the ten outputs "
                    "are positive and add up to 1:")),
        _formula(FORMULA_PREFIX + "forward", _forward_formulas(network.activation)),
    ]
    return blocks + _cost_and_gradients(facts) + _update(facts)


def _layered_method(facts: _Facts) -> list:
    """The architecture of a network given as a list of layers: its table and the convolution's formulas."""
    _ = facts.gettext
    blocks = [Heading(_("2. The method"), 1, new_page=True), Heading(_("Architecture"), 2),
              Paragraph(layered_content.architecture_text(_)),
              Table(layered_content.layer_table(facts.model.network, _), header=True),
              Heading(_("Convolution and pooling"), 2)]
    for text, (name, lines) in zip(layered_content.formulas_text(_), layered_content.convolution_formulas()):
        blocks += [Paragraph(text), _formula(FORMULA_PREFIX + name, lines)]
    return blocks


def _activation(facts: _Facts) -> str:
    """The hidden layers' activation: the network's, or ReLU for a list of layers."""
    network = facts.model.network
    return "relu" if isinstance(network, LayeredNetwork) else network.activation


def _cost_and_gradients(facts: _Facts) -> list:
    _, network = facts.gettext, facts.model.network
    return [
        Heading(_("Cost function"), 2),
        Paragraph(_("The cost is the mean cross-entropy over the m samples of a batch, where y is the one-hot "
                    "vector of the true digit (1 for the label, 0 elsewhere). It is small when the network "
                    "gives the true digit a probability near 1:")),
        _formula(FORMULA_PREFIX + "cost",
                 [r"J = -\frac{1}{m}\sum_{i=1}^{m}\ \sum_{k=0}^{9} y_k^{(i)}\,\ln \hat{y}_k^{(i)}"]),
        Heading(_("Gradients (back-propagation)"), 2),
        Paragraph(_("Softmax and cross-entropy together give the simple output error dz = ŷ − y. Going back "
                    "through the layers, each one gives the gradients of its weights and biases and passes "
                    "the error to the layer before it, multiplied by the derivative of the activation (⊙ is "
                    "the element-wise product):")),
        _formula(FORMULA_PREFIX + "gradients", [
            r"dz^{[L]} = \hat{y} - y",
            r"dW^{[l]} = dz^{[l]}\, a^{[l-1]\,T}, \qquad db^{[l]} = dz^{[l]}",
            r"dz^{[l-1]} = W^{[l]\,T} dz^{[l]} \odot g'(z^{[l-1]}), \qquad " + _derivative(_activation(facts), _),
        ]),
        Paragraph(_("For a batch the code stacks the samples as rows, so dW = dz X^T becomes dz.T @ x and the "
                    "bias gradient db = dz is summed over the samples; both are divided by m for the mean.")),
        *_gradient_check(facts),
    ]


def _gradient_check(facts: _Facts) -> list:
    _, check = facts.gettext, facts.check
    return [
        Heading(_("Gradient check"), 2),
        Paragraph(_("Back-propagation is checked against the definition of the derivative, which needs only "
                    "the forward pass. ") + check_method(check, _)),
        Table(check_table(check, _), header=True),
        Paragraph(check_summary(check, _), emphasis=True),
    ]


def _update(facts: _Facts) -> list:
    _, settings = facts.gettext, facts.settings
    blocks = [
        Heading(_("Weight update"), 2),
        Paragraph(_("Gradient descent moves every weight a small step against its gradient, with learning "
                    "rate α:")),
        _formula(FORMULA_PREFIX + "update", [r"W \leftarrow W - \alpha\,\dfrac{\partial J}{\partial W}, \qquad "
                                            r"b \leftarrow b - \alpha\,\dfrac{\partial J}{\partial b}"]),
    ]
    blocks.append(Paragraph(_optimizer_text(facts)))
    if settings.optimizer != "sgd":
        blocks.append(_formula(FORMULA_PREFIX + "optimizer", _optimizer_formulas(settings.optimizer)))
    if settings.schedule == "cosine":
        blocks.append(Paragraph(_("The learning rate starts at α₀ = {rate:g} and decays along a cosine to zero "
                                  "over the E = {epochs} epochs (e counts epochs from 0):").format(
            rate=settings.learning_rate, epochs=settings.epochs)))
        blocks.append(_formula(FORMULA_PREFIX + "schedule",
                               [r"\alpha_e = \alpha_0 \cdot \frac{1}{2}\left(1 + \cos\frac{\pi e}{E}\right)"]))
    else:
        blocks.append(Paragraph(_("The learning rate stays at α = {rate:g} for all {epochs} epochs.").format(
            rate=settings.learning_rate, epochs=settings.epochs)))
    if settings.weight_decay:
        blocks.append(Paragraph(_("Weight decay adds λw to the gradient of each weight matrix (λ = {decay:g}), "
                                  "which keeps the weights small.").format(decay=settings.weight_decay)))
    layered = isinstance(facts.model.network, LayeredNetwork)      # always He's (core/learning/layered.py)
    initialisation = _(network_module.INITIALISATIONS["he" if layered else settings.initialisation])
    blocks.append(Paragraph(_("The weights start random with {initialisation} and the biases start at "
                              "zero.").format(initialisation=initialisation)))
    if settings.augment:
        blocks.append(Paragraph(_("Every epoch the training digits are randomly distorted (shifted, rotated, "
                                  "scaled, slanted, stretched and made thicker or thinner), so the network "
                                  "learns the variations of handwriting instead of the exact pixels of {count} "
                                  "images.").format(count=settings.train_count)))
    return blocks


def _optimizer_text(facts: _Facts) -> str:
    _, settings = facts.gettext, facts.settings
    batch = str(settings.batch_size) if settings.batch_size else _("the whole training set")
    if settings.optimizer == "sgd":
        return _("This model was trained with that rule exactly, on mini-batches of {batch}.").format(batch=batch)
    if settings.optimizer == "momentum":
        return _("This model was trained with momentum μ = {momentum:g}: the step v is a running sum of past "
                 "gradients, which smooths the path on mini-batches of {batch}:").format(
            momentum=settings.momentum, batch=batch)
    return _("This model was trained with Adam on mini-batches of {batch}. Adam keeps running means of the "
             "gradient (m) and of its square (v) and divides one by the root of the other, so every weight gets "
             "a step of about α whatever the size of its gradient (t counts the updates):").format(batch=batch)


def _architecture_image(facts: _Facts) -> Image:
    _, network = facts.gettext, facts.model.network
    sizes = network.layer_sizes
    activation = _(network_module.ACTIVATIONS[network.activation])
    labels = [_("input\n{size} pixels").format(size=sizes[0])]
    labels += [_("hidden layer {index}\n{size} units, {activation}").format(
        index=index, size=size, activation=activation) for index, size in enumerate(sizes[1:-1], start=1)]
    labels.append(_("output\n{size} classes, softmax").format(size=sizes[-1]))
    figure = architecture_figure(sizes, labels, "W{index}: {outputs} × {inputs}", _("Layers of the network"))
    return _figure_image("architecture", figure, _("Figure 2. The architecture. Every unit is joined to every "
                                                   "unit of the next layer (only eight units of a large layer "
                                                   "are drawn); W is the weight matrix between two layers."))


def _forward_formulas(activation: str) -> list[str]:
    functions = {
        "relu": r"g(z) = \max(0,\ z)",
        "sigmoid": r"g(z) = \frac{1}{1 + e^{-z}}",
        "tanh": r"g(z) = \tanh z",
    }
    return [
        r"a^{[0]} = x, \qquad z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}",
        r"a^{[l]} = g(z^{[l]}) \ \ (l < L), \qquad " + functions[activation],
        r"\hat{y} = \mathrm{softmax}(z^{[L]}), \qquad "
        r"\hat{y}_k = \dfrac{e^{z_k^{[L]}}}{\sum_{j=0}^{9} e^{z_j^{[L]}}}",
    ]


def _derivative(activation: str, _: Callable[[str], str]) -> str:
    # TRANSLATORS: "if" and "else" are words in a formula: g'(z) = 1 if z > 0, else 0
    if_word, else_word = (_tex_words(_("if")), _tex_words(_("else")))
    return {
        "relu": rf"g'(z) = 1 \ \mathrm{{{if_word}}}\ z > 0,\ \mathrm{{{else_word}}}\ 0",
        "sigmoid": r"g'(z) = g(z)\,(1 - g(z))",
        "tanh": r"g'(z) = 1 - g(z)^2",
    }[activation]


def _tex_words(words: str) -> str:
    return words.replace(" ", r"\ ")


def _optimizer_formulas(name: str) -> list[str]:
    if name == "momentum":
        return [r"v \leftarrow \mu\, v - \alpha\,\dfrac{\partial J}{\partial W}, \qquad W \leftarrow W + v"]
    defaults = _defaults(textbook.adam_step)
    constants = ",\\ ".join(f"{symbol} = {_tex_number(defaults[key])}"
                          for key, symbol in (("beta1", r"\beta_1"), ("beta2", r"\beta_2"),
                                              ("epsilon", r"\epsilon")) if key in defaults)
    return [
        r"m \leftarrow \beta_1 m + (1 - \beta_1)\,\dfrac{\partial J}{\partial W}, \qquad "
        r"v \leftarrow \beta_2 v + (1 - \beta_2)\left(\dfrac{\partial J}{\partial W}\right)^2",
        r"W \leftarrow W - \alpha\,\frac{\sqrt{1 - \beta_2^{\,t}}}{1 - \beta_1^{\,t}}\ \frac{m}{\sqrt{v} + \epsilon}"
        + (r", \qquad " + constants if constants else ""),
    ]


def _tex_number(value: float) -> str:
    """0.9 -> '0.9', 1e-08 -> '10^{-8}' for mathtext."""
    written = f"{value:g}"
    if "e" not in written:
        return written
    mantissa, exponent = written.split("e")
    power = rf"10^{{{int(exponent)}}}"
    return power if mantissa == "1" else rf"{mantissa} \times {power}"


def _defaults(function) -> dict:
    return {name: parameter.default for name, parameter in inspect.signature(function).parameters.items()
            if isinstance(parameter.default, (int, float)) and not isinstance(parameter.default, bool)}


def _results(facts: _Facts) -> list:
    _, test, train = facts.gettext, facts.test, facts.train
    test_rows = format_row_range(facts.rows)
    blocks = [
        Heading(_("3. The results"), 1, new_page=True),
        Heading(_("Recognition rate"), 2),
        Paragraph(_("On the test rows {rows}:").format(rows=test_rows)),
        Paragraph(format_rate(test, _), emphasis=True),
        Table([
            [_("Rows"), _("Recognition rate"), _("Cost")],
            [_("training {rows}").format(rows=format_row_ranges(facts.settings.train_rows)),
             f"{100 * train.rate:.2f}% ({train.correct}/{train.total})", f"{train.cost:.4f}"],
            [_("test {rows}").format(rows=test_rows), f"{100 * test.rate:.2f}% ({test.correct}/{test.total})",
             f"{test.cost:.4f}"],
        ], header=True),
    ]
    if facts.settings.augment:
        blocks.append(Paragraph(_("The training rate is measured on the original training digits, without "
                                  "distortions.")))
    blocks += [
        Heading(_("Cost per epoch"), 2),
        _cost_image(facts),
        Heading(_("Confusion matrix"), 2),
        _confusion_image(facts),
        Heading(_("Misclassified digits"), 2),
    ]
    blocks += _mistakes(facts)
    pairs = test.most_confused_pairs()
    if pairs:
        items = [(_("{true} read as {predicted}: once") if count == 1 else
                  _("{true} read as {predicted}: {count} times")).format(true=true, predicted=predicted, count=count)
                 for true, predicted, count in pairs]
        blocks += [Heading(_("Most confused pairs"), 2), Paragraph(_("The most frequent mistakes on the test rows:")),
                   Items(items)]
    return blocks


def _cost_image(facts: _Facts) -> Image:
    _ = facts.gettext
    figure = cost_figure(facts.history, cost_plot_labels(_))
    return _figure_image("cost", figure, _("Figure 3. The mean cross-entropy on the training and test rows after "
                                           "each epoch (left axis) and the test recognition rate (right axis), "
                                           "from the history saved with the model."))


def _confusion_image(facts: _Facts) -> Image:
    _ = facts.gettext
    labels = {"title": _("Test rows {rows}").format(rows=format_row_range(facts.rows)), "true": _("true class"),
              "predicted": _("predicted class"), "count": _("digits")}
    figure = confusion_figure(facts.test.confusion, labels)
    return _figure_image("confusion", figure, _("Figure 4. Confusion matrix of the test rows: the cell in row i "
                                                "and column j counts the digits i that the network read as j. "
                                                "The diagonal holds the right answers; mistakes are in red."))


def _mistakes(facts: _Facts) -> list:
    _, test = facts.gettext, facts.test
    wrong = test.misclassified
    if len(wrong) == 0:
        return [Paragraph(_("The network recognised every test digit, so there are no mistakes to show."))]
    shown = wrong[:MAX_MISTAKES_SHOWN]
    pixels = facts.data.rows(facts.rows)[0]
    images = column_major_to_image(pixels[shown])
    titles = [_("row {row}\n{true} → {predicted} ({confidence:.0f}%)").format(
        row=test.first_row + index, true=int(test.labels[index]), predicted=int(test.predictions[index]),
        confidence=100 * test.confidence(index)) for index in shown]
    figure = digit_grid_figure(images, titles, columns=8)
    caption = _("Figure 5. The misclassified test digits, upright. Each shows its row in the data file, then "
                "true → predicted class and the network's confidence in its prediction.")
    if len(shown) < len(wrong):
        caption += " " + _("The first {shown} of {count} are shown.").format(shown=len(shown), count=len(wrong))
    return [_figure_image("mistakes", figure, caption)]


def _comments(facts: _Facts) -> list:
    sentences = [_gap_comment(facts)] + _cost_comments(facts) + _digit_comments(facts) + [_sample_comment(facts)]
    _ = facts.gettext
    return [Heading(_("4. Comments"), 1, new_page=True)] + [Paragraph(s) for s in sentences]


def _gap_comment(facts: _Facts) -> str:
    _ = facts.gettext
    train, test = 100 * facts.train.rate, 100 * facts.test.rate
    gap = train - test
    values = dict(train=train, test=test, gap=abs(gap))
    if _overlaps(facts):
        return _("The network recognises {train:.1f}% of the training digits and {test:.1f}% of the test digits. "
                 "The test rows overlap the training rows, so this comparison says nothing about digits the "
                 "network has never seen.").format(**values)
    if gap < 0:
        return _("The network recognises {test:.1f}% of the test digits, slightly more than the {train:.1f}% of "
                 "the training digits; with so few test digits this difference is chance, and there is no sign "
                 "of overfitting.").format(**values)
    if gap <= 2.5:
        return _("The network recognises {train:.1f}% of the training digits and {test:.1f}% of the test digits. "
                 "The gap of {gap:.1f} percentage points is small, so what it learned carries over to digits it "
                 "has never seen.").format(**values)
    if gap <= 7:
        return _("The network recognises {train:.1f}% of the training digits but {test:.1f}% of the test digits. "
                 "The gap of {gap:.1f} percentage points shows some overfitting: it fits the training digits "
                 "better than new ones.").format(**values)
    return _("The network recognises {train:.1f}% of the training digits but only {test:.1f}% of the test digits. "
             "The gap of {gap:.1f} percentage points is large: it has partly memorised the training set, and more "
             "data, distortions or weight decay would help.").format(**values)


def _cost_comments(facts: _Facts) -> list[str]:
    _, history, settings = facts.gettext, facts.history, facts.settings
    train_cost, test_cost = np.array(history.train_cost), np.array(history.test_cost)
    epochs = len(train_cost)
    fall = train_cost[0] - train_cost[-1]
    if not fall > 0:
        sentences = [_("The training cost did not fall during training ({first:.3f} after the first epoch, "
                       "{last:.3f} after the last): the learning rate may be too large or too small.").format(
            first=train_cost[0], last=train_cost[-1])]
    else:
        flat = int(np.flatnonzero(train_cost - train_cost[-1] <= 0.1 * fall)[0]) + 1
        sentences = [_("The training cost falls from {first:.3f} after the first epoch to {last:.3f} after epoch "
                       "{epochs}. Nine tenths of that fall is done by epoch {flat}; after it the curve flattens and "
                       "further epochs change little.").format(
            first=train_cost[0], last=train_cost[-1], epochs=epochs, flat=flat)]
        if settings.schedule == "cosine":
            sentences[-1] += " " + _("Part of the flattening at the end comes from the learning rate itself, "
                                     "which decays to zero.")
    best = int(np.argmin(test_cost))
    if best < epochs - 1 and test_cost[-1] > 1.1 * test_cost[best]:
        sentences.append(_("The test cost is lowest at epoch {best} ({best_cost:.3f}) and rises to {last:.3f} by "
                           "the end while the training cost keeps falling: the sign of overfitting.").format(
            best=best + 1, best_cost=test_cost[best], last=test_cost[-1]))
        sentences.append(_("Choosing when to stop from this curve would choose the model on the test rows, and their "
                           "rate would no longer measure digits it has never seen. To stop earlier honestly, set "
                           "aside a validation split of the training rows (say a tenth of {rows}), train on the "
                           "rest, stop where the validation cost is lowest, and test on the test rows once, at the "
                           "end.").format(rows=format_row_ranges(settings.train_rows)))
    else:
        sentences.append(_("The test cost follows the training cost down and ends at {last:.3f}, against "
                           "{train_last:.3f} for training, without rising at the end.").format(
            last=test_cost[-1], train_last=train_cost[-1]))
    accuracy = 100 * np.array(history.test_accuracy)
    reached = int(np.flatnonzero(accuracy >= accuracy[-1] - 1e-9)[0]) + 1
    sentences.append(_("The test recognition rate first reaches its final {final:.0f}% at epoch {epoch}; its best "
                       "during training was {best:.0f}%.").format(final=accuracy[-1], epoch=reached,
                                                                  best=accuracy.max()))
    return sentences


def _digit_comments(facts: _Facts) -> list[str]:
    _, test = facts.gettext, facts.test
    pairs = test.most_confused_pairs(count=CLASSES * CLASSES)
    if not pairs:
        return [_("Every test digit is recognised, so the test rows show no weak digit.")]
    described = [_("{true} read as {predicted} ({count})").format(true=true, predicted=predicted, count=count)
                 for true, predicted, count in pairs]
    sentences = [_("The {count} test mistakes are: {pairs}.").format(
        count=len(test.misclassified), pairs=_join(described[:8], _))]
    totals = test.confusion.sum(axis=1)
    correct = np.diag(test.confusion)
    present = np.flatnonzero(totals)
    rates = correct[present] / totals[present]
    worst = present[rates == rates.min()][:3]
    digits = _join([_("{digit} ({correct} of {total}, {percent:.0f}%)").format(
        digit=int(d), correct=int(correct[d]), total=int(totals[d]), percent=100 * correct[d] / totals[d])
        for d in worst], _)
    sentences.append((_("The digit recognised worst on the test rows is {digits}.") if len(worst) == 1 else
                      _("The digits recognised worst on the test rows are {digits}.")).format(digits=digits))
    confidence = test.probabilities.max(axis=1)
    right = test.predictions == test.labels
    if right.any():
        sentences.append(_("The mean confidence of its wrong answers (the probability it gave the digit it chose) "
                           "is {wrong:.0f}%, against {right:.0f}% for its right answers, so a low confidence is a "
                           "useful warning that a reading may be wrong.").format(
            wrong=100 * confidence[~right].mean(), right=100 * confidence[right].mean()))
    return sentences


def _join(parts: list[str], _: Callable[[str], str]) -> str:
    if len(parts) == 1:
        return parts[0]
    # TRANSLATORS: joins the last two items of a list: "a, b and c"
    return ", ".join(parts[:-1]) + _(" and ") + parts[-1]


def _sample_comment(facts: _Facts) -> str:
    _ = facts.gettext
    total, rate = facts.test.total, facts.test.rate
    low, high = _wilson_interval(rate, total)
    return _("With {total} test digits, each one moves the rate by {step:.1f} points; a 95% confidence interval "
             "for the true recognition rate is about {low:.0f}%–{high:.0f}% (Wilson score), so differences of a "
             "point or two between models are within chance.").format(
        total=total, step=100 / total, low=100 * low, high=100 * high)


def _wilson_interval(rate: float, total: int, z: float = 1.96) -> tuple[float, float]:
    centre = (rate + z * z / (2 * total)) / (1 + z * z / total)
    half = z / (1 + z * z / total) * math.sqrt(rate * (1 - rate) / total + z * z / (4 * total * total))
    return max(0.0, centre - half), min(1.0, centre + half)


def _code(facts: _Facts) -> list:
    _ = facts.gettext
    blocks = [
        Heading(_("5. The code"), 1, new_page=True),
        Paragraph(_("The code below is copied from Trazo's source file {path} at the moment this report was made. "
                    "It writes the formulas of section 2 one step to a line, with the formulas as its comments. "
                    "The samples of a batch are the rows of x, so z = W a + b is written a @ W.T + b and "
                    "dW = dz a^T is dz.T @ a.").format(path=_source_path(textbook))),
        Paragraph(_("Training ran the same arithmetic written for speed ({fast}: arrays made once and changed in "
                    "place, all the weights and biases in one buffer). The test {test} shows that it gives the "
                    "gradients and the steps of the code below, within a relative error of {tolerance:g} in "
                    "float64, for every activation and every optimiser over several steps; it fails if either "
                    "side changes a sign. The cost function and the learning-rate schedule are not copies: "
                    "training and testing call the ones shown here.").format(
            fast="core/learning/network.py, core/learning/optimizers.py", test=EQUALITY_TEST, tolerance=EQUALITY_TOLERANCE)),
    ]
    quotes = code_quotes(facts.settings.changed(activation=_activation(facts)), _)
    if isinstance(facts.model.network, LayeredNetwork):
        blocks.append(Paragraph(layered_content.code_text(_)))
        quotes += layered_content.code_quotes(_)
    for heading, intro, functions in quotes:
        if heading:
            blocks.append(Heading(heading, 2))
        blocks += _source_blocks(intro, functions, _)
    return blocks


def code_quotes(settings: TrainingSettings, _: Callable[[str], str]) -> list[tuple[str | None, str, tuple]]:
    """What the code section quotes for a model trained with `settings`: (heading or None, intro, functions)."""
    g, g_prime = textbook.activation_functions(settings.activation)
    steps = {"sgd": textbook.gradient_descent_step, "momentum": textbook.momentum_step, "adam": textbook.adam_step}
    quotes = [
        (_("Cost function"),
         _("Softmax and the cost J, the mean cross-entropy, from the output layer's values z before softmax"),
         (textbook.log_softmax, textbook.softmax, textbook.cross_entropy)),
        (_("Gradients (back-propagation)"),
         _("The forward pass, which keeps every layer's activation a, and back-propagation"),
         (textbook.forward, textbook.gradients)),
        (None, _("The activation of the hidden layers, {activation}, and its derivative written with its output "
                 "a").format(activation=_(network_module.ACTIVATIONS[settings.activation])), (g, g_prime)),
        (_("Weight update"),
         _("The step of the optimiser this model used, {optimizer}: every weight matrix and bias vector takes "
           "one after every mini-batch, and t counts the steps from 1").format(
             optimizer=_(optimizers.OPTIMIZERS[settings.optimizer])),
         (steps[settings.optimizer],)),
    ]
    if settings.optimizer != "sgd":
        quotes.append((None, _("Plain gradient descent, the assignment's rule w = w − α dJ/dw"),
                       (textbook.gradient_descent_step,)))
    if settings.weight_decay:
        quotes.append((None, _("Weight decay, added to the gradient before the step"), (textbook.with_weight_decay,)))
    if settings.schedule == "cosine":
        quotes.append((None, _("The learning rate of epoch e of E"), (textbook.cosine_learning_rate,)))
    return quotes


def _source_path(module) -> str:
    return module.__name__.replace(".", "/") + ".py"


def _source_blocks(intro: str, functions: tuple, _: Callable[[str], str]) -> list:
    """What the code is, where it lives, and the functions' source verbatim as it is in the file now."""
    sources, spans = [], []
    file_lines = inspect.getsourcelines(inspect.getmodule(functions[0]))[0]
    for function in functions:
        lines, first = inspect.getsourcelines(function)
        sources.append(textwrap.dedent("".join(lines)).strip("\n"))
        last = first + len(lines) - 1
        if spans and not "".join(file_lines[spans[-1][1]:first - 1]).strip():
            spans[-1][1] = last         # only blank lines between: one span
        else:
            spans.append([first, last])
    where = _("{intro} ({path}, lines {lines}):").format(
        intro=intro, path=_source_path(inspect.getmodule(functions[0])),
        lines=", ".join(f"{first}–{last}" for first, last in spans))
    return [Paragraph(where), Code("\n\n".join(sources))]


def _comparison(facts: _Facts) -> list:
    """The session's runs side by side, when the report was asked to compare two or more."""
    _, runs = facts.gettext, facts.runs
    if len(runs) < 2:
        return []
    rows = comparison_rows(list(runs), _)
    names = [run.name(_) for run in runs]
    labels = {"title": _("Cost per epoch of each run"), "epoch": _("epoch"), "cost": _("cost (mean cross-entropy)"),
              "train": _("{run}, training"), "test": _("{run}, test")}
    figure = runs_cost_figure([run.history for run in runs], names, labels)
    table = Table([[_("Setting")] + names] + [[row.label] + row.values for row in rows], header=True,
                  marked=tuple(index + 1 for index, row in enumerate(rows) if row.differs))
    return [
        Heading(_("6. The runs of the session compared"), 1, new_page=True),
        Paragraph(_("This session trained {count} runs compared here. Their costs are drawn over each other, and "
                    "their settings are side by side: the settings that differ come first, in bold, then those "
                    "they share, then what each run gave.").format(count=len(runs))),
        _figure_image("runs", figure, _("Figure 6. The training cost (solid) and the test cost (dashed) after each "
                                        "epoch, one colour per run.")),
        table,
    ]
