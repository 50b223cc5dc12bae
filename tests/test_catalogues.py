"""The translation catalogues: complete, compiled, and in step with the code."""

import string

from babel.messages.pofile import read_po

from core.base.i18n import LANGUAGES, language_of_locale, system_language, translations
from tools.catalogues import po_path, problems


def test_catalogues_are_complete_compiled_and_up_to_date():
    assert problems() == [], "run python tools/catalogues.py, then translate what it reports"


def test_every_translation_keeps_the_placeholders_of_its_message():
    with open(po_path("es"), "rb") as stream:
        for message in read_po(stream):
            if not message.id:
                continue
            originals = message.id if isinstance(message.id, tuple) else (message.id,)
            translations = message.string if isinstance(message.string, tuple) else (message.string,)
            fields = {name for text in originals for _, name, _, _ in string.Formatter().parse(text) if name}
            for translation in translations:
                assert fields == {name for _, name, _, _ in string.Formatter().parse(translation) if name}, \
                    message.id


def test_spanish_is_read_from_the_compiled_catalogue():
    assert translations("es").gettext("Hidden layers") == "Capas ocultas"
    assert translations("en").gettext("Hidden layers") == "Hidden layers"
    assert set(LANGUAGES) == {"en", "es"}


def test_the_language_follows_the_locale_spanish_for_any_es_and_english_otherwise():
    for name in ("es_MX.UTF-8", "es_ES.UTF-8", "es", "es-AR", "Spanish_Mexico"):
        assert language_of_locale(name) == "es", name
    for name in ("C.UTF-8", "C", "en_GB.UTF-8", "de_DE.UTF-8", "", None, "POSIX"):
        assert language_of_locale(name) == "en", name
    assert system_language({"LANG": "es_MX.UTF-8"}) == "es"
    assert system_language({"LC_ALL": "de_DE.UTF-8", "LANG": "es_MX.UTF-8"}) == "en"
    assert system_language({"LANGUAGE": "es:en", "LANG": "C.UTF-8"}) == "es"
    assert system_language({}) == "en"
