"""Shared test setup: Qt renders offscreen unless told otherwise, one BLAS thread, and pyqtgraph binds to PySide6."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import
# One BLAS thread in each test process and in the commands it starts (before NumPy loads): pytest-xdist runs
# a worker per core already, and OpenBLAS's second thread would spin on the core the other worker needs.
os.environ["OPENBLAS_NUM_THREADS"] = "1"
# Bytecode is cached, as on a user's machine, even where the environment says not to (PYTHONDONTWRITEBYTECODE):
# the hundreds of commands the tests start would each compile Trazo's modules again (30-80 ms each).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
# The tests choose their language themselves: English by default, whatever this machine's locale is,
# and Spanish where a test sets it (the commands they start inherit this environment).
os.environ.pop("LANGUAGE", None)
os.environ.pop("LC_ALL", None)
os.environ.pop("LC_MESSAGES", None)
os.environ["LANG"] = "C.UTF-8"

import sys

import PySide6.QtWidgets  # noqa: F401  (imported first, so pyqtgraph picks PySide6)

import pyqtgraph  # noqa: F401
import pytest

from core.learning.data import load_dataset
from tests.core.samples import DATA_FILE

sys.dont_write_bytecode = False     # this process too, for the modules it imports from here on


@pytest.hookimpl(trylast=True)    # after the hooks that mark tests (tests/report/conftest.py)
def pytest_collection_modifyitems(items):
    """The tests that share a worker (an xdist_group: the wheel, a class's files, the reports) go first: each
    group runs as one piece, and the single tests after them even out the workers' ends."""
    items.sort(key=lambda item: item.get_closest_marker("xdist_group") is None)


@pytest.fixture(scope="session")
def dataset():
    """The shipped data set, read once."""
    return load_dataset(DATA_FILE)


@pytest.fixture
def interface_language():
    """Sets the interface language for one test (`interface_language("es")`), and English again after it."""
    from core.base.i18n import current_language, set_language

    before = current_language()
    yield set_language
    set_language(before)
@pytest.fixture(scope="session")
def class_folder(tmp_path_factory, dataset):
    """A class's model files, honest and forged (tests/core/class_models.py), made once per session."""
    from tests.core.class_models import make_class

    return make_class(tmp_path_factory.mktemp("class"), dataset)
