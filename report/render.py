"""The report as HTML (one self-contained page) or Markdown (a file and a folder of its PNG images, named
after it: report.md and report_files/), by Jinja2 templates.

Any text can reach a report (a data file's name, a model file's name), so each format escapes it for
itself: HTML by Jinja2's autoescaping; Markdown by the filters below, which turn every character that
could start a construct into plain text, write line breaks and control characters as visible escapes
(so a name cannot break a table row or open a code block), and fence code with more backticks than it holds.
"""

from __future__ import annotations

import base64
import os
import re
import urllib.parse
from functools import cache
from pathlib import Path
from typing import Callable

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from core.base.errors import ReportError
from core.base.files import write_atomically
from core.base.i18n import _
from core.base.visible import visible
from report.content import Image, Report

MARKDOWN_SPECIAL = "\\`*_[]<>#~|&"    # backslash first: the escapes added after it stay single
# What still makes a line something other than a paragraph when it starts it, once markdown_escape has
# escaped the rest: a list item ("-", "+", "1." or "1)"), a thematic break or setext underline ("---",
# "==="); and four spaces make a code block.
BLOCK_START = re.compile(r"(?P<space>[ \t]*)(?P<mark>[-+=]|\d+(?=[.)]))?")


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("report", "templates"), autoescape=select_autoescape(["html.j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = markdown_escape
    env.filters["md_block"] = markdown_block
    env.filters["md_cell"] = markdown_escape
    env.filters["md_bold"] = lambda value: f"**{value}**" if value else value
    env.filters["md_fence"] = code_fence
    env.filters["md_src"] = lambda name: urllib.parse.quote(os.fsencode(name))
    env.filters["visible"] = visible
    return env


def style(name: str) -> str:
    """A style sheet of report/templates ('report.css' for HTML files, 'pdf.css' for Qt's PDF)."""
    return environment().loader.get_source(environment(), name)[0]


def data_uri(image: Image) -> str:
    return "data:image/png;base64," + base64.b64encode(image.png).decode("ascii")


def render_html(report: Report, image_source: Callable[[Image], str] = data_uri, css: str | None = None) -> str:
    """The whole report as one HTML page; `image_source(image)` gives each <img> its src."""
    template = environment().get_template("report.html.j2")
    return template.render(report=report, image_source=image_source,
                           style=style("report.css") if css is None else css)


def render_markdown(report: Report, image_folder: str) -> tuple[str, dict[str, bytes]]:
    """The report as Markdown and its images {file name: PNG}, to be written in `image_folder` beside it."""
    files = {f"{image.name}.png": image.png for image in report.images}
    return environment().get_template("report.md.j2").render(report=report, image_folder=image_folder), files


def images_folder(path: str | Path) -> Path:
    """Where a Markdown report's images go: report_files/ beside report.md."""
    path = Path(path)
    return path.with_name(f"{path.stem}_files")


def markdown_escape(value: str) -> str:
    """`value` as Markdown text that reads as it is, inside a line (a table cell, a heading, emphasis)."""
    value = visible(str(value))
    for character in MARKDOWN_SPECIAL:
        value = value.replace(character, "\\" + character)
    return value


def markdown_block(value: str) -> str:
    """`value` as the text of a paragraph or list item: escaped, and never read as the start of a block."""
    value = markdown_escape(value)
    start = BLOCK_START.match(value)
    space, mark = start.group("space"), start.group("mark") or ""
    rest = value[start.end():]
    space = "&#32;" * len(space.expandtabs(4))      # a space that cannot indent
    if mark.isdigit():
        return space + mark + "\\" + rest           # 1\. is not a numbered list
    return space + ("\\" + mark if mark else "") + rest


def code_fence(source: str) -> str:
    """A fence of more backticks than any run in `source` (at least three), so the code cannot close it."""
    longest = max((len(run) for run in re.findall(r"`+", source)), default=0)
    return "`" * max(3, longest + 1)


def write_html(report: Report, path: str | Path) -> Path:
    return write_atomically(path, render_html(report).encode("utf-8"), ReportError)


def check_images_folder(path: str | Path) -> None:
    """A ReportError when a file, not a folder, has the name of the report's images folder."""
    folder = images_folder(path)
    if folder.exists() and not folder.is_dir():
        raise ReportError(_("{folder}: a file has the name of the folder for the report's images; move it or "
                            "choose another report name").format(folder=visible(str(folder))))


def write_markdown(report: Report, path: str | Path) -> Path:
    """The .md file, and its PNG images in the folder images_folder(path) names; the .md file's path."""
    path = Path(path)
    folder = images_folder(path)
    markdown, files = render_markdown(report, folder.name)
    check_images_folder(path)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise ReportError(_("{folder}: the folder for the report's images cannot be made: {reason}").format(
            folder=visible(str(folder)), reason=error.strerror or error)) from None
    for name, png in files.items():
        write_atomically(folder / name, png, ReportError)
    return write_atomically(path, markdown.encode("utf-8"), ReportError)
