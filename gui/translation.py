"""The interface's language at run time: texts set again when it changes, and Qt's own translations.

A widget registers each fixed text once, as the setter and the English message (`texts.set(button.setText,
N_("Train"))`); `retranslate()` sets them all again in the current language. Texts that depend on the
app's state (a run's figures, a model's summary) are made again by their widget's own `retranslate`.
Qt's own words (the Save / Discard / Cancel buttons, the file dialogs) come from Qt's shipped catalogue
`qtbase_<lang>.qm`, loaded with a QTranslator.
"""

from __future__ import annotations

import os
from typing import Callable

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from core.base.i18n import LANGUAGES, _, language_of_locale, set_language, system_language

QT_LOCALES = {"en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
              "es": QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico)}
_qt_translator: QTranslator | None = None


class Texts:
    """The fixed texts of one widget tree: each a setter and its message, set again on `retranslate()`."""

    def __init__(self):
        self._entries: list[tuple[Callable[[str], None], str, dict]] = []

    def set(self, setter: Callable[[str], None], message: str, **values) -> None:
        """Call `setter` with `message` (marked with N_) in the current language, now and on every change."""
        self._entries.append((setter, message, values))
        setter(_(message).format(**values) if values else _(message))

    def retranslate(self) -> None:
        for setter, message, values in self._entries:
            setter(_(message).format(**values) if values else _(message))


def initial_language(stored: str | None) -> str:
    """The language chosen in View > Language, else the system's: Spanish for es_*, English otherwise."""
    if stored in LANGUAGES:
        return stored
    if any(os.environ.get(name) for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")):
        return system_language()
    return language_of_locale(QLocale.system().name())   # Windows and macOS set none of the variables


def apply_language(lang: str) -> None:
    """Make `lang` the language of Trazo's texts and of Qt's own (its dialog buttons and file dialogs)."""
    global _qt_translator
    set_language(lang)
    QLocale.setDefault(QT_LOCALES[lang])
    application = QCoreApplication.instance()
    if application is None:
        return
    if _qt_translator is not None:
        application.removeTranslator(_qt_translator)
        _qt_translator = None
    if lang != "en":
        translator = QTranslator()
        if translator.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            application.installTranslator(translator)
            _qt_translator = translator
