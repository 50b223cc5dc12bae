"""The report as HTML (one self-contained page) or Markdown (a file and its PNG images), by Jinja2 templates."""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path
from typing import Callable

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from core.errors import ReportError
from core.files import write_atomically
from report.content import Image, Report

MARKDOWN_SPECIAL = "\\`*_[]<>#"


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("report", "templates"), autoescape=select_autoescape(["html.j2"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = markdown_escape
    env.filters["md_cell"] = lambda value: markdown_escape(value).replace("|", "\\|")
    env.filters["md_bold"] = lambda value: f"**{value}**" if value else value
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


def render_markdown(report: Report, image_prefix: str) -> tuple[str, dict[str, bytes]]:
    """The report as Markdown and its images {file name: PNG}, to be written beside it."""
    files = {f"{image_prefix}-{image.name}.png": image.png for image in report.images}
    return environment().get_template("report.md.j2").render(report=report, image_prefix=image_prefix), files


def markdown_escape(value: str) -> str:
    for character in MARKDOWN_SPECIAL:
        value = value.replace(character, "\\" + character)
    return value


def write_html(report: Report, path: str | Path) -> Path:
    return write_atomically(path, render_html(report).encode("utf-8"), ReportError)


def write_markdown(report: Report, path: str | Path) -> Path:
    """The .md file and its PNG images beside it (named after the .md file)."""
    path = Path(path)
    markdown, files = render_markdown(report, path.stem)
    for name, png in files.items():
        write_atomically(path.with_name(name), png, ReportError)
    return write_atomically(path, markdown.encode("utf-8"), ReportError)
