"""The user's own files: their labelled digits and the reader taught on them, in the app's data folder.

Every Trazo window shares them. A window changes one only while it holds the folder's lock (a QLockFile),
after reading again what another window may have written meanwhile, and writes it whole with the atomic
writer, so no window loses what another one did. A file that cannot be read is never written over: it is
moved aside (`my-digits.txt.damaged-2026-12-03`) and the user is told what was wrong and where it went.
The app's files must be regular files of their own: a link, a folder, a pipe or a device in their place
is moved aside the same way, and nothing is written through a link. A folder that cannot be made or
written turns off what needs it, and says why.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from PySide6.QtCore import QLockFile, QStandardPaths

from core.base.errors import DataError, ModelError, TrazoError
from core.base.files import move_aside, own_file_problem
from core.base.i18n import _
from core.learning.model import Model
from core.learning.model_io import load_model, save_model
from core.services.collection import Collection, load_collection, save_collection

COLLECTION_NAME = "my-digits.txt"
TAUGHT_READER_NAME = "taught-reader.npz"
LOCK_NAME = ".trazo.lock"
LOCK_WAIT_MS = 4000          # a window holds the lock for a read and a write: a second at most
Identity = tuple[int, int, int] | None      # a file's inode, modification time and size; None when absent
Notice = tuple[str, str, str]                # a dialog's title, what was wrong, and what happens now
T = TypeVar("T")


def user_folder() -> Path:
    """QStandardPaths' AppDataLocation for Trazo (~/.local/share/Trazo/Trazo on Linux), made if missing; a
    TrazoError saying why when it cannot be made."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    if not location:
        raise TrazoError(_("this system names no folder for the app's data"))
    folder = Path(location)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        raise TrazoError(_("the folder {folder} cannot be made ({reason})").format(
            folder=folder, reason=problem.strerror)) from None
    return folder


def collection_file() -> Path:
    return user_folder() / COLLECTION_NAME


def taught_reader_file() -> Path:
    return user_folder() / TAUGHT_READER_NAME


def folder_problem(folder: Path) -> str:
    """Why no file can be written in `folder` ('' when one can), found by writing one there and removing it."""
    try:
        descriptor, name = tempfile.mkstemp(dir=folder, prefix=".trazo-probe-")
    except OSError as problem:
        return _("the folder {folder} cannot be written ({reason})").format(folder=folder, reason=problem.strerror)
    os.close(descriptor)
    os.unlink(name)
    return ""


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the user folder's lock, which every Trazo window takes to change a file in it."""
    clear_lock_path(folder / LOCK_NAME)
    lock = QLockFile(str(folder / LOCK_NAME))
    if not lock.tryLock(LOCK_WAIT_MS):
        if lock.error() == QLockFile.LockError.LockFailedError:
            raise TrazoError(_("another Trazo window is busy with your files; try again in a moment"))
        raise TrazoError(folder_problem(folder) or _("{path}: the lock on your files cannot be made").format(
            path=lock.fileName()))
    try:
        yield
    finally:
        lock.unlock()


def clear_lock_path(path: Path) -> None:
    """Move aside whatever is at a lock file's path and is not a regular file: QLockFile would wait forever
    on a named pipe there, and take a folder for a lock another window holds."""
    problem = own_file_problem(path)
    if problem:
        try:
            move_aside(path)
        except TrazoError as error:
            if own_file_problem(path):      # not gone meanwhile (another window moved it)
                raise stays(problem, error) from None


def identity(path: Path) -> Identity:
    try:
        status = os.lstat(path)
    except OSError:
        return None
    return status.st_ino, status.st_mtime_ns, status.st_size


def read_own(path: Path, read: Callable[[Path], T], error: type[TrazoError]) -> T:
    """`read(path)` for a file of the app's own; an `error` when a link, folder, pipe or device is there."""
    problem = own_file_problem(path)
    if problem:
        raise error(problem)
    return read(path)


def set_aside(path: Path, damage: TrazoError) -> Path:
    """Move the unreadable `path` aside (the caller holds the lock), the new path; a TrazoError saying what
    was wrong and why it stays when it cannot be moved."""
    try:
        return move_aside(path)
    except TrazoError as error:
        raise stays(damage, error) from None


def stays(damage: TrazoError | str, reason: TrazoError | str) -> TrazoError:
    return TrazoError(_("{damage}; it stays as it is ({reason})").format(damage=damage, reason=reason))


class MyDigits:
    """The user's digits as this window last read or wrote them, and the file every window shares.

    `problem` says why they cannot be changed here ('' when they can); `notices` holds what was found
    wrong since the window last showed them.
    """

    def __init__(self):
        self.collection = Collection()
        self.problem = ""
        self.notices: list[Notice] = []
        self.folder: Path | None = None
        self._seen: Identity = None
        try:
            self.folder = user_folder()
        except TrazoError as error:
            self.problem = str(error)
            return
        self.problem = folder_problem(self.folder)
        try:
            if self.problem:
                self._read()    # no window can write in this folder, nor take its lock
            else:
                with locked(self.folder):
                    self._read()
        except TrazoError as error:
            self.problem = self.problem or str(error)
            self.notices.append((_("Your digits"), str(error), _("Adding and teaching digits stay off.")))

    @property
    def path(self) -> Path:
        return self.usable_folder() / COLLECTION_NAME

    def usable_folder(self) -> Path:
        """The folder, or a TrazoError saying why it cannot be used."""
        if self.folder is None:
            raise TrazoError(self.problem)
        return self.folder

    def change(self, edit: Callable[[Collection], Collection]) -> Collection:
        """Apply `edit` to the digits the file holds now and write the result whole, under the lock."""
        if self.problem:
            raise TrazoError(self.problem)
        with locked(self.usable_folder()):
            self._refresh()
            changed = edit(self.collection)
            save_collection(changed, self.path)
            self.collection, self._seen = changed, identity(self.path)
        return changed

    def refresh(self) -> bool:
        """Read the file again when another window changed it since; True when it had."""
        if self.problem:
            return False
        with locked(self.usable_folder()):
            return self._refresh()

    def take_notices(self) -> list[Notice]:
        notices, self.notices = self.notices, []
        return notices

    def _refresh(self) -> bool:
        if identity(self.path) == self._seen:
            return False
        self._read()
        return True

    def _read(self) -> None:
        """The file's digits; when it cannot be read it is moved aside, and the collection starts empty."""
        seen = identity(self.path)
        try:
            self.collection = read_own(self.path, load_collection, DataError)
        except DataError as damage:
            if self.problem:
                raise stays(damage, self.problem) from None
            aside = set_aside(self.path, damage)
            self.notices.append((_("Your digits"), _("Your digits could not be read: {problem}").format(
                problem=damage), _("The file is now {aside}, exactly as it was. Your next digits go to a new "
                                   "{name}.").format(aside=aside, name=COLLECTION_NAME)))
            self.collection, seen = Collection(), None
        self._seen = seen


def open_taught_reader() -> tuple[Model | None, Path | None, list[Notice]]:
    """The reader taught on the user's digits and its path, or None when there is none or it cannot be read
    (then it is moved aside, and the notice says where)."""
    try:
        folder = user_folder()
    except TrazoError:
        return None, None, []   # the Draw tab says why its digits cannot be kept
    path = folder / TAUGHT_READER_NAME
    if not os.path.lexists(path):
        return None, None, []
    title, problem = _("Your taught reader"), _("The reader taught on your digits could not be read: {problem}")
    try:
        return read_own(path, load_model, ModelError), path, []
    except ModelError as damage:
        try:
            with locked(folder):
                aside = move_aside(path)
        except TrazoError as error:
            return None, None, [(title, problem.format(problem=stays(damage, error)),
                                 _("The shipped reader reads your drawings."))]
        return None, None, [(title, problem.format(problem=damage), _(
            "The file is now {aside}, exactly as it was. The shipped reader reads your drawings; press Teach to "
            "teach it your digits again.").format(aside=aside))]


def save_taught_reader(folder: Path, model: Model) -> tuple[Path, list[Notice]]:
    """Write the taught reader whole, under the lock; whatever is in its place and not a file of its own
    is moved aside first."""
    path, notices = folder / TAUGHT_READER_NAME, []
    with locked(folder):
        problem = own_file_problem(path)
        if problem:
            aside = set_aside(path, ModelError(problem))
            notices.append((_("Your taught reader"), problem, _("It is now {aside}, exactly as it was.").format(
                aside=aside)))
        return save_model(model, path), notices


def remove_taught_reader(folder: Path) -> None:
    """Remove the taught reader file, under the lock; a ModelError saying why when it cannot be removed."""
    path = folder / TAUGHT_READER_NAME
    with locked(folder):
        try:
            path.unlink(missing_ok=True)
        except OSError as problem:
            raise ModelError(_("{path}: cannot be removed ({reason})").format(path=path, reason=problem.strerror)) \
                from None
