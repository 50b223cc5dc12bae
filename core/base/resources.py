"""The shipped files in resources/: the data set, the two models, the translation catalogues and the icons.

Found through importlib.resources beside the core package, so they are where the code is: in a checkout,
an editable install or an installed wheel alike, whatever the current folder.
"""

from importlib.resources import files
from pathlib import Path

RESOURCES = Path(str(files(__package__))).parents[1] / "resources"     # core/base -> the checkout
DATA_FILE = RESOURCES / "mnist.txt"
MODEL_FILE = RESOURCES / "model.npz"
DRAW_MODEL_FILE = RESOURCES / "draw-model.npz"
LOCALE_FOLDER = RESOURCES / "locale"
ICONS_FOLDER = RESOURCES / "icons"
DESKTOP_FILE = RESOURCES / "trazo.desktop"
