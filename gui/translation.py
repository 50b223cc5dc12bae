"""The interface's language at run time: texts set again when it changes, and Qt's own translations.

A widget registers each fixed text once, as the setter and the English message (`texts.set(button.setText,
N_("Train"))`); `retranslate()` sets them all again in the current language. Texts that depend on the
app's state (a run's figures, a model's summary) are made again by their widget's own `retranslate`.
Qt's own words (the Save / Discard / Cancel buttons, the file dialogs) come from Qt's shipped catalogue
`qtbase_<lang>.qm`, loaded with a QTranslator, and then from Trazo's own small catalogue for the words Qt's
leaves out or says as Spain does ("fichero" for "archivo"), and for pyqtgraph's, which it looks up through
Qt's translator too (gui/plot_menus.py): resources/locale/es/qt_es_MX.ts, compiled with `pyside6-lrelease` to
the .qm beside it and installed after Qt's, so that it is asked first.
"""

from __future__ import annotations

import os
from typing import Callable

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from core.base.i18n import LANGUAGES, _, language_of_locale, set_language, system_language
from core.base.resources import LOCALE_FOLDER

QT_LOCALES = {"en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
              "es": QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico)}
QT_OVERRIDES = {"es": LOCALE_FOLDER / "es" / "qt_es_MX.qm"}   # Mexican words over Qt's own catalogue
_qt_translators: list[QTranslator] = []


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
    set_language(lang)
    QLocale.setDefault(QT_LOCALES[lang])
    application = QCoreApplication.instance()
    if application is None:
        return
    while _qt_translators:
        application.removeTranslator(_qt_translators.pop())
    if lang == "en":
        return
    catalogues = [(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    if lang in QT_OVERRIDES:
        catalogues.append((QT_OVERRIDES[lang].name, str(QT_OVERRIDES[lang].parent)))
    for name, folder in catalogues:    # the last installed is asked first
        translator = QTranslator()
        if translator.load(name, folder):
            application.installTranslator(translator)
            _qt_translators.append(translator)
