"""Fixtures for the core tests."""

from __future__ import annotations

import pytest

from core.data import load_dataset

from tests.core.samples import DATA_FILE


@pytest.fixture(scope="session")
def dataset():
    return load_dataset(DATA_FILE)
