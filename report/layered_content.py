"""The report's method and code for a network given as a list of layers (core/learning/layered.py): the layers'
table with their output shapes and parameter counts, the convolution's and max pooling's formulas forward and
backward, and the readable convolution code (core/learning/convolution_textbook.py) quoted verbatim.

report/content.py calls these for a layered model instead of its fully connected architecture, and keeps its own
cost, gradient check and weight update sections, which are the same for both networks.
"""

from __future__ import annotations

from typing import Callable

from core.learning import convolution_textbook
from core.learning.layer_spec import INPUT_SHAPE, shapes
from core.learning.layered import LayeredNetwork

# The test that holds the fast convolution and pooling (im2col) equal to the quoted ones
CONVOLUTION_TEST = "tests/core/learning/test_convolution.py::test_fast_convolution_equals_the_textbook"


def layers_short(network: LayeredNetwork) -> str:
    """'conv:8:5, pool:2, dense:128, dense:10 (ReLU, softmax)': the layers as the title block lists them."""
    return ", ".join(layer.text for layer in shapes(network.spec)) + " (ReLU, softmax)"


def layer_table(network: LayeredNetwork, _: Callable[[str], str]) -> list[list[str]]:
    """A header and one row per layer, the input first: the layer, one digit's output shape, its parameters."""
    rows = [[_("Layer"), _("Output shape"), _("Parameters")],
            [_("input (the pixels, as a 28 × 28 image)"), " × ".join(map(str, INPUT_SHAPE)), "0"]]
    described = shapes(network.spec)
    for number, layer in enumerate(described, start=1):
        name = layer.text if number < len(described) else _("{layer} (output, softmax)").format(layer=layer.text)
        rows.append([name, " × ".join(map(str, layer.output_shape)), _count(layer.parameters)])
    rows.append([_("in all"), "", _count(sum(layer.parameters for layer in described))])
    return rows


def _count(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def architecture_text(_: Callable[[str], str]) -> str:
    return _("The network is a list of layers. conv:K:F is a convolution of K filters of F × F (stride 1; 'same' "
             "pads the maps with zeros so they keep their size, 'valid' does not pad), followed by ReLU; pool:S is "
             "max pooling over S × S windows; dense:N is a fully connected layer of N units with ReLU, which reads "
             "the maps flattened into one vector. The output layer has one unit per digit and softmax. The table "
             "gives the shape of one digit's output of each layer (channels × height × width) and the number of "
             "weights and biases it learns.")


def convolution_formulas() -> list[tuple[str, list[str]]]:
    """(name, LaTeX lines): the convolution and pooling, forward and backward."""
    return [
        ("convolution-forward", [
            r"z_{k,i,j} = \sum_{c}\sum_{u=0}^{F-1}\sum_{v=0}^{F-1} W_{k,c,u,v}\; a_{c,\,i+u,\,j+v} + b_k, "
            r"\qquad a' = \max(0, z)"]),
        ("convolution-backward", [
            r"dW_{k,c,u,v} = \sum_{i,j} dz_{k,i,j}\; a_{c,\,i+u,\,j+v} \qquad (dW = a \star dz)",
            r"db_k = \sum_{i,j} dz_{k,i,j}",
            r"da_{c} = \sum_k \mathrm{pad}_{F-1}(dz_k) * \mathrm{rot180}(W_{k,c})"]),
        ("pooling-forward", [r"p_{c,i,j} = \max_{0 \leq u,\,v < S}\ a_{c,\,S i+u,\,S j+v}"]),
        ("pooling-backward", [
            r"da_{c,\,S i+u,\,S j+v} = dp_{c,i,j}\ \ (a_{c,\,S i+u,\,S j+v} = p_{c,i,j}), "
            r"\qquad 0\ \ (a_{c,\,S i+u,\,S j+v} \neq p_{c,i,j})"]),
    ]


def formulas_text(_: Callable[[str], str]) -> list[str]:
    """The paragraphs before each of convolution_formulas(), in its order."""
    return [
        _("Convolution, forward. Each filter k slides over the input maps a (c channels); at every position its "
          "weights multiply the F × F patch under them, summed over the channels, plus its bias:"),
        _("Convolution, backward. Given dz, the gradient of the cost with respect to the filter's outputs, a "
          "filter's weight gradient is the correlation of its input with dz, its bias gradient the sum of dz, and "
          "the gradient passed back is dz, padded with F − 1 zeros all round, convolved with the filter turned "
          "180°:"),
        _("Max pooling, forward. Each S × S window of each map gives its largest value:"),
        _("Max pooling, backward. It has no parameters; each window's gradient goes to the input that won it "
          "(the first in reading order on a tie), and the others get 0:"),
    ]


def code_quotes(_: Callable[[str], str]) -> list[tuple[str | None, str, tuple]]:
    """The convolution code the report quotes: (heading or None, intro, functions)."""
    book = convolution_textbook
    return [
        (_("Convolution and pooling"),
         _("The convolution forward and backward, with the zeros 'same' padding adds"),
         (book.padding_widths, book.pad, book.convolution_forward, book.convolution_backward)),
        (None, _("Max pooling forward and backward"), (book.max_pool_forward, book.max_pool_backward)),
        (None, _("From the maps to a dense layer and back"), (book.flatten, book.unflatten)),
    ]


def code_text(_: Callable[[str], str]) -> str:
    return _("Training ran the same convolution and pooling written for speed (core/learning/convolution.py: "
             "each patch a column of one matrix, im2col, and one matrix product). The test {test} holds them "
             "equal to the code below within 1e-10 in float64.").format(test=CONVOLUTION_TEST)
