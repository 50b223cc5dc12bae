"""Teach's figures: the user's digits are scored as the Draw tab reads them, the test rows as the Test tab does."""

import numpy as np
import pytest

from core import teach as teach_module
from core.collection import Collection
from core.drawing import read_drawings
from core.errors import DataError
from core.evaluation import evaluate
from core.model_io import load_model

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
