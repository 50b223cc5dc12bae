"""`trazo install-desktop`: Trazo in the desktop's menus on Linux, with its icon (the freedesktop.org way).

Writes trazo.desktop into $XDG_DATA_HOME/applications and the icon's sizes into
$XDG_DATA_HOME/icons/hicolor (~/.local/share by default); nothing needs root.
"""

import os
import shlex
import sys
from pathlib import Path

from core.base.files import write_atomically
from core.base.i18n import _
from core.base.resources import DESKTOP_FILE, ICONS_FOLDER

ICON_SIZES = (48, 128, 256)


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def launch_command() -> str:
    """How the menu starts Trazo: the installed package, or this checkout's main.py."""
    main = Path(__file__).resolve().parent.parent / "main.py"
    arguments = [sys.executable, str(main)] if main.exists() else [sys.executable, "-m", "trazo"]
    return shlex.join(arguments)


def install() -> int:
    home = data_home()
    entry = DESKTOP_FILE.read_text(encoding="utf-8").replace("@EXEC@", launch_command())
    written = [write_atomically(_folder(home / "applications") / "trazo.desktop", entry.encode("utf-8"))]
    for size in ICON_SIZES:
        folder = _folder(home / "icons" / "hicolor" / f"{size}x{size}" / "apps")
        written.append(write_atomically(folder / "trazo.png", (ICONS_FOLDER / f"trazo-{size}.png").read_bytes()))
    for path in written:
        print(_("Wrote {path}").format(path=path))
    return 0


def _folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
