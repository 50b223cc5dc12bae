"""The PDF report and the one entry point `write_report`, from the shipped model.

The PDF's text is read back with a small reader of Qt's own output (FlateDecode content streams, Type0
fonts with a ToUnicode map), so the check needs nothing beyond the pip requirements; where poppler's
`pdftotext` is installed it confirms the same text.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported

import dataclasses
import inspect
import re
import shutil
import subprocess
import sys
import zlib

import pytest

from core.base.errors import ModelError, ReportError
from core.base.version import version
from core.learning.data import load_dataset
from core.learning.model_io import load_model
from core.learning.textbook import cross_entropy
from core.learning.training import History
from report.export import write_report
from tests.core.samples import DATA_FILE, MODEL_FILE, ROOT

TEST_ROWS = (900, 1000)


@pytest.fixture(scope="module")
def model():
    return load_model(MODEL_FILE)


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA_FILE)


@pytest.fixture(scope="module")
def cli_rate_line():
    """The recognition rate line exactly as `python main.py test` prints it."""
    result = run("test")
    assert result.returncode == 0, result.stderr
    return next(line for line in result.stdout.splitlines() if line.startswith("Recognition rate:"))


def run(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def pdf_objects(data: bytes) -> dict[int, bytes]:
    return {int(number): body for number, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", data, re.S)}


def stream(body: bytes) -> bytes:
    match = re.search(rb"stream\r?\n(.*)endstream", body, re.S)
    content = match.group(1) if match else b""
    return zlib.decompressobj().decompress(content) if b"/FlateDecode" in body else content


def to_unicode(cmap: bytes) -> dict[int, str]:
    """Glyph id -> text from a ToUnicode CMap (bfchar entries and bfrange arrays or offsets)."""
    mapping = {}
    for section in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for glyph, code in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section):
            mapping[int(glyph, 16)] = bytes.fromhex(code.decode()).decode("utf-16-be")
    for section in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, last, target in re.findall(rb"<(\w+)>\s*<(\w+)>\s*(\[[^\]]*\]|<\w+>)", section):
            first, last = int(first, 16), int(last, 16)
            if target.startswith(b"["):
                codes = re.findall(rb"<(\w+)>", target)
                for offset, code in enumerate(codes):
                    mapping[first + offset] = bytes.fromhex(code.decode()).decode("utf-16-be")
            else:
                start = int(target[1:-1], 16)
                for glyph in range(first, last + 1):
                    mapping[glyph] = chr(start + glyph - first)
    return mapping


def pdf_text(path) -> str:
    """The text of every page, a line per change of baseline; the space glyph reads as a space."""
    return "\n".join(pdf_pages(path))


def pdf_pages(path) -> list[str]:
    """Each page's text, as pdf_text reads it."""
    data = path.read_bytes()
    objects = pdf_objects(data)
    fonts = {}
    for number, body in objects.items():
        match = re.search(rb"/Type\s*/Font\s*/Subtype\s*/Type0.*?/ToUnicode\s+(\d+) 0 R", body, re.S)
        if match:
            fonts[number] = to_unicode(stream(objects[int(match.group(1))]))
    names = {name: fonts[int(number)] for name, number in re.findall(rb"/(F\d+)\s+(\d+) 0 R", data)
             if int(number) in fonts}
    pages = []
    for body in objects.values():
        if re.search(rb"/Type\s*/Page\b(?!s)", body):
            contents = int(re.search(rb"/Contents\s+(\d+) 0 R", body).group(1))
            pages.append(page_text(stream(objects[contents]), names))
    return pages


def page_text(content: bytes, fonts: dict) -> str:
    text, font = [], {}
    tokens = re.finditer(rb"/(F\d+)\s+[\d.]+\s+Tf|(-?[\d.]+)\s+(-?[\d.]+)\s+Td|<([0-9A-Fa-f]*)>\s*Tj|BT", content)
    for token in tokens:
        if token.group(1):
            font = fonts.get(token.group(1), {})
        elif token.group(2) is not None:
            if float(token.group(3)) != 0:
                text.append("\n")
        elif token.group(4) is not None:
            glyphs = token.group(4)
            for index in range(0, len(glyphs), 4):
                text.append(font.get(int(glyphs[index:index + 4], 16), ""))
        else:
            text.append("\n")
    return re.sub(r"[ \t]+", " ", "".join(text).replace("\t", " "))


def page_count(path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", path.read_bytes()))


@pytest.fixture(scope="module")
def english_pdf(model, dataset, tmp_path_factory, qapp):
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    assert write_report(model, "model.npz", dataset, TEST_ROWS, "en", path) == path
    return path


def test_pdf_has_pages_the_rate_line_and_the_cost_function(english_pdf, cli_rate_line):
    assert english_pdf.read_bytes().startswith(b"%PDF-")
    assert page_count(english_pdf) >= 3
    text = pdf_text(english_pdf)
    lines = [line.strip() for line in text.splitlines()]
    assert cli_rate_line in lines, "the PDF's rate line is the one `python main.py test` prints"
    first_source_line = inspect.getsource(cross_entropy).splitlines()[0]
    assert first_source_line in lines
    assert "Cost function" in lines and "Weight update" in lines
    assert list(english_pdf.parent.iterdir()) == [english_pdf], "no temporary file is left"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_poppler_reads_the_same_text(english_pdf, cli_rate_line):
    text = subprocess.run(["pdftotext", "-layout", str(english_pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert cli_rate_line in text
    assert inspect.getsource(cross_entropy).splitlines()[0] in text


def test_spanish_pdf(model, dataset, tmp_path, qapp):
    path = write_report(model, "model.npz", dataset, TEST_ROWS, "es", tmp_path / "reporte.pdf")
    lines = [line.strip() for line in pdf_text(path).splitlines()]
    assert "Función de costo" in lines and "Actualización de los pesos" in lines
    assert any(re.fullmatch(r"Tasa de reconocimiento: \d+\.\d\d% \(\d+/100\)", line) for line in lines)


def test_the_first_page_names_the_author_and_trazos_version_and_every_footer_too(model, dataset, tmp_path, qapp):
    author = "Ana López, A01234567"
    path = write_report(model, "model.npz", dataset, TEST_ROWS, "es", tmp_path / "reporte.pdf", author=author)
    pages = [" ".join(page.split()) for page in pdf_pages(path)]
    assert f"Autor {author}" in pages[0] and f"Generado con Trazo {version()}." in pages[0]
    assert "1. El problema" not in pages[0] and "1. El problema" in pages[1]
    assert all(f"{author} · generado con Trazo {version()}" in page for page in pages)


def test_a_long_author_is_shortened_in_the_footer_but_whole_on_the_first_page(model, dataset, tmp_path, qapp):
    author = "Ana María de los Ángeles López Núñez y Fernández de Córdoba, A01234567, grupo 3, " * 2
    path = write_report(model, "model.npz", dataset, (900, 920), "en", tmp_path / "report.pdf", author=author)
    pages = pdf_pages(path)
    assert " ".join(author.split()) in " ".join(pages[0].split()), "whole in the title page's table"
    footers = [line for line in pages[1].splitlines() if "generated with Trazo" in line]
    assert len(footers) == 1 and "…" in footers[0] and footers[0].endswith(f"· generated with Trazo {version()}")
    assert re.search(r"page 2 of \d+", pages[1]), "the page number beside it"


@pytest.mark.parametrize("name, message", [
    ("report.docx", "the extension '.docx' names no report format; use .pdf, .html or .md"),
    ("report", "no extension names no report format"),
    ("missing-folder/report.pdf", "does not exist"),
])
def test_unknown_format_or_folder_is_a_clear_error(model, dataset, tmp_path, name, message):
    with pytest.raises(ReportError, match=re.escape(message)):
        write_report(model, "model.npz", dataset, TEST_ROWS, "en", tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_model_without_history_writes_no_pdf(model, dataset, tmp_path, qapp):
    bare = dataclasses.replace(model, history=History())
    with pytest.raises(ModelError, match="no training history"):
        write_report(bare, "bare.npz", dataset, TEST_ROWS, "en", tmp_path / "report.pdf")
    assert list(tmp_path.iterdir()) == []
