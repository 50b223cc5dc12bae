"""Trazo's version: the installed package's metadata, or pyproject.toml in a checkout."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import metadata
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


@cache
def version() -> str:
    """'1.0.0', the same string `trazo --version`, Help > About and the package metadata give."""
    if PYPROJECT.exists():  # a checkout: its pyproject.toml is the truth, installed or not
        with open(PYPROJECT, "rb") as stream:
            return tomllib.load(stream)["project"]["version"]
    try:
        return metadata.version("trazo")
    except metadata.PackageNotFoundError:
        return "unknown"
