"""JSON text from a file the app keeps (its stored settings): parsed only once it is text of a sane size and
depth, so no content can exhaust Python's stack or memory; every refusal names where the text came from."""

from __future__ import annotations

import pytest

from core.base.errors import SettingsError
from core.base.i18n import set_language
from core.base.schema import json_depth, parse_json_text

WHERE = "the stored training settings"


@pytest.mark.parametrize("text, english, spanish", [
    ("[" * 10_000 + "]" * 10_000, "nests deeper than 8 levels", "se anida a más de 8 niveles"),
    ('{"a": "' + "x" * 70_000 + '"}', "70,009 characters of text, more than the 65,536 expected",
     "70,009 caracteres de texto, más de los 65,536 esperados"),
    ("{'epochs': 3}", "not valid JSON (Expecting property name enclosed in double quotes",
     "no es JSON válido (Expecting property name"),
    ('{"epochs": ' + "9" * 5000 + "}", "not valid JSON (Exceeds the limit", "no es JSON válido (Exceeds the limit"),
    (["a", "b"], "expected JSON text, found ['a', 'b']", "se esperaba texto JSON y se encontró ['a', 'b']"),
    (b"\xff\xfe", "expected JSON text, found b'\\xff\\xfe'", "se esperaba texto JSON y se encontró b'\\xff\\xfe'"),
])
def test_hostile_text_is_refused_before_it_is_parsed(text, english, spanish):
    for language, message in (("en", english), ("es", spanish)):
        set_language(language)
        try:
            with pytest.raises(SettingsError) as raised:
                parse_json_text(text, WHERE, SettingsError, max_characters=64 * 1024)
        finally:
            set_language("en")
        assert str(raised.value).startswith(WHERE + ": ") and message in str(raised.value)


def test_depth_skips_brackets_inside_strings():
    assert json_depth('{"a": ["[[[[", {"b": "}}"}]}') == 3
    assert parse_json_text('{"hidden": [64, 32]}', WHERE, SettingsError) == {"hidden": [64, 32]}
