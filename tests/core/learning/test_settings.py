"""The settings' declarations: validation, typed text, the model file's form, and the tables they drive."""

import dataclasses
import re

import pytest

from core.base.errors import SettingsError
from core.learning.network import ACTIVATIONS, INITIALISATIONS
from core.learning.optimizers import DEFAULT_LEARNING_RATES, OPTIMIZERS
from core.learning.settings import BY_NAME, SETTINGS, Decimal, TrainingSettings, format_number, parse_setting


@pytest.mark.parametrize("change, field", [
    ({"epochs": 0}, "epochs"), ({"learning_rate": -1.0}, "learning_rate"), ({"hidden": ()}, "hidden"),
    ({"batch_size": -5}, "batch_size"), ({"optimizer": "lbfgs"}, "optimizer"),
    ({"train_rows": (10, 5)}, "train_rows"), ({"train_rows": ((0, 100), (50, 150))}, "train_rows"),
    ({"weight_decay": 2.0}, "weight_decay"), ({"thickness": -0.5}, "thickness"), ({"thickness": 4.0}, "thickness"),
    ({"seed": -1}, "seed"), ({"hidden": (10_000,) * 30}, "hidden"), ({"epochs": True}, "epochs"),
])
def test_bad_settings_name_the_setting_and_what_it_allows(change, field):
    with pytest.raises(SettingsError, match=f"^{re.escape(BY_NAME[field].label)} = .*: expected ") as error:
        TrainingSettings(**change).validate()
    assert error.value.setting == field


def test_every_field_is_declared_once_with_a_label_help_and_a_valid_default():
    assert [declared.name for declared in SETTINGS] == [field.name for field in dataclasses.fields(TrainingSettings)]
    recipe = TrainingSettings()
    for declared in SETTINGS:
        assert declared.label and declared.help, declared.name
        default = declared.default_for(recipe)
        assert declared.kind.check(default), f"{declared.name}'s default is within its own range"
        assert getattr(recipe, declared.name) == default
    for optimizer in OPTIMIZERS:
        assert TrainingSettings(optimizer=optimizer).learning_rate == DEFAULT_LEARNING_RATES[optimizer]
    assert len({declared.cli_option for declared in SETTINGS}) == len(SETTINGS)


def test_choices_are_the_core_tables_themselves():
    assert BY_NAME["activation"].kind.options is ACTIVATIONS
    assert BY_NAME["initialisation"].kind.options is INITIALISATIONS
    assert BY_NAME["optimizer"].kind.options is OPTIMIZERS


@pytest.mark.parametrize("name, text, value", [
    ("learning_rate", "0.1", 0.1), ("learning_rate", "0,1", 0.1), ("learning_rate", " ,5 ", 0.5),
    ("learning_rate", "1e-3", 0.001), ("thickness", "1,5", 1.5), ("thickness", "1.5", 1.5),
    ("momentum", "0,95", 0.95), ("weight_decay", "0,0005", 0.0005), ("epochs", "120", 120),
    ("hidden", "128 64", (128, 64)), ("hidden", "128, 64", (128, 64)), ("train_rows", "0:900, 1000:4000",
                                                                          ((0, 900), (1000, 4000))),
    ("augment", "no", False), ("activation", "tanh", "tanh"),
])
def test_typed_text_is_read_with_either_decimal_separator(name, text, value):
    assert parse_setting(BY_NAME[name], text) == value


@pytest.mark.parametrize("name, text", [
    ("learning_rate", "1,000.5"), ("learning_rate", "1.000,5"), ("learning_rate", "0.1.2"), ("learning_rate", ""),
    ("learning_rate", "abc"), ("learning_rate", "20"), ("learning_rate", "0"), ("learning_rate", "nan"),
    ("learning_rate", "inf"), ("learning_rate", "1_0"), ("epochs", "1.5"), ("epochs", "0"), ("epochs", "1e3"),
    ("seed", "-1"), ("hidden", "0"), ("hidden", "200 abc"), ("thickness", "٣"),
])
def test_unreadable_or_out_of_range_text_is_refused_never_guessed(name, text):
    with pytest.raises(SettingsError, match=f"^{re.escape(BY_NAME[name].label)} = .*expected") as error:
        parse_setting(BY_NAME[name], text)
    assert error.value.setting == name


def test_numbers_are_written_with_a_point_and_read_back_exactly():
    for value in (0.002, 1e-05, 0.9, 120.0, 0.0005, 1 / 3):
        text = format_number(value)
        assert "," not in text and float(text) == value
        assert Decimal(0, 1000).parse(text.replace(".", ",")) == value


def test_settings_round_trip_through_the_model_files_form():
    settings = TrainingSettings(hidden=(64, 32), train_rows=(0, 500), seed=4, thickness=1.2)
    assert settings.train_rows == ((0, 500),) and settings.to_json()["train_rows"] == "0:500"
    assert TrainingSettings.from_json(settings.to_json()) == settings
    several = TrainingSettings(train_rows=((0, 900), (1000, 4000)))
    assert several.to_json()["train_rows"] == "0:900, 1000:4000" and several.train_count == 3900
    assert TrainingSettings.from_json(several.to_json()) == several
    assert TrainingSettings.from_json({"epochs": 5}).thickness == TrainingSettings().thickness, \
        "models saved before a setting existed were trained with its default"


@pytest.mark.parametrize("values, message", [
    ({"learning_rate": "fast"}, "settings.learning_rate = 'fast': expected a number"),
    ({"epochs": 12.5}, "settings.epochs = 12.5: expected a whole number"),
    ({"epochs": True}, "settings.epochs = True"),
    ({"hidden": "256"}, "settings.hidden = '256': expected 1 to 10 layer sizes"),
    ({"hidden": [256, "x"]}, "settings.hidden"),
    ({"augment": "yes"}, "settings.augment = 'yes': expected yes or no"),
    ({"train_rows": [[0, 900]]}, "settings.train_rows"),
    ({"optimizer": ["adam"]}, "settings.optimizer = ['adam']: expected one of sgd, momentum, adam"),
    ({"colour": "blue"}, "settings: unknown field 'colour'"),
    ("x", "settings: expected a JSON object, found 'x'"),
])
def test_settings_of_the_wrong_type_in_a_file_name_the_field(values, message):
    with pytest.raises(SettingsError) as error:
        TrainingSettings.from_json(values)
    assert message in str(error.value)


def test_a_setting_applies_only_where_the_others_make_it_matter():
    momentum, thickness = BY_NAME["momentum"], BY_NAME["thickness"]
    assert not momentum.applies_to(TrainingSettings(optimizer="adam")) and momentum.ignored
    assert momentum.applies_to(TrainingSettings(optimizer="momentum"))
    assert thickness.applies_to(TrainingSettings(augment=True))
    assert not thickness.applies_to(TrainingSettings(augment=False)) and thickness.ignored


def test_layers_are_typed_as_a_list_and_stored_as_its_text():
    from core.learning.layer_spec import Convolution, Dense, Pool

    declared = BY_NAME["layers"]
    layers = parse_setting(declared, " conv:4:3:same, pool:2 ,dense:16 ")
    assert layers == (Convolution(4, 3, "same"), Pool(2), Dense(16))
    assert parse_setting(declared, "") == () == declared.default
    settings = TrainingSettings(layers=layers)
    assert settings.to_json()["layers"] == "conv:4:3:same,pool:2,dense:16"
    assert TrainingSettings.from_json(settings.to_json()) == settings
    assert TrainingSettings.from_json({"hidden": [24]}).layers == ()     # a file written before the setting


@pytest.mark.parametrize("text, message", [
    ("conv:4:3,pool:9", "item 2, pool:9: the pooling size must be a whole number from 2 to 8, not 9"),
    ("conv:4:3,dense:8,pool:2", "item 3, pool:2: a convolution or pooling layer cannot follow a dense layer"),
    ("conv:4:3,,dense:8", "item 2"),
])
def test_a_wrong_list_of_layers_says_where_it_is_wrong(text, message):
    with pytest.raises(SettingsError, match=re.escape(message)) as raised:
        parse_setting(BY_NAME["layers"], text)
    assert raised.value.args[0].startswith("Layers = ")


def test_a_wrong_list_of_layers_in_a_file_is_named():
    with pytest.raises(SettingsError, match=r"settings\.layers = 'conv:4:x'"):
        TrainingSettings.from_json({"layers": "conv:4:x"})


def test_hidden_activation_and_initialisation_do_not_apply_beside_layers():
    layered = TrainingSettings(layers=parse_setting(BY_NAME["layers"], "dense:8"))
    for name in ("hidden", "activation", "initialisation"):
        assert BY_NAME[name].applies_to(TrainingSettings()) and not BY_NAME[name].applies_to(layered)
        assert BY_NAME[name].ignored


def test_the_convolutional_recipe_is_the_3x3_pairs():
    from core.learning.layer_spec import format_layers
    from core.learning.settings import RECIPES

    settings = RECIPES["convolutional"].settings.validate()
    assert format_layers(settings.layers) == ("conv:16:3:same,conv:16:3:same,pool:2,conv:32:3:same,conv:32:3:same,"
                                              "pool:2,dense:128")
    assert (settings.optimizer, settings.learning_rate, settings.schedule, settings.batch_size, settings.epochs,
            settings.augment, settings.train_rows) == ("adam", 0.002, "cosine", 32, 100, True, ((0, 900),))
