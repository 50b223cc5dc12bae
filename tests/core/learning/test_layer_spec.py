"""The list of layers a user types: parsed, written back, its shapes and parameter counts, and every mistake
named by its position and text, in English and in Spanish."""

import pytest

from core.base import i18n
from core.base.errors import SettingsError
from core.learning.layer_spec import (
    Convolution,
    Dense,
    Pool,
    format_layers,
    parameter_count,
    parse_layers,
    shapes,
)

RECIPE = "conv:16:5:same,pool:2,conv:32:5:same,pool:2,dense:128"


def test_a_list_is_read_as_its_layers_and_written_back_the_same():
    layers = parse_layers(RECIPE)
    assert layers == (Convolution(16, 5, "same"), Pool(2), Convolution(32, 5, "same"), Pool(2), Dense(128))
    assert format_layers(layers) == RECIPE
    assert parse_layers(" conv:8:5 , pool:2,conv:16:5:valid ,pool:2, dense:128 ") == (
        Convolution(8, 5), Pool(2), Convolution(16, 5), Pool(2), Dense(128))
    assert format_layers(parse_layers("conv:8:5:valid")) == "conv:8:5"      # valid is the default


def test_shapes_and_parameter_counts_follow_the_layers_and_end_in_ten_outputs():
    described = shapes(parse_layers(RECIPE))
    assert [(layer.text, layer.output_shape, layer.parameters) for layer in described] == [
        ("conv:16:5:same", (16, 28, 28), 16 * (25 + 1)),
        ("pool:2", (16, 14, 14), 0),
        ("conv:32:5:same", (32, 14, 14), 32 * (16 * 25 + 1)),
        ("pool:2", (32, 7, 7), 0),
        ("dense:128", (128,), 128 * (32 * 7 * 7 + 1)),
        ("dense:10", (10,), 10 * (128 + 1))]
    assert parameter_count(parse_layers(RECIPE)) == 416 + 12832 + 200832 + 1290
    valid = shapes(parse_layers("conv:8:5,pool:2,conv:16:5,pool:2,dense:128"))
    assert [layer.output_shape for layer in valid] == [(8, 24, 24), (8, 12, 12), (16, 8, 8), (16, 4, 4), (128,), (10,)]
    assert [layer.output_shape for layer in shapes(parse_layers("dense:200"))] == [(200,), (10,)]
    assert [layer.output_shape for layer in shapes(parse_layers("pool:3"))] == [(1, 9, 9), (10,)]


@pytest.mark.parametrize("text, message", [
    ("conv:8:5,pol:2", "layers conv:8:5,pol:2: item 2, pol:2: expected one of conv:FILTERS:SIZE[:same|valid], "
                       "pool:SIZE, dense:UNITS"),
    ("conv:8:5,,dense:10", "item 2, \"\": the item is empty"),
    ("conv:8:5:full", "item 1, conv:8:5:full: the padding full is neither 'same' nor 'valid'"),
    ("conv:0:5", "item 1, conv:0:5: the number of filters must be a whole number from 1 to 512, not 0"),
    ("conv:8:x", "item 1, conv:8:x: the filter size must be a whole number from 1 to 28, not x"),
    ("conv:8", "item 1, conv:8: expected one of"),
    ("conv:8:5:same:2", "item 1, conv:8:5:same:2: expected one of"),
    ("dense:128,pool:2", "item 2, pool:2: a convolution or pooling layer cannot follow a dense layer"),
    ("dense:-3", "item 1, dense:-3: the number of units must be a whole number from 1 to 10000, not -3"),
    ("pool:1", "item 1, pool:1: the pooling size must be a whole number from 2 to 8, not 1"),
    ("conv:8:5,pool:2,conv:8:5,pool:2,conv:8:5", "item 5, conv:8:5: its input maps are 4x4, smaller than its "
                                                  "5x5 filters"),
    ("pool:8,pool:8", "item 2, pool:8: its input maps are 3x3, smaller than its 8x8 window"),
    ("", "layers: the list is empty"),
    (",".join(["dense:8"] * 17), "17 items; at most 16 are allowed"),
])
def test_a_wrong_list_names_the_item_by_position_and_text(text, message):
    with pytest.raises(SettingsError) as raised:
        parse_layers(text)
    assert message in str(raised.value)
    assert raised.value.setting == "layers"


def test_the_messages_are_spanish_in_spanish():
    i18n.set_language("es")
    try:
        with pytest.raises(SettingsError) as raised:
            parse_layers("conv:8:5,pol:2")
        assert str(raised.value).startswith("capas conv:8:5,pol:2: elemento 2, pol:2: se espera uno de ")
        with pytest.raises(SettingsError, match="no puede seguir a una capa densa"):
            parse_layers("dense:128,conv:8:3")
        with pytest.raises(SettingsError, match="el número de filtros debe ser un número entero de 1 a 512, no 0"):
            parse_layers("conv:0:3")
    finally:
        i18n.set_language("en")
