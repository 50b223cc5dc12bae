"""What the report teaches and whose it is: the author and Trazo's version on the first page, a validation
split instead of stopping on the test cost, the mean confidence of the wrong answers said plainly, and one
notation for the activation's derivative."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys

import pytest

from core.base.errors import ReportError
from core.base.i18n import set_language
from core.learning.model_io import load_model
from core.learning.training import History
from core.base.version import version
from report.content import MAX_AUTHOR, _derivative, build_report
from report.render import render_markdown

from tests.core.samples import MODEL_FILE, ROOT

TEST_ROWS = (900, 1000)
AUTHOR = "Ana López Núñez, A01234567"


@pytest.fixture(scope="module")
def model():
    return load_model(MODEL_FILE)


@pytest.fixture(scope="module")
def reports(model, dataset):
    """The shipped model's report by AUTHOR in each language."""
    return {lang: build_report(model, "model.npz", dataset, TEST_ROWS, lang, author=AUTHOR) for lang in ("en", "es")}


def first_page(report) -> str:
    """The Markdown up to the first heading, which starts page two."""
    markdown, _ = render_markdown(report, "r")
    return markdown.split("\n## ", 1)[0]


@pytest.mark.parametrize("lang, author_row, generated", [
    ("en", f"| Author | {AUTHOR} |", f"Generated with Trazo {version()}. Trazo, a program, wrote this report"),
    ("es", f"| Autor | {AUTHOR} |", f"Generado con Trazo {version()}. Trazo, un programa, escribió"),
])
def test_the_first_page_names_the_author_and_says_trazo_wrote_the_report(reports, lang, author_row, generated):
    report = reports[lang]
    page = first_page(report)
    assert author_row in page and f"Trazo {version()}" in page
    assert generated in page.replace("**", "")
    assert "section 5 is Trazo's, not the author's" in page or "sección 5 es de Trazo, no del autor" in page
    problem = next(block for block in report.blocks if block.kind == "heading")
    assert problem.new_page and report.blocks.index(problem) <= 3, "the problem starts on page two"
    assert report.footer.startswith(AUTHOR) and version() in report.footer


def test_without_an_author_the_first_page_says_so(model, dataset):
    page = first_page(build_report(model, "model.npz", dataset, TEST_ROWS, "en"))
    assert "| Author | not given |" in page


@pytest.mark.parametrize("author", ["Ana\nLópez", "Ana\x1b[31m", "x" * (MAX_AUTHOR + 1)])
def test_an_author_of_several_lines_control_characters_or_too_long_is_refused(model, dataset, author):
    with pytest.raises(ReportError, match="expected one line of at most 200 characters"):
        build_report(model, "model.npz", dataset, TEST_ROWS, "en", author=author)
    set_language("es")
    try:
        with pytest.raises(ReportError, match="se esperaba una línea de 200 caracteres como máximo"):
            build_report(model, "model.npz", dataset, TEST_ROWS, "es", author=author)
    finally:
        set_language("en")


def test_the_report_command_puts_the_author_on_the_first_page(tmp_path):
    out = tmp_path / "r.md"
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "report", "--rows", "900:920", "--out", str(out),
                             "--author", AUTHOR, "--lang", "es"], capture_output=True, text=True, timeout=300,
                            cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert f"| Autor | {AUTHOR} |" in out.read_text(encoding="utf-8").split("\n## ", 1)[0]
    refused = subprocess.run([sys.executable, str(ROOT / "main.py"), "report", "--out", str(tmp_path / "x.md"),
                              "--author", "a\tb\x07"], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert refused.returncode == 2 and "expected one line" in refused.stderr and not (tmp_path / "x.md").exists()


def overfitting(model):
    """The model with a history whose test cost is lowest at epoch 3 and rises after."""
    test_cost = [0.5, 0.3, 0.2, 0.25, 0.3, 0.35]
    history = History([0.6, 0.3, 0.15, 0.08, 0.04, 0.02], test_cost, [0.9] * 6, [1.0] * 6)
    return dataclasses.replace(model, history=history)


@pytest.mark.parametrize("lang, lowest, validation, not_said", [
    ("en", "The test cost is lowest at epoch 3 (0.200)", "set aside a validation split of the training rows (say a "
     "tenth of 0:900), train on the rest, stop where the validation cost is lowest, and test on the test rows once",
     "a reason to stop earlier"),
    ("es", "El costo de prueba es mínimo en la época 3 (0.200)", "aparte un conjunto de validación de las filas de "
     "entrenamiento (por ejemplo una décima parte de 0:900)", "un motivo para parar antes"),
])
def test_overfitting_is_taught_with_a_validation_split_not_the_test_rows(model, dataset, lang, lowest, validation,
                                                                         not_said):
    markdown, _ = render_markdown(build_report(overfitting(model), "model.npz", dataset, TEST_ROWS, lang), "r")
    prose = " ".join(markdown.split())
    assert lowest in prose and validation in prose and not_said not in prose


@pytest.mark.parametrize("lang, said, misread", [
    ("en", r"The mean confidence of its wrong answers \(the probability it gave the digit it chose\) is \d+%",
     "sure of its wrong answers"),
    ("es", r"La confianza media de sus respuestas erróneas \(la probabilidad que dio al dígito que eligió\) es del "
     r"\d+%", "está segura en un"),
])
def test_the_confidence_of_the_wrong_answers_cannot_be_read_as_a_fraction_of_them(reports, lang, said, misread):
    markdown, _ = render_markdown(reports[lang], "r")
    prose = " ".join(markdown.split())
    assert re.search(said, prose) and misread not in prose


def test_the_derivative_is_written_in_one_notation(reports):
    gradients = next(image for image in reports["en"].images if image.name == "formula-gradients").alt
    assert "g'(z^{[l-1]})" in gradients and "g'(z) = 1 \\ \\mathrm{if}\\ z > 0" in gradients
    for activation, derivative in (("sigmoid", "g'(z) = g(z)\\,(1 - g(z))"), ("tanh", "g'(z) = 1 - g(z)^2")):
        assert _derivative(activation, lambda text: text) == derivative, "g' of z, never written with a"
