"""The reports of the shipped model, English and Spanish, built once for the report tests."""

import pytest

from core.learning.model_io import load_model
from report.content import build_report
from tests.core.samples import MODEL_FILE

TEST_ROWS = (900, 1000)


@pytest.fixture(scope="session")
def shipped_model():
    return load_model(MODEL_FILE)


@pytest.fixture(scope="session")
def english_report(shipped_model, dataset):
    return build_report(shipped_model, "model.npz", dataset, TEST_ROWS, "en")


@pytest.fixture(scope="session")
def spanish_report(shipped_model, dataset):
    return build_report(shipped_model, "model.npz", dataset, TEST_ROWS, "es")
