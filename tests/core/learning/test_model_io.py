import json
import re

import numpy as np
import pytest

from core.base.errors import ModelError
from core.learning.model import model_from_training
from core.learning.model_io import FORMAT_VERSION, LAYERED_FORMAT_VERSION, load_model, metadata_of, save_model
from core.learning.network import Network
from core.learning.settings import TrainingSettings
from core.learning.training import train
from tests.core.hostile_models import HOSTILE, write_hostile, zip_bomb
from tests.core.samples import DRAW_MODEL_FILE, MODEL_FILE


@pytest.fixture(scope="module")
def trained(dataset):
    settings = TrainingSettings(hidden=(24,), epochs=2, train_rows=(0, 200))
    return model_from_training(train(dataset, settings), test_accuracy=0.5)


def write_npz(path, metadata=None, **arrays):
    metadata = {"format_version": FORMAT_VERSION, "activation": "relu"} if metadata is None else metadata
    payload = np.frombuffer(json.dumps(metadata).encode(), dtype=np.uint8)
    np.savez(path, metadata=payload, **arrays)
    return path


def good_arrays():
    network = Network.create([784, 5, 10], seed=0)
    return {"w1": network.weights[0], "b1": network.biases[0], "w2": network.weights[1], "b2": network.biases[1]}


def test_round_trip_preserves_predictions_exactly(tmp_path, trained, dataset):
    path = tmp_path / "model.npz"
    save_model(trained, path)
    loaded = load_model(path)
    pixels = dataset.pixels[900:1000]
    np.testing.assert_array_equal(loaded.network.probabilities(pixels), trained.network.probabilities(pixels))
    for a, b in zip(loaded.network.parameters, trained.network.parameters, strict=True):
        assert a.tobytes() == b.tobytes()
    assert all(w.flags.f_contiguous for w in loaded.network.weights), "the layout the network computes with"
    assert loaded.history == trained.history
    assert loaded.settings == trained.settings and loaded.provenance == trained.provenance


def test_metadata_records_the_run(trained):
    metadata = metadata_of(trained)
    assert metadata["format_version"] == FORMAT_VERSION
    assert metadata["layer_sizes"] == [784, 24, 10]
    assert metadata["settings"]["hidden"] == [24] and metadata["settings"]["train_rows"] == "0:200"
    assert metadata["data_file"] == "mnist.txt" and metadata["epochs_run"] == 2
    assert len(metadata["history"]["train_cost"]) == 2
    assert metadata["test_accuracy"] == 0.5 and metadata["created"]
    json.dumps(metadata)


def test_file_holds_numeric_arrays_only(tmp_path, trained):
    path = tmp_path / "model.npz"
    save_model(trained, path)
    with np.load(path, allow_pickle=False) as archive:
        assert sorted(archive.files) == ["b1", "b2", "metadata", "w1", "w2"]
        assert all(archive[name].dtype.kind in "fu" for name in archive.files)


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path, trained, monkeypatch):
    path = tmp_path / "model.npz"
    save_model(trained, path)
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", crash)
    with pytest.raises(ModelError, match="cannot write the file"):
        save_model(trained, path)
    assert path.read_bytes() == before, "the old model survives a failed save"
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]


def test_shipped_model_loads(dataset):
    model = load_model(MODEL_FILE)
    assert model.network.layer_sizes[0] == 784 and model.network.layer_sizes[-1] == 10
    assert "784-" in model.summary()


def test_shipped_models_never_trained_on_the_test_rows_or_the_benchmark_rows(dataset):
    """model.npz learned rows 0-899 only; draw-model.npz also 1000-3999, never 900-999 or 4000-4999."""
    from core.learning.data import ranges_overlap

    assert load_model(MODEL_FILE).settings.train_rows == ((0, 900),)
    drawing = load_model(DRAW_MODEL_FILE).settings
    assert drawing.train_rows == ((0, 900), (1000, 4000)) and drawing.test_rows == (900, 1000)
    assert not ranges_overlap(drawing.train_rows, ((900, 1000), (4000, 5000)))


def test_missing_file(tmp_path):
    with pytest.raises(ModelError, match="nothing.npz: no such file"):
        load_model(tmp_path / "nothing.npz")


def test_not_a_zip(tmp_path):
    path = tmp_path / "text.npz"
    path.write_text("hello")
    with pytest.raises(ModelError, match="text.npz: not a model file"):
        load_model(path)


def test_truncated_file(tmp_path, trained):
    path = tmp_path / "cut.npz"
    save_model(trained, path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ModelError, match="cut.npz: not a model file, or a truncated one"):
        load_model(path)


def test_missing_array(tmp_path):
    arrays = good_arrays()
    del arrays["b2"]
    with pytest.raises(ModelError, match="array 'b2' is missing"):
        load_model(write_npz(tmp_path / "m.npz", **arrays))


def test_missing_metadata(tmp_path):
    path = tmp_path / "m.npz"
    np.savez(path, **good_arrays())
    with pytest.raises(ModelError, match="'metadata' entry is missing"):
        load_model(path)


def test_shapes_that_do_not_chain(tmp_path):
    arrays = good_arrays()
    arrays["w2"] = np.zeros((10, 6), dtype=np.float32)
    with pytest.raises(ModelError, match="w2 takes 6 inputs but layer 1 gives 5 outputs"):
        load_model(write_npz(tmp_path / "m.npz", **arrays))


def test_bias_of_the_wrong_length(tmp_path):
    arrays = good_arrays()
    arrays["b1"] = np.zeros(4, dtype=np.float32)
    with pytest.raises(ModelError, match="b1 has 4 values but w1 has 5 rows"):
        load_model(write_npz(tmp_path / "m.npz", **arrays))


def test_non_finite_weights(tmp_path):
    arrays = good_arrays()
    arrays["w1"][0, 0] = np.nan
    with pytest.raises(ModelError, match="array 'w1' holds values that are NaN, infinite"):
        load_model(write_npz(tmp_path / "m.npz", **arrays))


def test_unknown_format_version(tmp_path):
    with pytest.raises(ModelError, match="format version 99 is not supported"):
        load_model(write_npz(tmp_path / "m.npz", {"format_version": 99, "activation": "relu"}, **good_arrays()))


def test_object_arrays_are_refused(tmp_path):
    path = tmp_path / "m.npz"
    arrays = good_arrays()
    arrays["w1"] = np.array([object()] * 3, dtype=object)
    write_npz(path, **arrays)
    with pytest.raises(ModelError, match="holds Python objects"):
        load_model(path)


def test_wrong_input_or_output_size(tmp_path):
    network = Network.create([100, 5, 10], seed=0)
    arrays = {"w1": network.weights[0], "b1": network.biases[0], "w2": network.weights[1], "b2": network.biases[1]}
    with pytest.raises(ModelError, match="maps 100 inputs to 10 outputs"):
        load_model(write_npz(tmp_path / "m.npz", **arrays))


def test_a_folder_is_not_a_model(tmp_path):
    with pytest.raises(ModelError, match="is a folder"):
        load_model(tmp_path)


def test_model_without_training_metadata_still_summarises(tmp_path):
    model = load_model(write_npz(tmp_path / "m.npz", **good_arrays()))
    assert model.settings is None and len(model.history) == 0
    assert model.summary() == "784-5-10 ReLU"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_model_file_is_a_clear_error(tmp_path, name):
    path = write_hostile(tmp_path, name)
    with pytest.raises(ModelError) as error:
        load_model(path)
    message = str(error.value)
    assert message.startswith(str(path)) and HOSTILE[name][1] in message, message


def test_a_zip_bomb_is_refused_from_its_declared_size_before_any_data_is_read(tmp_path, monkeypatch):
    import core.learning.model_io

    monkeypatch.setattr(core.learning.model_io, "MAX_UNPACKED_BYTES", 64 << 20)
    path = tmp_path / "bomb.npz"
    path.write_bytes(zip_bomb(96 << 20))
    assert path.stat().st_size < 1 << 20, "a small file that unpacks to 96 MiB"
    read = []
    monkeypatch.setattr(core.learning.model_io, "_read_member", lambda *args: read.append(args))
    with pytest.raises(ModelError, match="unpack to 96 MiB, more than the 64 MiB"):
        load_model(path)
    assert read == []


def test_a_model_must_be_saved_to_an_npz_path(tmp_path, trained):
    for name in ("model.png", "model", "model.npz.txt"):
        with pytest.raises(ModelError, match="must end in .npz"):
            save_model(trained, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def layered(dataset):
    from core.learning.layer_spec import parse_layers

    settings = TrainingSettings(layers=parse_layers("conv:4:3,pool:2,dense:16"), epochs=1, train_rows=(0, 200))
    return model_from_training(train(dataset, settings), test_accuracy=0.5)


def test_a_layered_model_is_format_2_and_reads_back_the_same(tmp_path, layered, dataset):
    path = save_model(layered, tmp_path / "conv.npz")
    metadata = metadata_of(layered)
    assert metadata["format_version"] == LAYERED_FORMAT_VERSION == 2
    assert metadata["layers"] == "conv:4:3,pool:2,dense:16"
    assert "layer_sizes" not in metadata
    with np.load(path) as archive:
        assert archive["w1"].shape == (4, 1, 3, 3) and archive["w2"].shape == (16, 676)
    loaded = load_model(path)
    pixels = dataset.pixels[900:1000]
    np.testing.assert_array_equal(loaded.network.probabilities(pixels), layered.network.probabilities(pixels))
    assert loaded.settings == layered.settings
    assert loaded.architecture == "conv:4:3,pool:2,dense:16,dense:10 ReLU"
    assert loaded.summary().startswith("conv:4:3,pool:2,dense:16,dense:10 ReLU, Adam, 1 epoch")


def test_fully_connected_models_stay_format_1_and_earlier_files_read_the_same(tmp_path, trained, dataset):
    assert metadata_of(trained)["format_version"] == 1
    for path, rate in ((MODEL_FILE, 0.99), (DRAW_MODEL_FILE, None)):
        model = load_model(path)
        assert model.network.layer_sizes[0] == 784
        if rate is not None:
            assert (model.network.predict(dataset.pixels[900:1000]) == dataset.labels[900:1000]).mean() == rate


def layered_members(layered):
    parameters = layered.network.parameters
    return {f"{letter}{index // 2 + 1}": array for index, (letter, array) in
            enumerate(zip("wb" * len(parameters), parameters))}


@pytest.mark.parametrize("change, message", [
    (lambda m: m.update(w1=np.zeros((4, 1, 5, 5), np.float32)),
     "member 'w1' is float32 of shape (4, 1, 5, 5); its layer needs numbers of shape (4, 1, 3, 3)"),
    (lambda m: m.update(w4=np.zeros((2, 2), np.float32)), "member 'w4' belongs to no layer of the list"),
    (lambda m: m.pop("b3"), "array 'b3' is missing"),
    (lambda m: m.update(w2=np.zeros((16, 676, 1, 1), np.float32)), "member 'w2' is float32 of shape"),
])
def test_a_layered_file_whose_arrays_do_not_fit_its_layers_is_refused(tmp_path, layered, change, message):
    members = layered_members(layered)
    change(members)
    path = write_npz(tmp_path / "bad.npz", metadata_of(layered), **members)
    with pytest.raises(ModelError, match=re.escape(message)):
        load_model(path)


@pytest.mark.parametrize("version, layers, message", [
    (1, "conv:4:3,pool:2,dense:16", "format version 1 has no list of layers"),
    (2, None, "format version 2 needs its list of layers"),
    (2, "conv:4:3,pool:1", "metadata.layers = 'conv:4:3,pool:1'"),
    (3, "conv:4:3,pool:2,dense:16", "format version 3 is not supported"),
])
def test_a_layered_files_version_and_list_are_checked(tmp_path, layered, version, layers, message):
    metadata = {**metadata_of(layered), "format_version": version}
    if layers is None:
        metadata.pop("layers")
    else:
        metadata["layers"] = layers
    path = write_npz(tmp_path / "bad.npz", metadata, **layered_members(layered))
    with pytest.raises(ModelError, match=re.escape(message)):
        load_model(path)
