"""Trazo's version: the installed package's metadata, or pyproject.toml in a checkout."""

from __future__ import annotations

import re
from functools import cache
from importlib import metadata
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


@cache
def version() -> str:
    """The version, as `trazo --version`, Help > About and the package metadata give it."""
    if PYPROJECT.exists():  # a checkout: its pyproject.toml is the truth, installed or not
        found = re.search(r'^version = "([^"]+)"', PYPROJECT.read_text(encoding="utf-8"), re.M)
        if found:
            return found.group(1)
    try:
        return metadata.version("trazo")
    except metadata.PackageNotFoundError:
        return "unknown"
