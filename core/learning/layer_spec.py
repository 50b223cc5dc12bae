"""A network written as a list of layers, as a user types it: `conv:16:5:same,pool:2,conv:32:5:same,pool:2,dense:128`.

    conv:FILTERS:SIZE[:same|valid]   FILTERS filters of SIZE x SIZE, stride 1, then ReLU ('valid' unless said)
    pool:SIZE                        max pooling of SIZE x SIZE windows, stride SIZE
    dense:UNITS                      a fully connected layer of UNITS units, then ReLU

The list reads 28x28 digits, and an output layer of 10 units with softmax always follows it. Convolutions and
pooling come before any dense layer; the first dense layer reads the maps flattened (`flatten`). A list
that cannot be built is a SettingsError naming the item (its position and text) and what is wrong with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.base.errors import SettingsError
from core.base.i18n import N_, _, ngettext
from core.learning.convolution_textbook import PADDINGS
from core.learning.data import CLASSES, IMAGE_SIDE

INPUT_SHAPE = (1, IMAGE_SIDE, IMAGE_SIDE)       # (channels, height, width) of a digit
MOST_LAYERS = 16
FILTERS = (1, 512)
FILTER_SIZE = (1, IMAGE_SIDE)
POOL_SIZE = (2, 8)
UNITS = (1, 10_000)
# The syntax as messages show it; its words are placeholders, in the user's language.
SYNTAX = N_("conv:FILTERS:SIZE[:same|valid], pool:SIZE, dense:UNITS")
NUMBER = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class Convolution:
    filters: int
    size: int
    padding: str = "valid"

    def text(self) -> str:
        return f"conv:{self.filters}:{self.size}" + (f":{self.padding}" if self.padding != "valid" else "")


@dataclass(frozen=True)
class Pool:
    size: int = 2

    def text(self) -> str:
        return f"pool:{self.size}"


@dataclass(frozen=True)
class Dense:
    units: int

    def text(self) -> str:
        return f"dense:{self.units}"


Layer = Convolution | Pool | Dense
LAYER_KINDS = (Convolution, Pool, Dense)


@dataclass(frozen=True)
class LayerShape:
    """A layer as the report lists it: what it is, the shape of one digit's output and its parameter count."""

    text: str
    output_shape: tuple[int, ...]
    parameters: int


def format_layers(layers: tuple[Layer, ...]) -> str:
    """The text parse_layers reads back as `layers`."""
    return ",".join(layer.text() for layer in layers)


def parse_layers(text: str) -> tuple[Layer, ...]:
    """'conv:8:5,pool:2,dense:128' -> the layers; a SettingsError names the first item that is wrong."""
    tokens = [token.strip() for token in str(text).split(",")]
    if tokens == [""]:
        raise SettingsError(_("layers: the list is empty; expected items such as {syntax}, separated by "
                              "commas").format(syntax=_(SYNTAX)), "layers")
    if len(tokens) > MOST_LAYERS:
        raise SettingsError(ngettext("layers {text}: {count} item; at most {most} are allowed",
                                     "layers {text}: {count} items; at most {most} are allowed", len(tokens)).format(
            text=text, count=len(tokens), most=MOST_LAYERS), "layers")
    layers = []
    for position, token in enumerate(tokens, start=1):
        try:
            layers.append(_parse_item(token))
        except ValueError as problem:
            raise _item_error(text, position, token, str(problem)) from None
    shapes(tuple(layers), text, tokens)
    return tuple(layers)


def _parse_item(token: str) -> Layer:
    """One item, or a ValueError saying what it should be."""
    kind, *fields = token.split(":")
    if kind == "conv" and len(fields) in (2, 3):
        padding = fields[2] if len(fields) == 3 else "valid"
        if padding not in PADDINGS:
            raise ValueError(_("the padding {padding} is neither 'same' nor 'valid'").format(padding=padding))
        return Convolution(_whole(fields[0], FILTERS, _("the number of filters")),
                           _whole(fields[1], FILTER_SIZE, _("the filter size")), padding)
    if kind == "pool" and len(fields) == 1:
        return Pool(_whole(fields[0], POOL_SIZE, _("the pooling size")))
    if kind == "dense" and len(fields) == 1:
        return Dense(_whole(fields[0], UNITS, _("the number of units")))
    if not token:
        raise ValueError(_("the item is empty; expected one of {syntax}").format(syntax=_(SYNTAX)))
    raise ValueError(_("expected one of {syntax}").format(syntax=_(SYNTAX)))


def _whole(field: str, bounds: tuple[int, int], what: str) -> int:
    if not NUMBER.fullmatch(field) or not bounds[0] <= int(field) <= bounds[1]:
        raise ValueError(_("{what} must be a whole number from {minimum} to {maximum}, not {field}").format(
            what=what, minimum=bounds[0], maximum=bounds[1], field=field or '""'))
    return int(field)


def _item_error(text: str, position: int, token: str, problem: str) -> SettingsError:
    return SettingsError(_("layers {text}: item {position}, {token}: {problem}").format(
        text=text, position=position, token=token or '""', problem=problem), "layers")


def shapes(layers: tuple[Layer, ...], text: str | None = None, tokens: list[str] | None = None) -> list[LayerShape]:
    """Each layer's output shape and parameter count for one digit, the output layer last; a SettingsError
    names the first layer that cannot follow the one before it (`text` and `tokens`: as the user typed them)."""
    text = format_layers(layers) if text is None else text
    tokens = [layer.text() for layer in layers] if tokens is None else tokens
    shape: tuple[int, ...] = INPUT_SHAPE
    result = []
    for position, (layer, token) in enumerate(zip(layers, tokens), start=1):
        try:
            shape, parameters = _output_shape(layer, shape)
        except ValueError as problem:
            raise _item_error(text, position, token, str(problem)) from None
        result.append(LayerShape(layer.text(), shape, parameters))
    inputs = _size(shape)
    result.append(LayerShape(f"dense:{CLASSES}", (CLASSES,), CLASSES * (inputs + 1)))
    return result


def _output_shape(layer: Layer, shape: tuple[int, ...]) -> tuple[tuple[int, ...], int]:
    """(output shape, parameters) of `layer` given its input's shape; a ValueError if it cannot take it."""
    if isinstance(layer, Dense):
        return (layer.units,), layer.units * (_size(shape) + 1)
    if len(shape) == 1:
        raise ValueError(_("a convolution or pooling layer cannot follow a dense layer"))
    channels, height, width = shape
    if isinstance(layer, Pool):
        if height < layer.size or width < layer.size:
            raise ValueError(_("its input maps are {height}x{width}, smaller than its {size}x{size} window").format(
                height=height, width=width, size=layer.size))
        return (channels, height // layer.size, width // layer.size), 0
    parameters = layer.filters * (channels * layer.size**2 + 1)
    if layer.padding == "same":
        return (layer.filters, height, width), parameters
    if height < layer.size or width < layer.size:
        raise ValueError(_("its input maps are {height}x{width}, smaller than its {size}x{size} filters").format(
            height=height, width=width, size=layer.size))
    return (layer.filters, height - layer.size + 1, width - layer.size + 1), parameters


def _size(shape: tuple[int, ...]) -> int:
    size = 1
    for length in shape:
        size *= length
    return size


def parameter_count(layers: tuple[Layer, ...]) -> int:
    return sum(layer.parameters for layer in shapes(layers))
