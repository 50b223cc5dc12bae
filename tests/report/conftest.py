"""The reports of the shipped model, English and Spanish, built once for the report tests."""

from pathlib import Path

import pytest

from core.learning.model_io import load_model
from report.content import build_report
from tests.core.samples import MODEL_FILE

TEST_ROWS = (900, 1000)
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    """The report tests share one worker (pytest-xdist's loadgroup), so the reports and models their session and
    module fixtures make, and the formula images laid out once per process, are made once."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.xdist_group("report"))


@pytest.fixture(scope="session")
def shipped_model():
    return load_model(MODEL_FILE)


@pytest.fixture(scope="session")
def english_report(shipped_model, dataset):
    return build_report(shipped_model, "model.npz", dataset, TEST_ROWS, "en")


@pytest.fixture(scope="session")
def spanish_report(shipped_model, dataset):
    return build_report(shipped_model, "model.npz", dataset, TEST_ROWS, "es")
