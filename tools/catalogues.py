"""Refresh the translation catalogues with Babel: extract, update, compile; or check them.

    python tools/catalogues.py           # resources/locale/trazo.pot from the code, then each
                                         # <lang>/LC_MESSAGES/trazo.po updated and compiled to trazo.mo
    python tools/catalogues.py --check   # exit 1 when a catalogue is stale, incomplete or not compiled

The code's messages are every `_()`, `N_()` and `ngettext()` in core/, report/, cli/, gui/, trazo/ and
main.py, in English. A message the code no longer has is dropped from the .po; a new one is added
untranslated, and --check fails until it is translated. Babel is a development dependency
(requirements-dev.txt); the app reads the compiled .mo files with Python's own gettext.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))     # run as python tools/catalogues.py

from core.base.i18n import DOMAIN, LANGUAGES, SOURCE_LANGUAGE
from core.base.resources import LOCALE_FOLDER

ROOT = Path(__file__).resolve().parents[1]

SOURCES = ("core", "report", "cli", "gui", "trazo", "main.py")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
COMMENT_TAGS = ["TRANSLATORS:"]
TEMPLATE = LOCALE_FOLDER / f"{DOMAIN}.pot"
# The header's dates are pinned, so that a refresh changes the files only where a message changed.
PINNED_DATE = datetime(2026, 11, 28, tzinfo=timezone.utc)
HEADER = {"project": "Trazo", "copyright_holder": "Trazo", "msgid_bugs_address": "", "charset": "utf-8",
          "creation_date": PINNED_DATE, "revision_date": PINNED_DATE}


def extract() -> Catalog:
    """Every message of the code, with where it is used and its translators' comments."""
    catalog = Catalog(**HEADER, fuzzy=False)
    for source in SOURCES:
        path = ROOT / source
        if path.is_dir():
            found = extract_from_dir(path, method_map=[("**.py", "python")], keywords=KEYWORDS,
                                     comment_tags=COMMENT_TAGS, strip_comment_tags=True)
            found = ((f"{source}/{file}", line, message, comments, context)
                     for file, line, message, comments, context in found)
        else:
            from babel.messages.extract import extract as extract_file

            with open(path, "rb") as stream:
                found = [(source, line, message, comments, context) for line, message, comments, context in
                         extract_file("python", stream, KEYWORDS, COMMENT_TAGS, strip_comment_tags=True)]
        for file, line, message, comments, context in found:
            catalog.add(message, None, [(file, line)], auto_comments=comments, context=context)
    return catalog


def po_path(lang: str) -> Path:
    return LOCALE_FOLDER / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def serialise_po(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False, no_location=False,
             ignore_obsolete=True)
    return buffer.getvalue()


def serialise_mo(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def updated(template: Catalog, lang: str) -> Catalog:
    """The language's catalogue with the template's messages: translations kept, new ones empty."""
    path = po_path(lang)
    if path.exists():
        with open(path, "rb") as stream:
            catalog = read_po(stream, locale=lang)
    else:
        catalog = Catalog(locale=lang, **HEADER)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.revision_date = catalog.creation_date = PINNED_DATE
    catalog.fuzzy = False
    return catalog


def problems() -> list[str]:
    """What --check finds wrong: stale files, missing or fuzzy translations, stale .mo files."""
    found = []
    template = extract()
    if not TEMPLATE.exists() or _messages(TEMPLATE) != {message.id for message in template if message.id}:
        found.append(f"{TEMPLATE.relative_to(ROOT)} is not what the code says; run python tools/catalogues.py")
    for lang in LANGUAGES:
        if lang == SOURCE_LANGUAGE:
            continue
        path = po_path(lang)
        if not path.exists():
            found.append(f"{path.relative_to(ROOT)} is missing")
            continue
        with open(path, "rb") as stream:
            catalog = read_po(stream, locale=lang)
        ids = {message.id for message in catalog if message.id}
        for message in template:
            if message.id and message.id not in ids:
                found.append(f"{lang}: not in the catalogue: {_short(message.id)}")
        for message in catalog:
            if not message.id:
                continue
            if message.fuzzy:
                found.append(f"{lang}: marked fuzzy: {_short(message.id)}")
            if not message.string or (isinstance(message.string, tuple) and not all(message.string)):
                found.append(f"{lang}: no translation: {_short(message.id)}")
        mo = path.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != serialise_mo(catalog):
            found.append(f"{mo.relative_to(ROOT)} is not compiled from its .po; run python tools/catalogues.py")
    return found


def _messages(path: Path) -> set:
    with open(path, "rb") as stream:
        return {message.id for message in read_po(stream) if message.id}


def _short(message) -> str:
    text = message if isinstance(message, str) else message[0]
    return repr(text if len(text) < 70 else text[:67] + "...")


def refresh() -> None:
    template = extract()
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    TEMPLATE.write_bytes(serialise_po(template))
    for lang in LANGUAGES:
        if lang == SOURCE_LANGUAGE:
            continue
        catalog = updated(template, lang)
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(serialise_po(catalog))
        path.with_suffix(".mo").write_bytes(serialise_mo(catalog))
        missing = sum(1 for message in catalog if message.id and not message.string)
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {missing} without a translation")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="check only; exit 1 when something is wrong")
    args = parser.parse_args(argv)
    if args.check:
        found = problems()
        for problem in found:
            print(problem)
        return 1 if found else 0
    refresh()
    return 0


if __name__ == "__main__":
    sys.exit(main())
