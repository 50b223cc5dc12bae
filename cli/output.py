"""What the command line prints about files: names made visible, commands quoted for a shell to read back.

A file name can hold bytes that are not UTF-8 (Python keeps them as lone surrogates) and characters a
terminal obeys (ESC, BEL); text inside a model file can hold them too. Every such text printed goes
through `core.base.visible.visible`, and the streams themselves replace what they cannot encode with
backslash escapes (`protect_streams`), so printing a name never ends a command with a traceback.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from core.base.visible import hidden, visible

SHELL_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\", "'": "\\'"}


def protect_streams() -> None:
    """stdout and stderr write what their encoding lacks as backslash escapes instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):   # not a text stream of io's (a test's stand-in)
            pass


def shown(path: str | Path) -> str:
    """A file name or path as it is printed: every character a terminal would act on made visible."""
    return visible(str(path))


def shell_word(text: str | Path) -> str:
    """`text` as one word a POSIX shell reads back exactly: as shlex.quote gives it, or as $'...' when it
    holds control characters or bytes that are not UTF-8 (which single quotes cannot carry visibly)."""
    text = str(text)
    if not any(hidden(character) for character in text):
        return shlex.quote(text)
    return "$'" + "".join(_shell_escape(character) for character in text) + "'"


def _shell_escape(character: str) -> str:
    if character in SHELL_NAMED:
        return SHELL_NAMED[character]
    if not hidden(character):
        return character
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:    # a byte that was not UTF-8: the byte itself
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


def shell_command(*words: str | Path) -> str:
    return " ".join(shell_word(word) for word in words)
