"""Trazo as an installed package: `trazo` (or `python -m trazo`) starts the app or runs a command.

The parts keep the names they have in a checkout (core, report, cli, gui): importing this package puts
the folder that holds them first on sys.path, in a checkout, an editable install or a wheel alike.
"""

import importlib.util
import sys
from pathlib import Path


def _parts_folder() -> Path:
    """The folder holding core/, gui/, report/, cli/ and resources/."""
    installed = importlib.util.find_spec(__name__ + ".core")
    if installed is not None and installed.submodule_search_locations:
        return Path(list(installed.submodule_search_locations)[0]).parent
    return Path(__file__).resolve().parent.parent     # a checkout: trazo/ sits beside them


_folder = str(_parts_folder())
if _folder not in sys.path:
    sys.path.insert(0, _folder)
