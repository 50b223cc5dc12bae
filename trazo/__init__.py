"""Trazo as an installed package: `trazo` (or `python -m trazo`) starts the app or runs a command.

The parts keep the names they have in a checkout (core, report, cli, gui): importing this package puts
the folder that holds them first on sys.path, in a checkout, an editable install or a wheel alike.

Ctrl-C while Trazo's modules load is noted, not raised: an import of NumPy interrupted halfway ends in an
ImportError with a traceback. trazo.launch gives Ctrl-C back (release_interrupts) once they are in.
"""

import _signal  # the interpreter's own, already loaded: `signal` would import enum first, a window for Ctrl-C

_interrupted: list = []
try:
    _signal.signal(_signal.SIGINT, lambda *_: _interrupted.append(True))
except ValueError:  # imported outside the main thread: nothing to hold
    pass

import importlib.util  # noqa: E402  (after the handler: the imports below are the ones to protect)
import signal  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def release_interrupts() -> None:
    """Ctrl-C raises KeyboardInterrupt again from now on; raise it at once if it came while loading."""
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    except ValueError:
        return
    if _interrupted:
        _interrupted.clear()
        raise KeyboardInterrupt


def _parts_folder() -> Path:
    """The folder holding core/, gui/, report/, cli/ and resources/."""
    installed = importlib.util.find_spec(__name__ + ".core")
    if installed is not None and installed.submodule_search_locations:
        return Path(list(installed.submodule_search_locations)[0]).parent
    return Path(__file__).resolve().parent.parent     # a checkout: trazo/ sits beside them


_folder = str(_parts_folder())
if _folder not in sys.path:
    sys.path.insert(0, _folder)
