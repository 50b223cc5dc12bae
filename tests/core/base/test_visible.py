"""Text from files made visible: nothing in it can act on a terminal, everything in it still shows."""

import pytest

from core.base.visible import visible


@pytest.mark.parametrize("text, shown", [
    ("model\x1b[2J.npz", "model\\x1b[2J.npz"),               # ESC: would clear the screen
    ("\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),               # a window title, ended by BEL
    ("two\nlines\r", "two\\nlines\\r"),
    ("tab\there", "tab\\there"),
    ("del\x7f", "del\\x7f"),
    ("c1\x9bcsi", "c1\\x9bcsi"),                             # the 8-bit CSI some terminals obey
    ("abc\u202edcba.txt", "abc\\u202edcba.txt"),              # a right-to-left override
    ("line\u2028sep", "line\\u2028sep"),
    (b"\xff\xfe.npz".decode("utf-8", "surrogateescape"), "\\xff\\xfe.npz"),   # bytes that were not UTF-8
])
def test_controls_line_breaks_direction_marks_and_undecodable_bytes_are_escaped(text, shown):
    assert visible(text) == shown
    assert visible(text).isprintable()
    visible(text).encode("utf-8")   # printable on any UTF-8 terminal, no surrogate left


@pytest.mark.parametrize("text", ["modelo-señal.npz", "数字.txt", "C:\\Users\\ana\\m.npz", "emoji 👍🏽 ok", ""])
def test_ordinary_text_is_unchanged_backslashes_included(text):
    assert visible(text) == text


def test_showing_twice_changes_nothing_more():
    text = "a\x1bb\nc\udcff"
    assert visible(visible(text)) == visible(text)
