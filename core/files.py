"""Writing files atomically: a temporary file in the same folder, then `os.replace`."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable


def write_atomically(path: Path, write: Callable[[BinaryIO], None], error: type[Exception], what: str) -> None:
    """Call `write` on a temporary file, then move it to `path`: the file is whole or not there.

    Failures raise `error` with a message naming the path and `what` was being written.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as problem:
        raise error(f"{path}: cannot write there ({problem.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.chmod(temporary, 0o666 & ~_current_umask())  # mkstemp makes files private
        os.replace(temporary, path)
    except OSError as problem:
        Path(temporary).unlink(missing_ok=True)
        raise error(f"{path}: cannot write the {what} ({problem.strerror})") from None


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
