"""The user's own files: their labelled digits and the reader taught on them, in the app's data folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

COLLECTION_NAME = "my-digits.txt"
TAUGHT_READER_NAME = "taught-reader.npz"


def user_folder() -> Path:
    """QStandardPaths' AppDataLocation for Trazo (~/.local/share/Trazo/Trazo on Linux), made if missing."""
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def collection_file() -> Path:
    return user_folder() / COLLECTION_NAME


def taught_reader_file() -> Path:
    return user_folder() / TAUGHT_READER_NAME
