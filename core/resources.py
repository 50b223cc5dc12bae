"""The shipped files in resources/: the data set, the two models and the translation catalogues."""

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
DATA_FILE = RESOURCES / "mnist.txt"
MODEL_FILE = RESOURCES / "model.npz"
DRAW_MODEL_FILE = RESOURCES / "draw-model.npz"
LOCALE_FOLDER = RESOURCES / "locale"
