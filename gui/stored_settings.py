"""The app's stored preferences: the window's size and place, the language, the zoom, the last training settings.

They live in an INI file that QSettings reads and writes (QSettings.setPath moves it, as the tests do).
Qt reads whatever is at that path as it opens it, and writes through a link onto its target, so Trazo
looks first: a link, a folder, a named pipe (Qt would wait on it forever), a device, a socket or a file
far larger than any settings file there is moved aside, untouched, and the app starts with its defaults.
Where it cannot be moved aside, the session's choices are kept in memory only. Nothing is written through
a link, nor onto a device.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QSettings

from core.base.errors import SettingsError, TrazoError
from core.base.files import move_aside, own_file_problem
from core.base.i18n import _
from core.base.schema import parse_json_text
from core.learning.settings import TrainingSettings
from gui.app import APPLICATION, ORGANISATION
from gui.user_files import Notice, clear_lock_path, stays

SETTINGS_KEY = "training/settings"
GEOMETRY_KEY = "window/geometry"
LANGUAGE_KEY = "interface/language"
ZOOM_KEY = "interface/zoom"
ZOOM_LEVELS = (70, 80, 90, 100, 110, 125, 150, 175, 200)     # percent of the system's font size
NORMAL_ZOOM = 100
MAX_SETTINGS_BYTES = 1 << 20      # a settings file has a few kilobytes
MAX_SETTINGS_TEXT = 64 * 1024     # the stored training settings are a few hundred characters


class SessionSettings:
    """Stands in for QSettings when its file cannot be used: this session's values, in memory only."""

    values: ClassVar[dict[str, Any]] = {}     # one store for the whole process, as QSettings' file is

    def value(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def setValue(self, key: str, value: Any) -> None:
        self.values[key] = value

    def sync(self) -> None:
        pass


def settings_file() -> Path:
    """The INI file Trazo's settings are kept in, found without Qt reading it."""
    # A QSettings for a name no file has reads nothing, and names a file in the same folder as Trazo's.
    probe = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, f".trazo-probe-{secrets.token_hex(8)}")
    return Path(probe.fileName()).parent / ORGANISATION / f"{APPLICATION}.ini"


def app_settings() -> QSettings | SessionSettings:
    """The app's stored preferences (see `open_settings`)."""
    return open_settings()[0]


def open_settings() -> tuple[QSettings | SessionSettings, list[Notice]]:
    """The stored preferences, and what was wrong with their file (nothing, usually)."""
    path, notices = settings_file(), []
    title, could_not = _("Stored settings"), _("The settings file could not be used: {problem}")
    problem = _file_problem(path)
    if problem and os.path.lexists(path):
        try:
            aside = move_aside(path)
        except TrazoError as error:
            problem = str(stays(problem, error))
        else:
            notices.append((title, could_not.format(problem=problem), _(
                "It is now {aside}, exactly as it was. Trazo starts with its shipped settings.").format(aside=aside)))
            problem = ""
    if not problem:
        try:
            clear_lock_path(path.with_name(path.name + ".lock"))   # the lock QSettings takes to write
        except TrazoError as error:
            problem = str(error)
        else:
            return QSettings(str(path), QSettings.Format.IniFormat), notices
    return SessionSettings(), [(title, could_not.format(problem=problem), _(
        "Trazo starts with its shipped settings, and keeps the choices of this session until it closes."))]


def _file_problem(path: Path) -> str:
    """Why Qt must not open `path` as the settings file ('' when it may)."""
    folder = path.parent
    if os.path.lexists(folder) and not folder.is_dir():
        return _("{folder}: is not a folder").format(folder=folder)
    problem = own_file_problem(path)
    if problem or not os.path.lexists(path):
        return problem
    size = os.lstat(path).st_size
    if size > MAX_SETTINGS_BYTES:
        return _("{path}: has {megabytes:,.1f} MB; a settings file has a few kilobytes").format(
            path=path, megabytes=size / 1e6)
    return ""


def stored_training_settings(stored: QSettings | SessionSettings) -> tuple[TrainingSettings | None, list[Notice]]:
    """The training settings last used, or None; and why the stored ones were refused, if they were."""
    text = stored.value(SETTINGS_KEY)
    if text is None or (isinstance(text, str) and not text):
        return None, []
    try:
        values = parse_json_text(text, SETTINGS_KEY, SettingsError, MAX_SETTINGS_TEXT)
        return TrainingSettings.from_json(values).validate(), []
    except (ValueError, TypeError, TrazoError) as error:
        return None, [(_("Stored settings"), _("The stored training settings were not usable: {error}").format(
            error=error), _("The form shows the shipped recipe."))]


def stored_zoom(stored: QSettings | SessionSettings) -> tuple[int, list[Notice]]:
    """The zoom last chosen in View, in percent (NORMAL_ZOOM when none); and why the stored one was refused."""
    text = stored.value(ZOOM_KEY)
    if text is None or (isinstance(text, str) and not text):
        return NORMAL_ZOOM, []
    try:
        percent = int(text) if isinstance(text, (str, int)) and len(str(text)) <= 4 else None
    except ValueError:
        percent = None
    if percent is None or not ZOOM_LEVELS[0] <= percent <= ZOOM_LEVELS[-1]:
        problem = _("The stored zoom is not a whole percentage from {low}% to {high}%.").format(
            low=ZOOM_LEVELS[0], high=ZOOM_LEVELS[-1])
        return NORMAL_ZOOM, [(_("Stored settings"), problem,
                              _("The window shows its normal size, {normal}%.").format(normal=NORMAL_ZOOM))]
    return percent, []


def store(stored: QSettings | SessionSettings, geometry: Any, settings: TrainingSettings | None) -> None:
    """Keep the window's geometry, and the training settings when the form holds valid ones."""
    stored.setValue(GEOMETRY_KEY, geometry)
    if settings is not None:
        stored.setValue(SETTINGS_KEY, json.dumps(settings.to_json()))
    stored.sync()
