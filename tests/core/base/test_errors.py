"""Every error a user can read comes through the catalogue: in Spanish under es, with no English left.

Three checks, from the code to the screen: no raise site in core/, report/ or cli/ writes words outside
`_()` (so no message can skip the catalogue); every message of those folders has a Spanish translation
with no English word in it; and each error class, raised for real at its raise sites, reads in Spanish
(and names a setting by its label, never by its field's name).
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from babel.messages.pofile import read_po

from cli.arguments import build_parser
from core.base import errors
from core.base.files import open_regular_file, writable_target, write_atomically
from core.base.i18n import translations
from core.handwriting.paper import check_size
from core.learning.convolution_textbook import PADDINGS
from core.learning.data import Dataset, Progress, load_dataset, parse_row_range, parse_row_ranges
from core.learning.model_io import load_model
from core.learning.network import Network
from core.learning.optimizers import make_optimizer
from core.learning.settings import BY_NAME, SETTINGS, Choice, TrainingSettings, parse_setting
from core.learning.training import History, _diverged
from core.services.child_run import ended_message
from report.export import report_format, write_report
from report.images import read_image
from tests.core.hostile_models import HOSTILE, write_hostile
from tests.core.samples import MODEL_FILE, ROOT, good_row, write_rows
from tools.catalogues import po_path
from tools.visible_texts import ENGLISH, NAMES

SOURCES = [path for folder in ("core", "report", "cli") for path in sorted((ROOT / folder).rglob("*.py"))]
TRANSLATED_BY = {"_", "N_", "ngettext"}
# Words of English that messages use and Spanish does not share, beyond those of the visible texts' check.
MESSAGE_WORDS = set("""
expected value values line lines empty label labels pixel pixels cannot must need needs folder such number
numbers member members archive there here has have too long large write writable protected denied permission
disk full name requested found unknown missing entry truncated damaged valid supported nests deeper levels holds
object whole overlap but one two three above below at most least neither included means first last kind named
pipe device special operation permitted busy quota used reached links character null header
""".split())
WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
# What a user types as it is in either language: the choices of the settings (--optimizer momentum), a
# convolution's padding (conv:16:3:same) and the command line's commands (python main.py test).
COMMANDS = next(action for action in build_parser()._actions if isinstance(action, argparse._SubParsersAction))
CHOICES = {option for declared in SETTINGS if isinstance(declared.kind, Choice) for option in declared.kind.options}
TYPED_WORDS = CHOICES | set(PADDINGS) | set(COMMANDS.choices)


def english_left(message: str) -> list[str]:
    """English words of `message`, leaving out file names, quoted values, placeholders, field names (train_cost,
    metadata.settings) and the JSON and Python constants."""
    message = NAMES.sub(" ", message)
    message = re.sub(r"'[^']*'|\"[^\"]*\"|\{[^}]*\}|%\(\w+\)\w|\b\w+([._-]\w+)+\b"   # values, fields, one-hot
                     r"|\b(True|False|None|true|false|null)\b", " ", message)
    return [word for word in WORD.findall(message)
            if word.lower() in ENGLISH | MESSAGE_WORDS and word not in TYPED_WORDS]


def test_the_english_check_finds_english():
    assert english_left("rows 'x': expected START:END") == ["rows", "expected"]
    assert english_left("/tmp/a.txt, línea 1: 3 valores, se esperan 785") == []


# --- 1. the code: no words outside the catalogue at any raise site ------------------------------------

def is_error(call: ast.Call) -> bool:
    """A call that makes an exception: a class named ...Error or Cancelled, or a function's `error` class."""
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    return name.endswith("Error") or name in ("error", "Cancelled")


def untranslated_words(node: ast.AST) -> list[str]:
    """String literals with words in `node`, outside `_()`, `N_()` and `ngettext()` calls."""
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in TRANSLATED_BY:
            return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if re.search(r"[A-Za-z]{2}", node.value) else []
    return [text for child in ast.iter_child_nodes(node) for text in untranslated_words(child)]


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_no_error_is_made_with_words_outside_the_catalogue(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [(node.lineno, text) for node in ast.walk(tree)
             if isinstance(node, ast.Call) and is_error(node) and node.args
             for text in untranslated_words(node.args[0])]
    assert found == [], f"{path.name}: messages not in the catalogue: {found}"


def test_the_raise_site_check_finds_an_english_message():
    bad = ast.parse('raise DataError(f"{path}: the file is empty")').body[0]
    good = ast.parse('raise DataError(_("{path}: the file is empty").format(path=path))').body[0]
    assert untranslated_words(bad.exc.args[0]) == [": the file is empty"] and untranslated_words(good.exc.args[0]) == []


# --- 2. the catalogue: every message of core/, report/ and cli/ reads in Spanish ----------------------

def spanish_messages() -> list[tuple[str, str]]:
    with open(po_path("es"), "rb") as stream:
        catalogue = read_po(stream, locale="es")
    found = []
    for message in catalogue:
        if message.id and any(place.split("/")[0] in ("core", "report", "cli") for place, _line in message.locations):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            found += list(zip(ids, strings, strict=False))   # Spanish may have more plural forms
    return found


def test_every_message_of_core_report_and_the_command_line_is_spanish():
    messages = spanish_messages()
    assert len(messages) > 300
    untranslated = [(english, spanish) for english, spanish in messages if not spanish]
    english = [(spanish, words) for _english, spanish in messages if (words := english_left(spanish))]
    assert untranslated == [] and english == []


# --- 3. the errors, raised at their raise sites, in Spanish ------------------------------------------

def data_file(folder: Path, rows: list[list[str]]) -> Path:
    return write_rows(folder / "d.txt", rows)


def empty_file(folder: Path) -> Path:
    path = folder / "empty.png"
    path.touch()
    return path


def row_with(position: int, value: str) -> list[str]:
    row = good_row()
    row[position] = value
    return row


def bad_zip(folder: Path) -> Path:
    path = folder / "cut.npz"
    path.write_bytes(MODEL_FILE.read_bytes()[:4000])
    return path


def npz_of(folder: Path, **members: bytes) -> Path:
    path = folder / "m.npz"
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def protected(folder: Path) -> Path:
    path = folder / "kept.md"
    path.write_text("notes")
    path.chmod(0o444)
    return path


# Each: (how it is raised, words of its Spanish message). Every error class is here, and every raise site
# that a user's file, setting or path can reach.
RAISES = {
    "data: too few values": (lambda f: load_dataset(data_file(f, [["1", "2", "3"]])),
                             "línea 1: 3 valores, se esperan 785"),
    "data: one value": (lambda f: load_dataset(data_file(f, [["1"]])), "línea 1: 1 valor, se esperan 785"),
    "data: blank line": (lambda f: load_dataset(data_file(f, [good_row(), [""], good_row()])), "en blanco"),
    "data: empty value": (lambda f: load_dataset(data_file(f, [row_with(3, "")])), "el valor 4 está vacío"),
    "data: nan": (lambda f: load_dataset(data_file(f, [row_with(3, "nan")])), "números finitos"),
    "data: not a number": (lambda f: load_dataset(data_file(f, [row_with(3, "0x10")])), "que no es un número"),
    "data: pixel too big": (lambda f: load_dataset(data_file(f, [row_with(3, "256")])), "fuera de 0-255"),
    "data: label 11": (lambda f: load_dataset(data_file(f, [row_with(784, "11")])), "la etiqueta es 11"),
    "data: empty file": (lambda f: load_dataset(data_file(f, [])), "el archivo está vacío"),
    "data: long line": (lambda f: load_dataset(data_file(f, [["1" * 70_000]])), "más larga que 64 KiB"),
    "data: missing": (lambda f: load_dataset(f / "none.txt"), "el archivo no existe"),
    "data: a folder": (lambda f: load_dataset(f), "es una carpeta, no un archivo de datos"),
    "data: bad gzip": (lambda f: load_dataset(data_file(f, [good_row()]).rename(f / "d.txt.gz")),
                       "los datos comprimidos están dañados"),
    "data: rows beyond the file": (lambda f: Dataset(np.zeros((5, 784)), np.zeros(5), "d.txt").rows((0, 9)),
                                   "pero el archivo solo tiene 5 filas"),
    "rows: not START:END": (lambda f: parse_row_range("ten"), "se espera INICIO:FIN"),
    "rows: backwards": (lambda f: parse_row_range("9:3"), "se necesita 0 <= INICIO < FIN"),
    "rows: empty part": (lambda f: parse_row_ranges("0:9,"), "o varios separados por comas"),
    "rows: overlapping": (lambda f: parse_row_ranges("0:9, 5:12"), "0:9 y 5:12 se solapan"),
    "setting: typed epochs": (lambda f: parse_setting(BY_NAME["epochs"], "1000000"),
                              "Épocas = 1000000: se espera un número entero de 1 a 100000"),
    "setting: typed rate": (lambda f: parse_setting(BY_NAME["learning_rate"], "1.000,5"),
                            "Tasa de aprendizaje = 1.000,5: se espera un número mayor que 0"),
    "setting: typed rows": (lambda f: parse_setting(BY_NAME["test_rows"], "9:3"), "Filas de prueba = 9:3"),
    "setting: validated": (lambda f: TrainingSettings(batch_size=-1).validate(), "Tamaño del minilote = -1"),
    "setting: unknown activation": (lambda f: Network.create([784, 3, 10], activation="swish"),
                                    "Activación 'swish': se espera una de estas opciones"),
    "setting: unknown initialisation": (lambda f: Network.create([784, 3, 10], initialisation="lecun"),
                                        "Inicialización 'lecun'"),
    "setting: unknown optimiser": (lambda f: make_optimizer("rmsprop", [], 0.1, 0.9, 0.0), "Optimizador 'rmsprop'"),
    "model: missing": (lambda f: load_model(f / "none.npz"), "el archivo no existe"),
    "model: not a zip": (lambda f: load_model(data_file(f, [good_row()]).rename(f / "d.npz")),
                         "no es un archivo de modelo"),
    "model: truncated": (lambda f: load_model(bad_zip(f)), "o está truncado (el archivo comprimido está dañado"),
    "model: metadata not UTF-8": (lambda f: load_model(npz_of(f, **{"metadata.npy": _npy(b"\xff\xfe")})),
                                  "los metadatos no son texto UTF-8 (byte 0)"),
    "model: metadata not JSON": (lambda f: load_model(npz_of(f, **{"metadata.npy": _npy(b"{oops")})),
                                 "los metadatos no son JSON válido (línea 1, columna 2)"),
    "model: member not an array": (lambda f: load_model(write_hostile(f, "a member whose bytes are not an array")),
                                   "no es un arreglo de NumPy (no se puede leer su encabezado)"),
    "model: a setting of the wrong type": (lambda f: load_model(write_hostile(f, "a setting of the wrong type")),
                                           "metadata.settings.epochs = 'many': se espera"),
    "model: every hostile file": (lambda f: [_raises_model_error(write_hostile(f, name)) for name in HOSTILE]
                                  and load_model(write_hostile(f, "text weights")), "es <U1"),
    "files: folder missing": (lambda f: writable_target(f / "no" / "x.md"), "la carpeta"),
    "files: write-protected": (lambda f: writable_target(protected(f)), "está protegido contra escritura"),
    "files: cannot open": (lambda f: open_regular_file(f / "a\0b", errors.DataError, "x"),
                           "el nombre contiene un carácter nulo"),
    "files: cannot write": (lambda f: write_atomically(f / "x", _fail_with_full_disk), "el disco está lleno"),
    "report: format": (lambda f: report_format(f / "r.docx"), "no corresponde a ningún formato de informe"),
    "report: language": (lambda f: write_report(load_model(MODEL_FILE), "m.npz", None, (0, 1), "de", f / "r.md"),
                         "idioma 'de'"),
    "report: no history": (lambda f: write_report(dataclasses.replace(load_model(MODEL_FILE), history=History()),
                                                  "m.npz", None, (0, 1), "en", f / "r.md"), "no tiene historial"),
    "training: diverged": (lambda f: _diverged(SimpleNamespace(settings=TrainingSettings()), None, 2, 0.0),
                           "el entrenamiento divergió en la época 3"),
    "loading: cancelled": (lambda f: Progress(should_stop=lambda: True)(0.5), "se canceló"),
    "image: not an image": (lambda f: read_image(data_file(f, [good_row()])), "no es una imagen que Trazo pueda leer"),
    "image: empty file": (lambda f: read_image(empty_file(f)), "el archivo está vacío"),
    "image: a folder": (lambda f: read_image(f), "un archivo de imagen"),
    "image: too many pixels": (lambda f: check_size(30_000, 30_000, "foto.jpg"), "la imagen mide 30000x30000 píxeles"),
}
# The class each kind of raise site raises (a file's own errors are the caller's class, TrazoError by default).
CLASSES = {"data": errors.DataError, "rows": errors.DataError, "setting": errors.SettingsError,
           "model": errors.ModelError, "files": errors.TrazoError, "report": (errors.ReportError, errors.ModelError),
           "training": errors.TrainingError, "loading": errors.Cancelled, "image": errors.ImageError}


def _npy(raw: bytes) -> bytes:
    import io

    buffer = io.BytesIO()
    np.save(buffer, np.frombuffer(raw, dtype=np.uint8))
    return buffer.getvalue()


def _raises_model_error(path: Path) -> None:
    with pytest.raises(errors.ModelError) as raised:
        load_model(path)
    assert english_left(str(raised.value)) == [], str(raised.value)


def _fail_with_full_disk(stream) -> None:
    import errno

    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("name", list(RAISES))
def test_each_error_reads_in_spanish_with_no_english_left(tmp_path, interface_language, name):
    interface_language("es")
    raise_it, spanish = RAISES[name]
    with pytest.raises(CLASSES[name.split(":")[0]]) as raised:
        raise_it(tmp_path)
    message = str(raised.value)
    assert spanish in message
    assert english_left(message) == [], message


def test_every_error_class_is_raised_above():
    classes = {cls for kind in CLASSES.values() for cls in (kind if isinstance(kind, tuple) else (kind,))}
    assert classes == {errors.TrazoError, *errors.TrazoError.__subclasses__()}
    assert {name.split(":")[0] for name in RAISES} == set(CLASSES)


@pytest.mark.parametrize("declared", SETTINGS, ids=lambda declared: declared.name)
def test_a_setting_out_of_range_is_named_by_its_label_in_both_languages(interface_language, declared):
    wrong = TrainingSettings()
    object.__setattr__(wrong, declared.name, "many")    # as a stored file could hold it
    for lang in ("en", "es"):
        interface_language(lang)
        with pytest.raises(errors.SettingsError) as raised:
            wrong.validate()
        label = translations(lang).gettext(declared.label)
        assert str(raised.value).startswith(f"{label} = "), str(raised.value)
        assert raised.value.setting == declared.name
        if lang == "es":
            assert english_left(str(raised.value)) == []


def test_the_message_of_a_training_process_that_died_is_spanish(interface_language):
    interface_language("es")
    message = ended_message(-9)
    assert "SIGKILL" in message and english_left(message) == [], message
