"""The generated report: HTML and Markdown from the shipped model, Spanish, and its errors."""

from __future__ import annotations

import dataclasses
import html
import inspect
import re
import string

import numpy as np
import pytest
from babel.messages.pofile import read_po

from core.services.comparison import RunRecord
from core.base.errors import DataError, ModelError, ReportError
from core.learning.evaluation import evaluate, format_rate
from core.learning.gradient_check import check_model, check_summary, check_table
from core.base.i18n import translator
from core.learning.settings import SETTINGS
from core.learning.textbook import adam_step, cross_entropy, gradients
from core.learning.training import History
from report.content import build_report, code_quotes
from report.render import render_html, render_markdown, write_html, write_markdown
from tools.catalogues import po_path


TEST_ROWS = (900, 1000)


@pytest.fixture(scope="module")
def model(shipped_model):
    return shipped_model


@pytest.fixture(scope="module")
def english(english_report):
    return english_report


@pytest.fixture(scope="module")
def spanish(spanish_report):
    return spanish_report


def without_code(markdown: str) -> str:
    return re.sub(r"```python\n.*?\n```", "", markdown, flags=re.S)


def test_html_is_one_file_with_no_external_references(english, model, dataset, tmp_path):
    path = tmp_path / "report.html"
    write_html(english, path)
    page = path.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"], "no temporary or image files are left"
    sources = re.findall(r'src="([^"]*)"', page)
    assert len(sources) >= 8, "figures and formulas are images"
    assert all(source.startswith("data:image/png;base64,") for source in sources)
    for external in ("http:", "https:", "<link", "url(", "@import", "href="):
        assert external not in page, f"the report refers to something outside it: {external}"
    expected = evaluate(model.network, *dataset.rows(TEST_ROWS))
    assert format_rate(expected) in page
    assert "<h2>Cost function</h2>" in page and "<h2>Weight update</h2>" in page


def test_html_shows_the_quoted_functions_verbatim(english, model):
    page = html.unescape(render_html(english))
    quoted = [function for _h, _i, functions in code_quotes(model.settings, translator("en")) for function in functions]
    assert {cross_entropy, gradients, adam_step} <= set(quoted), "the shipped model's cost, gradients and update"
    for function in quoted:
        for line in inspect.getsource(function).splitlines():
            assert line in page, f"{function.__name__}: {line}"


def test_markdown_writes_its_images_in_a_folder_named_after_it(english, tmp_path):
    path = tmp_path / "report.md"
    write_markdown(english, path)
    text = path.read_text(encoding="utf-8")
    referenced = re.findall(r'<img src="([^"]+)"', text)
    assert referenced and all((tmp_path / name).read_bytes().startswith(b"\x89PNG") for name in referenced)
    assert sorted(referenced) == sorted(f"report_files/{p.name}" for p in (tmp_path / "report_files").glob("*.png"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md", "report_files"], "nothing else beside it"
    assert "## Cost function" in text and "## Weight update" in text
    assert "```python\n" in text and inspect.getsource(cross_entropy).rstrip("\n") + "\n```" in text
    assert re.search(r"Recognition rate: \d+\.\d\d% \(\d+/100\)", text)


def test_report_has_every_part_the_assignment_asks_for(english):
    names = {image.name for image in english.images}
    assert {"samples", "architecture", "cost", "confusion", "formula-cost", "formula-gradients",
            "formula-update"} <= names
    markdown, _ = render_markdown(english, "report")
    for heading in ("The problem", "The method", "The results", "Comments", "The code",
                    "Misclassified digits", "Confusion matrix", "Cost per epoch"):
        assert heading in markdown


def english_fixed_fragments() -> list[str]:
    """Every stretch of English text between placeholders that Spanish says differently."""
    fragments = []
    with open(po_path("es"), "rb") as stream:
        pairs = [(message.id, message.string) for message in read_po(stream) if isinstance(message.id, str)]
    for english, spanish in pairs:
        if english == spanish:
            continue
        for literal, *_ in string.Formatter().parse(english):
            literal = literal.strip(" .,:;()\n")
            if len(literal) >= 8 and literal not in spanish:
                fragments.append(literal)
    return fragments


def test_spanish_report_has_no_english_fixed_sentences(spanish):
    markdown, _ = render_markdown(spanish, "reporte")
    prose = re.sub(r"[\w/\\]+\.py(::[\w\\]+)?", "", without_code(markdown))  # file and test names are not sentences
    found = [fragment for fragment in english_fixed_fragments() if fragment in prose]
    assert not found, f"English text in the Spanish report: {found[:5]}"
    assert "## Función de costo" in markdown and "## Actualización de los pesos" in markdown
    assert re.search(r"Tasa de reconocimiento: \d+\.\d\d% \(\d+/100\)", markdown)


def test_model_without_history_or_settings_is_an_error(model, dataset, interface_language):
    bare = dataclasses.replace(model, history=History())
    with pytest.raises(ModelError, match="bare.npz: the model has no training history"):
        build_report(bare, "bare.npz", dataset, TEST_ROWS, "es")   # said in the interface's language
    no_settings = dataclasses.replace(model, settings=None)
    with pytest.raises(ModelError, match="no training settings"):
        build_report(no_settings, "old.npz", dataset, TEST_ROWS, "en")
    interface_language("es")
    with pytest.raises(ModelError, match="no tiene historial"):
        build_report(bare, "bare.npz", dataset, TEST_ROWS, "en")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_settings_table_is_made_from_the_settings_declarations(english, spanish, model, lang):
    report = english if lang == "en" else spanish
    _ = translator(lang)
    table = dict(map(tuple, next(block for block in report.blocks if block.kind == "table").rows))
    for declared in SETTINGS:
        value = getattr(model.settings, declared.name)
        if declared.acted_in(model.settings):
            assert table[_(declared.label)] == declared.kind.describe(value, _), declared.name
        else:
            assert _(declared.label) not in table, f"{declared.name} does not apply to this model, or did nothing"


def test_rows_beyond_the_data_and_unknown_language_are_errors(model, dataset):
    with pytest.raises(DataError, match="rows 4990:5100"):
        build_report(model, "model.npz", dataset, (4990, 5100), "en")
    with pytest.raises(ReportError, match="language 'fr'"):
        build_report(model, "model.npz", dataset, TEST_ROWS, "fr")


def test_a_failed_write_leaves_no_file(english, tmp_path):
    missing = tmp_path / "no-such-folder" / "report.html"
    with pytest.raises(ReportError, match="does not exist"):
        write_html(english, missing)
    assert list(tmp_path.iterdir()) == []


def test_a_perfect_model_has_no_mistakes_figure(model, dataset):
    # One test row the model gets right.
    pixels, labels = dataset.rows(TEST_ROWS)
    right = np.flatnonzero(model.network.predict(pixels) == labels)
    start = 900 + int(right[0])
    end = start + 1
    report = build_report(model, "model.npz", dataset, (start, end), "en")
    assert "mistakes" not in {image.name for image in report.images}
    markdown, _ = render_markdown(report, "r")
    assert "no mistakes to show" in markdown and "Every test digit is recognised" in markdown


def test_a_model_trained_on_several_row_ranges_reports_them_all(model, dataset):
    settings = dataclasses.replace(model.settings, train_rows=((0, 300), (1000, 1200)))
    several = dataclasses.replace(model, settings=settings)
    markdown, _ = render_markdown(build_report(several, "m.npz", dataset, TEST_ROWS, "en"), "r")
    assert "Rows 0:300, 1000:1200 (500 digits) train the network" in markdown
    train = evaluate(model.network, *dataset.rows_in(((0, 300), (1000, 1200))))
    assert f"| training 0:300, 1000:1200 | {100 * train.rate:.2f}% ({train.correct}/500) |" in markdown
    assert "overlap" not in without_code(markdown).lower()
    overlapping = dataclasses.replace(model, settings=dataclasses.replace(settings, train_rows=((0, 300), (950, 1200))))
    markdown, _ = render_markdown(build_report(overlapping, "m.npz", dataset, TEST_ROWS, "en"), "r")
    assert "Warning: the test rows overlap the training rows" in markdown
    prose = without_code(markdown)
    for claim in ("never used to change the weights", "carries over to digits it has never seen"):
        assert claim not in prose, "no sentence may claim that the test digits were unseen"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_gradients_section_shows_the_gradient_check(english, spanish, model, dataset, lang):
    report = english if lang == "en" else spanish
    _ = translator(lang)
    check = check_model(model, dataset)
    blocks = report.blocks
    heading = next(index for index, block in enumerate(blocks)
                   if getattr(block, "text", None) == _("Gradient check"))
    before = [block.text for block in blocks[:heading] if block.kind == "heading"]
    assert before[-1] == _("Gradients (back-propagation)"), "in the gradients section"
    table = blocks[heading + 2]
    assert table.kind == "table" and table.rows == check_table(check, _)
    assert [row[0] for row in table.rows[1:]] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert blocks[heading + 3].text == check_summary(check, _)
    markdown, _images = render_markdown(report, "r")
    assert f"| W1 | 256 × 784 | {table.rows[1][2]} | {table.rows[1][3]} | {table.rows[1][4]} |" in markdown


def test_the_runs_of_the_session_are_compared_only_when_asked(model, dataset, english):
    settings = dataclasses.replace(model.settings, epochs=2)
    history = History([1.0, 0.5], [1.1, 0.7], [0.8, 0.9], [0.1, 0.2])
    runs = (RunRecord(1, settings, history, 0.9, 3.0, False),
            RunRecord(2, dataclasses.replace(settings, optimizer="sgd", learning_rate=0.3), history, 0.85, 2.0, True))
    assert "runs" not in {image.name for image in english.images}, "not asked: no comparison"
    report = build_report(model, "model.npz", dataset, TEST_ROWS, "en", runs)
    assert "runs" in {image.name for image in report.images}
    table = report.blocks[-1]
    assert table.rows[0] == ["Setting", "Run 1", "Run 2"]
    marked = [table.rows[index][0] for index in table.marked]
    assert marked == ["Optimiser", "Learning rate"], "the differences, first"
    markdown, _images = render_markdown(report, "r")
    assert "| **Optimiser** | **Adam** | **gradient descent** |" in markdown
    assert "| Epochs | 2 | 2 |" in markdown and "| Test recognition rate | 90.00% | 85.00% |" in markdown
    page = render_html(report)
    assert '<tr class="marked"><td><b>Learning rate</b></td>' in page
    spanish, _images = render_markdown(build_report(model, "model.npz", dataset, TEST_ROWS, "es", runs), "r")
    assert "| Ajuste | Corrida 1 | Corrida 2 |" in spanish
