"""The user's language: gettext catalogues in resources/locale, English source strings, Spanish translations.

Every string a user reads goes through `_()` (or `N_()` where it is only marked, to be translated where
it is shown). The interface language is one process-wide choice (`set_language`); a document in
another language, such as a report, takes its own `translations(lang)` instead of switching it.
Tools: `python tools/catalogues.py` extracts, updates and compiles the catalogues with Babel.
"""

from __future__ import annotations

import gettext
import locale
import os
from typing import Callable, Mapping

from core.base.resources import LOCALE_FOLDER

DOMAIN = "trazo"
LANGUAGES = ("en", "es")
LANGUAGE_NAMES = {"en": "English", "es": "Español"}   # each in its own language, as menus show them
SOURCE_LANGUAGE = "en"

_cache: dict[str, gettext.NullTranslations] = {}
_current = SOURCE_LANGUAGE


def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of `lang` (English is the source: no catalogue needed)."""
    if lang not in LANGUAGES:
        raise ValueError(unknown_language(lang))
    if lang not in _cache:
        _cache[lang] = (gettext.NullTranslations() if lang == SOURCE_LANGUAGE
                        else gettext.translation(DOMAIN, LOCALE_FOLDER, [lang]))
    return _cache[lang]


def unknown_language(lang: object) -> str:
    """The message for a language Trazo has no catalogue for."""
    return _("language {lang!r}: expected one of {choices}").format(lang=lang, choices=", ".join(LANGUAGES))


def set_language(lang: str) -> None:
    """Make `lang` the interface language of this process."""
    global _current
    translations(lang)
    _current = lang


def current_language() -> str:
    return _current


def _(message: str) -> str:
    """`message` in the interface language."""
    return translations(_current).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return translations(_current).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks `message` for the catalogue without translating it yet (it is translated where shown)."""
    return message


def translator(lang: str) -> Callable[[str], str]:
    """A `_` for one document in `lang`, whatever the interface language is."""
    return translations(lang).gettext


def language_of_locale(name: str | None) -> str:
    """'es_MX.UTF-8', 'es', 'Spanish_Mexico' (Windows) -> 'es'; anything else ('C', 'en_GB', 'de_DE') -> 'en'."""
    first = (name or "").split(".")[0].lower().replace("-", "_").split("_")[0]
    return "es" if first in ("es", "spanish") else "en"


def system_language(environment: Mapping[str, str] | None = None) -> str:
    """The language the system locale asks for, read as gettext does: LANGUAGE, LC_ALL, LC_MESSAGES, LANG."""
    variables = os.environ if environment is None else environment
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = variables.get(variable)
        if value:
            return language_of_locale(value.split(":")[0])
    if environment is os.environ:  # Windows sets none of them; its locale is read from the system
        return language_of_locale(locale.getlocale()[0])
    return SOURCE_LANGUAGE
