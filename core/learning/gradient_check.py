"""The gradient check: back-propagation's dJ/dθ against central finite differences, in float64.

For an entry θ of a weight or bias array, the finite difference (J(θ + h) − J(θ − h)) / 2h needs only the
forward pass, so it is an independent measure of the derivative that back-propagation computes. Every
layer's weights and biases are checked on a batch of training digits; where an array is large, a random
sample of its entries. Each array gets one relative error over the entries checked,
‖a − n‖ / (‖a‖ + ‖n‖): about 1e-10 when back-propagation is right, near 1 when it is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable

import numpy as np

from core.base.i18n import N_, _
from core.learning.data import Dataset
from core.learning.layered import LayeredNetwork
from core.learning.model import Model
from core.learning.network import Network
from core.learning.settings import TrainingSettings

STEP = 1e-5          # h: small enough for the truncation error, large enough for float64's rounding
ENTRIES = 25         # entries checked in each array larger than this
DIGITS = 16          # the batch: the first training digits
AGREE_BELOW = 1e-6
DOUBT_BELOW = 1e-3
VERDICTS = {"agrees": N_("agrees"), "doubtful": N_("doubtful"), "wrong": N_("wrong")}


GRADIENT_ROWS = 1000          # the gradient norms are those of the cost of the first training rows, at most these


def gradient_rows(data: Dataset, settings: TrainingSettings,
                  count: int = GRADIENT_ROWS) -> tuple[np.ndarray, np.ndarray]:
    """The digits the gradient norms are measured on: the first `count` training rows, undistorted."""
    x, labels = data.rows_in(settings.train_rows)
    return x[:count], labels[:count]


def verdict_of(relative_error: float) -> str:
    """'agrees', 'doubtful' (a ReLU kink crossed by the step can do this) or 'wrong'."""
    if relative_error < AGREE_BELOW:
        return "agrees"
    return "doubtful" if relative_error < DOUBT_BELOW else "wrong"


@dataclass(frozen=True)
class ArrayCheck:
    """One parameter array (W1, b1, ...): how many of its entries were checked, and how well they agree."""

    name: str
    shape: tuple[int, ...]
    checked: int
    relative_error: float

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    @property
    def verdict(self) -> str:
        return verdict_of(self.relative_error)


@dataclass(frozen=True)
class GradientCheck:
    arrays: list[ArrayCheck]
    digits: int
    step: float = STEP

    @property
    def max_relative_error(self) -> float:
        return max(array.relative_error for array in self.arrays)

    @property
    def verdict(self) -> str:
        return verdict_of(self.max_relative_error)


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """‖a − n‖ / (‖a‖ + ‖n‖): 0 when they are equal (both zero too), about 1 when they are unrelated."""
    size = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return float(np.linalg.norm(analytic - numeric) / size) if size > 0 else 0.0


def numerical_derivative(cost: Callable[[], float], array: np.ndarray, index: tuple, step: float) -> float:
    """(J(θ + h) − J(θ − h)) / 2h for the entry θ = array[index], which is put back afterwards."""
    original = array[index]
    array[index] = original + step
    plus = cost()
    array[index] = original - step
    minus = cost()
    array[index] = original
    return (plus - minus) / (2 * step)


def sampled_entries(shape: tuple[int, ...], most: int, rng: np.random.Generator) -> list[tuple]:
    """Every index of an array of `shape`, or `most` of them at random when it has more."""
    size = int(np.prod(shape))
    chosen = np.arange(size) if size <= most else np.sort(rng.choice(size, most, replace=False))
    return [tuple(int(i) for i in np.unravel_index(flat, shape)) for flat in chosen]


def in_float64(network: Network) -> Network:
    """A float64 copy; type(network) keeps a subclass's own back-propagation (a test double's)."""
    return type(network)([w.astype(np.float64) for w in network.weights],
                         [b.astype(np.float64) for b in network.biases], network.activation)


def check_gradients(network: Network, x: np.ndarray, labels: np.ndarray, entries: int = ENTRIES,
                    step: float = STEP, seed: int = 0) -> GradientCheck:
    """Back-propagation against central differences for every layer's weights and biases, in float64."""
    network = in_float64(network)
    x = np.asarray(x, dtype=np.float64)
    _cost, gradients = network.gradients(x, labels)
    layer_inputs = network.forward(x)
    rng = np.random.default_rng(seed)
    checks = []
    for layer in range(len(network.weights)):
        # a layer's parameters change the cost only from that layer on, so the differences start there
        rest = Network(network.weights[layer:], network.biases[layer:], network.activation)
        cost = partial(rest.cost, layer_inputs[layer], labels)
        for name, array, gradient in ((f"W{layer + 1}", rest.weights[0], gradients[2 * layer]),
                                      (f"b{layer + 1}", rest.biases[0], gradients[2 * layer + 1])):
            indices = sampled_entries(array.shape, entries, rng)
            numeric = np.array([numerical_derivative(cost, array, index, step) for index in indices])
            analytic = np.array([gradient[index] for index in indices])
            checks.append(ArrayCheck(name, array.shape, len(indices), relative_error(analytic, numeric)))
    return GradientCheck(checks, len(labels), step)


def check_batch(data: Dataset, settings: TrainingSettings | None, digits: int = DIGITS):
    """The first `digits` training digits of a model trained with `settings` (the shipped recipe's rows
    when the model does not say)."""
    return gradient_rows(data, settings or TrainingSettings(), digits)


def check_model(model: Model, data: Dataset, digits: int = DIGITS) -> GradientCheck:
    """The check of a model's network: a fully connected one's here, a layered one's by layered_check.py."""
    if isinstance(model.network, LayeredNetwork):
        from core.learning.layered_check import check_layered_gradients  # which imports this module

        return check_layered_gradients(model.network, *check_batch(data, model.settings, digits))
    return check_gradients(model.network, *check_batch(data, model.settings, digits))


# --- in words -----------------------------------------------------------------------------------------

def format_error(value: float) -> str:
    """A relative error as it is printed: 2.3e-10, with a point in every language."""
    return f"{value:.1e}"


def check_table(check: GradientCheck, gettext: Callable[[str], str] = _) -> list[list[str]]:
    """The table of the check, a header and one row per array, in the interface language or that of `gettext`."""
    _ = gettext  # the table's own language
    rows = [[_("Parameters"), _("Shape"), _("Checked"), _("Relative error"), _("Verdict")]]
    for array in check.arrays:
        rows.append([array.name, " × ".join(map(str, array.shape)),
                     _("{checked} of {size}").format(checked=array.checked, size=array.size),
                     format_error(array.relative_error), _(VERDICTS[array.verdict])])
    return rows


def check_summary(check: GradientCheck, gettext: Callable[[str], str] = _) -> str:
    """The verdict in a sentence."""
    _ = gettext
    if check.verdict == "agrees":
        return _("Back-propagation agrees with the finite differences for every weight and bias array: its "
                 "gradients are right.")
    names = ", ".join(array.name for array in check.arrays if array.verdict != "agrees")
    if check.verdict == "doubtful":
        return _("The gradients of {names} differ from the finite differences more than rounding explains; a "
                 "step that crosses a ReLU kink can do this. Check again on other digits.").format(names=names)
    return _("Back-propagation is wrong for {names}: its gradients do not match the finite "
             "differences.").format(names=names)


def check_method(check: GradientCheck, gettext: Callable[[str], str] = _) -> str:
    """How the check was made, in a sentence."""
    _ = gettext
    return _("Back-propagation's dJ/dθ against the central difference (J(θ + h) − J(θ − h)) / 2h with h = "
             "{step:g}, in float64, on the first {digits} training digits; where an array has more than "
             "{entries} entries, {entries} of them at random. The relative error of an array is ‖a − n‖ / "
             "(‖a‖ + ‖n‖) over its entries checked: below {agree:g} they agree.").format(
        step=check.step, digits=check.digits, entries=ENTRIES, agree=AGREE_BELOW)
