"""The one way Trazo writes a file: whole or not at all, into the file's real place, keeping its mode.

A temporary file is written in the target's folder, flushed to disk, given the permission bits of the
file it replaces, then moved over it with `os.replace`. A symlink is followed, so the file it points
to is the one replaced. Folders, devices, pipes and sockets are refused, and so is a file whose
permission bits forbid writing it (as `cp` refuses it), whoever runs Trazo: `os.replace` would
otherwise swap a write-protected file for a new one without a word. The temporary file is removed
on any failure, Ctrl-C included, and temporaries left by a process that was killed are swept away on
the next write to the same folder.
"""

from __future__ import annotations

import errno
import itertools
import os
import secrets
import stat
import sys
import time
from datetime import date
from pathlib import Path
from typing import BinaryIO, Callable

from core.base.errors import TrazoError
from core.base.i18n import N_, _

TEMPORARY_SUFFIX = ".trazo-tmp"
STALE_AFTER_SECONDS = 3600  # where a process cannot be asked whether it lives (Windows)
WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
# The reasons an operating system gives most often, in the user's language (its own strerror is English).
OS_REASONS = {number: reason for name, reason in (
    ("ENOENT", N_("no such file or folder")), ("EACCES", N_("permission denied")),
    ("EPERM", N_("the operation is not permitted")), ("EROFS", N_("the disk is read-only")),
    ("ENOSPC", N_("the disk is full")), ("EDQUOT", N_("the disk quota is used up")),
    ("EISDIR", N_("it is a folder")), ("ENOTDIR", N_("a part of the path is not a folder")),
    ("ENAMETOOLONG", N_("the name is too long")), ("ELOOP", N_("too many symbolic links")),
    ("EEXIST", N_("it already exists")), ("EIO", N_("the disk could not be read or written")),
    ("EFBIG", N_("the file is too large")), ("EMFILE", N_("too many files are open")),
    ("EBUSY", N_("the file is busy")), ("ETXTBSY", N_("the file is busy")),
    ("EINVAL", N_("the name or the operation is not valid")), ("EXDEV", N_("it is on another disk")),
    ("ENXIO", N_("there is no device behind it"))) if (number := getattr(errno, name, None)) is not None}


def os_reason(problem: BaseException) -> str:
    """Why an operating-system call failed, in the interface language when Trazo knows the reason."""
    number = getattr(problem, "errno", None)
    if number in OS_REASONS:
        return _(OS_REASONS[number])
    return getattr(problem, "strerror", None) or str(problem)


def write_atomically(path: str | Path, content: bytes | Callable[[BinaryIO], None],
                     error: type[TrazoError] = TrazoError) -> Path:
    """Write `content` (bytes, or a function that writes to a binary stream) to `path`; the path written.

    Every failure is an `error` whose message names the path and the reason.
    """
    target = writable_target(path, error)
    sweep_stale_temporaries(target.parent)
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
    temporary = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}"
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as problem:
        raise error(_("{path}: cannot write in the folder {folder} ({reason})").format(
            path=path, folder=target.parent, reason=os_reason(problem))) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(content, bytes):
                stream.write(content)
            else:
                content(stream)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as problem:
        temporary.unlink(missing_ok=True)
        raise error(_("{path}: cannot write the file ({reason})").format(
            path=path, reason=os_reason(problem))) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def writable_target(path: str | Path, error: type[TrazoError] = TrazoError) -> Path:
    """The real file `path` names (symlinks followed), or an `error` if it cannot be a file written whole:
    a missing folder, a folder, a device, a pipe or socket, or a write-protected file."""
    target = Path(os.path.realpath(path))
    if not target.parent.is_dir():
        raise error(_("{path}: the folder {folder} does not exist").format(path=path, folder=Path(path).parent))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as problem:
        raise error(_("{path}: cannot be reached ({reason})").format(path=path, reason=os_reason(problem))) from None
    if stat.S_ISDIR(mode):
        raise error(_("{path}: is a folder; give a file name").format(path=path))
    if not stat.S_ISREG(mode):
        raise error(_("{path}: is a device, a pipe or a socket, not a file; give a file name").format(path=path))
    if not mode & WRITE_BITS or not os.access(target, os.W_OK):  # the bits, for root, whom access() lets by
        raise error(_("{path}: the file is write-protected (read-only), so it is not replaced; choose another "
                      "name, or make the file writable first").format(path=path))
    return target


def open_regular_file(path: str | Path, error: type[TrazoError], what: str) -> BinaryIO:
    """`path` open for reading, or an `error` if it is missing or not a regular file; `what` names the
    file expected ("a data file"). A folder, named pipe, device or socket is refused before it is opened:
    opening a named pipe would wait for a writer forever."""
    try:
        _check_kind(path, os.stat(path), error, what)
        # Should a pipe take the file's place after the check, O_NONBLOCK makes opening it return at
        # once, and the check below refuses it. Reading a regular file ignores the flag.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise error(_("{path}: no such file").format(path=path)) from None
    except (OSError, ValueError) as problem:  # ValueError: a path with a null character
        raise error(_("{path}: cannot be opened ({reason})").format(
            path=path, reason=os_reason(problem) if isinstance(problem, OSError)
            else _("the name holds a null character"))) from None
    try:
        _check_kind(path, os.fstat(descriptor), error, what)
    except BaseException:
        os.close(descriptor)
        raise
    return open(descriptor, "rb")


FILE_KINDS = ((stat.S_ISDIR, N_("a folder")), (stat.S_ISFIFO, N_("a named pipe (FIFO)")),
              (stat.S_ISCHR, N_("a device")), (stat.S_ISBLK, N_("a device")), (stat.S_ISSOCK, N_("a socket")))


def _check_kind(path: str | Path, status: os.stat_result, error: type[TrazoError], what: str) -> None:
    if not stat.S_ISREG(status.st_mode):
        kind = next((name for is_kind, name in FILE_KINDS if is_kind(status.st_mode)), N_("a special file"))
        raise error(_("{path}: is {kind}, not {what}").format(path=path, kind=_(kind), what=what))


def own_file_problem(path: str | Path) -> str:
    """What `path` is when it is not a regular file of its own ('' when it is one, or is missing): a symbolic
    link (to anything), a folder, a pipe, a device or a socket. The app's own files must be regular files:
    it reads them without following a link, and never writes through one."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return ""
    except OSError as problem:
        return _("{path}: cannot be reached ({reason})").format(path=path, reason=problem.strerror)
    if stat.S_ISLNK(status.st_mode):
        return _("{path}: is a link to {target}, not a file of its own").format(path=path, target=os.readlink(path))
    if not stat.S_ISREG(status.st_mode):
        kind = next((name for is_kind, name in FILE_KINDS if is_kind(status.st_mode)), N_("a special file"))
        return _("{path}: is {kind}, not a file").format(path=path, kind=_(kind))
    return ""


def move_aside(path: str | Path, error: type[TrazoError] = TrazoError, day: date | None = None) -> Path:
    """Rename `path` (a file, link, folder or anything else, never followed) to `<name>.damaged-<day>` in its
    folder, `-2`, `-3`... added if that name is taken; the new path. Nothing in it changes."""
    path = Path(path)
    stem = f"{path.name}.damaged-{(day or date.today()).isoformat()}"
    aside = next(candidate for number in itertools.count(1)
                 if not os.path.lexists(candidate := path.with_name(stem if number == 1 else f"{stem}-{number}")))
    try:
        os.rename(path, aside)
    except OSError as problem:
        raise error(_("{path}: cannot be moved aside to {aside} ({reason})").format(
            path=path, aside=aside.name, reason=problem.strerror)) from None
    return aside


def sweep_stale_temporaries(folder: Path) -> None:
    """Remove temporaries of this writer left in `folder` by processes that no longer run."""
    try:
        candidates = [entry for entry in os.scandir(folder)
                      if entry.name.startswith(".") and entry.name.endswith(TEMPORARY_SUFFIX)]
    except OSError:
        return
    for entry in candidates:
        parts = entry.name[: -len(TEMPORARY_SUFFIX)].rsplit(".", 2)
        if len(parts) == 3 and parts[1].isdigit() and not _process_runs(int(parts[1]), entry):
            try:
                os.unlink(entry.path)
            except OSError:
                pass  # another writer's sweep got there first, or the folder is read-only


def _process_runs(pid: int, entry: os.DirEntry) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill would end the process there
        try:
            return time.time() - entry.stat().st_mtime < STALE_AFTER_SECONDS
        except OSError:
            return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it runs, as another user
    return True
