"""Teach's figures: the user's digits are scored as the Draw tab reads them, the test rows as the Test tab does."""

import numpy as np
import pytest

from core.base.errors import DataError
from core.handwriting.drawing import read_drawings
from core.learning.evaluation import evaluate
from core.learning.model_io import load_model
from core.services import teach as teach_module
from core.services.collection import Collection
from tests.core.samples import DRAW_MODEL_FILE


def test_teach_scores_the_users_digits_in_the_draw_tabs_nine_positions(dataset, monkeypatch):
    monkeypatch.setattr(teach_module, "EPOCHS", 1)
    monkeypatch.setattr(teach_module, "OLD_ROWS", 200)
    reader = load_model(DRAW_MODEL_FILE)
    pixels, labels = dataset.rows((900, 5000))
    # the digits whose reading in nine positions differs from the reading in place only
    differ = read_drawings(reader.network, pixels).argmax(axis=1) != reader.network.predict(pixels)
    pixels, labels = pixels[differ], labels[differ]
    taught = teach_module.teach(reader, dataset, Collection(pixels, labels))

    def as_drawn(network):
        return float(np.mean(read_drawings(network, pixels).argmax(axis=1) == labels))

    assert len(labels) >= 5
    assert taught.yours_before == as_drawn(reader.network) != evaluate(reader.network, pixels, labels).rate
    assert taught.yours_after == as_drawn(taught.model.network)
    test_x, test_y = dataset.rows((900, 1000))
    assert taught.test_before == evaluate(reader.network, test_x, test_y).rate
    assert taught.test_after == evaluate(taught.model.network, test_x, test_y).rate


def test_teach_with_no_digits_of_the_user_says_what_to_do(dataset):
    with pytest.raises(DataError, match="draw one and give its right digit"):
        teach_module.teach(load_model(DRAW_MODEL_FILE), dataset, Collection())


def test_teach_with_four_thousand_digits_works_within_the_memory_it_counts(dataset, monkeypatch):
    """An epoch takes at most YOURS_PER_EPOCH of the user's digits (200 digits' worth), and the figures read
    them SCORING_CHUNK at a time, so 4,000 need about what 200 do; the count it checks before starting is at
    least what it uses (NumPy's arrays as tracemalloc sees them)."""
    import tracemalloc

    monkeypatch.setattr(teach_module, "EPOCHS", 1)
    reader = load_model(DRAW_MODEL_FILE)
    count = 4_000
    assert count * teach_module.REPEATS > teach_module.YOURS_PER_EPOCH and count > 2 * teach_module.SCORING_CHUNK
    rows = np.arange(count) % 4000 + 1000
    collection = Collection(dataset.pixels[rows], dataset.labels[rows])
    epochs = []
    real_epoch = teach_module.train_epoch
    monkeypatch.setattr(teach_module, "train_epoch", lambda network, optimizer, x, y, *rest: (
        epochs.append(len(y)), real_epoch(network, optimizer, x, y, *rest))[1])
    tracemalloc.start()
    try:
        taught = teach_module.teach(reader, dataset, collection)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert epochs == [teach_module.OLD_ROWS + teach_module.YOURS_PER_EPOCH]
    assert taught.model.provenance.taught_digits == count and 0.9 < taught.yours_after <= 1.0
    needed = teach_module.memory_needed_to_teach(reader.network, count)
    assert peak < needed < 2 * teach_module.memory_needed_to_teach(reader.network, 200)


@pytest.mark.parametrize("language, message", [
    ("en", "teaching your 20,000 digits needs about 4.0 GiB of memory but 512 MiB is available; close other "
           "programs and teach again"),
    ("es", "enseñar sus 20,000 dígitos necesita unos 4.0 GiB de memoria, pero hay 512 MiB disponibles; cierre "
           "otros programas y vuelva a enseñar")])
def test_teach_is_refused_up_front_with_the_memory_it_would_need(dataset, monkeypatch, language, message):
    from core.base.i18n import set_language
    from core.services import runs

    monkeypatch.setattr(runs, "available_memory", lambda: 512 * 2**20)
    monkeypatch.setattr(teach_module, "memory_needed_to_teach", lambda network, count: 4 * 2**30)
    monkeypatch.setattr(teach_module, "train_epoch", lambda *args: pytest.fail("nothing is trained"))
    rows = np.arange(20_000) % 5000
    set_language(language)
    try:
        with pytest.raises(DataError) as raised:
            teach_module.teach(load_model(DRAW_MODEL_FILE), dataset, Collection(dataset.pixels[rows],
                                                                                 dataset.labels[rows]))
    finally:
        set_language("en")
    assert str(raised.value) == message


def test_teach_fine_tunes_a_convolutional_reader_and_counts_its_memory(dataset, monkeypatch):
    """A network of layers is taught like a fully connected one: its weights change, its figures are its own,
    and the memory counted before starting is at least what it uses."""
    import tracemalloc

    from core.learning.layer_spec import parse_layers
    from core.learning.layered import LayeredNetwork
    from core.learning.settings import TrainingSettings
    from core.services.runs import run_training

    monkeypatch.setattr(teach_module, "EPOCHS", 2)
    monkeypatch.setattr(teach_module, "OLD_ROWS", 300)
    settings = TrainingSettings(layers=parse_layers("conv:4:3,pool:2,dense:16"), epochs=2, train_rows=(0, 300),
                                augment=False)
    reader = run_training(dataset, settings).model
    pixels, labels = dataset.rows((1000, 1040))
    tracemalloc.start()
    try:
        taught = teach_module.teach(reader, dataset, Collection(pixels, labels))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    network = taught.model.network
    assert isinstance(network, LayeredNetwork) and network.spec == reader.network.spec
    assert not np.array_equal(network.parameters.flat, reader.network.parameters.flat), "it learned"
    assert taught.yours_before == float(np.mean(read_drawings(reader.network, pixels).argmax(axis=1) == labels))
    assert taught.yours_after == float(np.mean(read_drawings(network, pixels).argmax(axis=1) == labels))
    assert taught.yours_after > taught.yours_before
    assert peak < teach_module.memory_needed_to_teach(reader.network, len(labels))
