"""Shared test setup: Qt renders offscreen unless told otherwise, and pyqtgraph binds to PySide6."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import PySide6.QtWidgets  # noqa: E402,F401  (imported first, so pyqtgraph picks PySide6)
import pyqtgraph  # noqa: E402,F401

import pytest  # noqa: E402

from core.data import load_dataset  # noqa: E402
from tests.core.samples import DATA_FILE  # noqa: E402


@pytest.fixture(scope="session")
def dataset():
    """The shipped data set, read once."""
    return load_dataset(DATA_FILE)
