"""The report's formats escape text from files: a data or model file's name is text in Markdown and HTML."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from core.learning.model_io import load_model
from report.content import Code, Paragraph, Report, build_report
from report.render import code_fence, markdown_block, markdown_escape, render_html, render_markdown

from tests.core.samples import MODEL_FILE

TEST_ROWS = (900, 1000)
# A name a careless or a malicious classmate could give a file: a newline and a code fence, a table
# pipe, HTML, an image that would make a viewer fetch something, emphasis, a link, an entity, a heading.
HOSTILE_NAME = 'digits\n~~~\n| x | y |\n<img src="/dev/zero"> *bold* [link](http://x) &lt; # h\n```.txt'
HOSTILE_MODEL = "1. model | <b>bold</b>\n---\n.npz"


@pytest.fixture(scope="module")
def hostile_report(dataset):
    model = load_model(MODEL_FILE)
    model = dataclasses.replace(model, provenance=dataclasses.replace(model.provenance, data_file=HOSTILE_NAME))
    return build_report(model, HOSTILE_MODEL, dataclasses.replace(dataset, name=HOSTILE_NAME), TEST_ROWS, "en")


def prose(markdown: str) -> str:
    """The Markdown without the code blocks, which hold Trazo's own source and the one-line test command."""
    return re.sub(r"^(```+)(python|console)\n.*?\n\1$", "", markdown, flags=re.S | re.M)


def test_a_hostile_file_name_stays_inside_its_table_cell(hostile_report):
    markdown, _images = render_markdown(hostile_report, "r")
    table = next(block for block in markdown.split("\n\n") if "| Data file |" in block).splitlines()
    assert table[1] == "|---|---|" and all(line.startswith("| ") and line.endswith(" |") for line in table[2:])
    cells = [len(re.findall(r"(?<!\\)\|", line)) for line in table]
    assert len(set(cells)) == 1 and cells[0] == 3, "every row has its two cells, no more"
    data_row = next(line for line in table if line.startswith("| Data file |"))
    assert "digits\\\\n\\~\\~\\~\\\\n\\| x \\| y \\|\\\\n\\<img" in data_row, "line breaks shown, pipes escaped"
    model_row = next(line for line in table if line.startswith("| Model file |"))
    assert "1. model \\| \\<b\\>bold\\</b\\>\\\\n---\\\\n.npz" in model_row


def test_no_line_of_the_markdown_opens_a_code_block_html_or_a_heading_from_the_name(hostile_report):
    markdown, _images = render_markdown(hostile_report, "r")
    lines = prose(markdown).splitlines()
    assert not [line for line in lines if re.match(r"\s*(~~~|```)", line)], "only Trazo's code is fenced"
    assert not [line for line in lines if re.search(r"(?<!\\)<img", line) and not line.startswith('<img src="r/')]
    assert "<b>" not in prose(markdown) and "\\[link\\](http://x)" in markdown, "brackets escaped: not a link"
    text = "\n".join(line for line in lines if not line.startswith("<img "))   # alt texts are HTML-escaped
    assert "&lt;" not in text.replace("\\&lt;", ""), "an entity stays the text it is"
    opened = re.findall(r"^(`{3,})(?:python|console)$", markdown, flags=re.M)
    assert opened == re.findall(r"^(`{3,})$", markdown, flags=re.M), "every fence closed by its own length"


def test_html_escapes_the_same_names(hostile_report):
    page = render_html(hostile_report)
    assert '<img src="/dev/zero">' not in page and "<b>bold</b>" not in page
    assert html.escape(HOSTILE_MODEL, quote=False) in page


@pytest.mark.parametrize("text, escaped", [
    ("a|b", "a\\|b"), ("<script>", "\\<script\\>"), ("*x* _y_ `z`", "\\*x\\* \\_y\\_ \\`z\\`"),
    ("[t](u)", "\\[t\\](u)"), ("&amp;", "\\&amp;"), ("~~~", "\\~\\~\\~"), ("a\nb", "a\\\\nb"),
    ("C:\\data\\m.npz", "C:\\\\data\\\\m.npz"), ("esc\x1b[2J", "esc\\\\x1b\\[2J"),
])
def test_markdown_text_escapes_every_construct(text, escaped):
    assert markdown_escape(text) == escaped


@pytest.mark.parametrize("text, block", [
    ("- item", "\\- item"), ("+ item", "\\+ item"), ("1. first", "1\\. first"), ("12) twelfth", "12\\) twelfth"),
    ("---", "\\---"), ("===", "\\==="), ("# heading", "\\# heading"), ("> quote", "\\> quote"),
    ("    code", "&#32;&#32;&#32;&#32;code"), ("The rate is 98%.", "The rate is 98%."),
    ("2026 was a year", "2026 was a year"),
])
def test_a_paragraph_never_starts_a_block(text, block):
    assert markdown_block(text) == block


@pytest.mark.parametrize("source, fence", [("x = 1", "```"), ("s = '```'", "````"), ("'`````'", "``````")])
def test_code_is_fenced_with_more_backticks_than_it_holds(source, fence):
    assert code_fence(source) == fence
    markdown, _images = render_markdown(Report("t", "s", "en", [Code(source), Paragraph("after")]), "r")
    assert f"{fence}python\n{source}\n{fence}\n\nafter" in markdown
