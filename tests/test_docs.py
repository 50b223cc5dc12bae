"""What the READMEs link to is in the repository."""

from __future__ import annotations

import re

import pytest

from tests.core.samples import ROOT

DOCUMENTS = ["README.md", "README.es.md", *sorted(str(path.relative_to(ROOT)) for path in (ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")     # a Markdown link's target, without its anchor


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_file_a_document_links_to_exists(document):
    path = ROOT / document
    targets = [target for target in LINK.findall(path.read_text(encoding="utf-8"))
               if not re.match(r"[a-z]+:", target)]        # not http:, mailto:, ...
    assert targets, "the pattern finds the document's links"
    missing = [target for target in targets if not (path.parent / target).exists()]
    assert not missing, f"{document} links to files that are not there: {missing}"


def sections(document: str) -> list[str]:
    return re.findall(r"^## (.+)$", (ROOT / document).read_text(encoding="utf-8"), re.M)


def code_blocks(document: str) -> list[str]:
    """Each fenced block's commands, without comments or the names of the files a student picks."""
    text = (ROOT / document).read_text(encoding="utf-8")
    blocks = re.findall(r"^```\w*\n(.*?)^```", text, re.S | re.M)
    return [re.sub(r"\S+\.(npz|pdf)\b", "FILE", re.sub(r"\s+#.*", "", block)).strip() for block in blocks]


def test_readme_is_short_and_starts_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) < 150
    first_two = code_blocks("README.md")[:2]
    assert first_two[0].endswith("&& .venv/bin/python main.py")
    assert first_two[1].endswith("&& .venv/bin/python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert first_two[1].split("&& ")[-1] in ci, "CI runs README's command"


def test_the_spanish_readme_is_the_english_one_section_for_section():
    assert len(sections("README.es.md")) == len(sections("README.md"))
    assert code_blocks("README.es.md") == code_blocks("README.md"), "the same commands, in the same order"


def test_the_module_map_names_every_module_and_nothing_else():
    modules = {str(path.relative_to(ROOT)) for folder in ("core", "report", "cli", "gui", "trazo")
               for path in (ROOT / folder).rglob("*.py") if path.name != "__init__.py"}
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^- `([\w/]+\.py)`:", text, re.M))
    assert sorted(modules - listed) == [], "modules the map does not name"
    assert sorted(listed - modules) == [], "modules the map names that are not there"
