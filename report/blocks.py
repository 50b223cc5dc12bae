"""The blocks a report is made of (headings, paragraphs, notes, tables, images, code) and the report itself.

report/content.py fills them; report/render.py and report/pdf.py write them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    text: str
    level: int
    new_page: bool = False


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class Note:
    """A paragraph in a box, for what the reader must not miss."""

    kind: ClassVar[str] = "note"
    text: str


@dataclass(frozen=True)
class Items:
    kind: ClassVar[str] = "items"
    items: list[str]


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    rows: list[list[str]]
    header: bool = False
    marked: tuple[int, ...] = ()    # indices of rows shown in bold (differences, say)


@dataclass(frozen=True)
class Image:
    """A PNG and the width (CSS pixels) it is shown at; formulas are shown inline-sized."""

    kind: ClassVar[str] = "image"
    name: str
    png: bytes
    width: int
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class Code:
    kind: ClassVar[str] = "code"
    source: str
    language: str = "python"        # "console" for a command and what it prints


@dataclass
class Report:
    title: str
    subtitle: str
    lang: str
    blocks: list = field(default_factory=list)
    footer: str = ""        # every page's, beside its number: who wrote it and that Trazo generated it

    @property
    def images(self) -> list[Image]:
        return [block for block in self.blocks if isinstance(block, Image)]
