"""Text that came from a file or a file name, made safe to show: nothing in it acts, everything in it shows.

A model file passes from student to student, and a file name can hold any character but `/`. Shown
raw, an ESC or BEL would clear or retitle a terminal, a newline would start a line of its own, a
direction override would reorder what follows, and a byte that is not UTF-8 (which Python keeps as a
lone surrogate) cannot even be printed. `visible` writes each such character as the escape a Python
string literal uses for it, so the text reads the same and does nothing.
"""

from __future__ import annotations

import unicodedata

NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Characters that reorder the text around them (the "Trojan Source" ones): shown, never obeyed.
DIRECTION_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
HIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})   # controls, lone surrogates, line and paragraph breaks


def visible(text: str) -> str:
    """`text` with every control character, line break, direction control and undecodable byte escaped:
    ESC -> '\\x1b', newline -> '\\n', U+202E -> '\\u202e', the byte 0xff of a file name -> '\\xff'.

    Backslashes are left as they are (Windows paths), so `visible(visible(text)) == visible(text)`."""
    if text.isprintable():
        return text
    return "".join(escape(character) if hidden(character) else character for character in text)


def hidden(character: str) -> bool:
    """Whether `character` would act (or fail to print) instead of showing."""
    return unicodedata.category(character) in HIDDEN_CATEGORIES or character in DIRECTION_CONTROLS


def escape(character: str) -> str:
    """The escape `visible` writes for a hidden character."""
    code = ord(character)
    if character in NAMED:
        return NAMED[character]
    if 0xDC80 <= code <= 0xDCFF:   # a byte that was not UTF-8, kept by the "surrogateescape" error handler
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
